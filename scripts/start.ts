/**
 * `npm start`: the add-on, locally, in a browser. Builds first (package.json), then starts the Adapty
 * emulator with a demo key already saved and serves the playground page: the real dist/Sidebar.html beside
 * a live view of the fake spreadsheet. Options: --port N (or PORT), --locale de_DE, --fast.
 */
import { startPlayground } from './playground/server';
import { startOptions } from './playground/startOptions';

async function main(): Promise<void> {
  const { port, ...rest } = startOptions(process.argv, process.env, Date.now());
  const common = {
    ...rest,
    log: (line: string) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${line}`),
  };
  let pg;
  try {
    pg = await startPlayground({ ...common, port });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    console.log(`Port ${port} is busy; using a free one.`);
    pg = await startPlayground({ ...common, port: 0 });
  }
  console.log('');
  console.log('Adapty for Google Sheets — local playground');
  console.log(`  Open ${pg.url}`);
  console.log(`  Adapty API emulator: ${pg.emulator.url} (spreadsheet locale ${common.locale})`);
  console.log(
    `  Connections: ${pg.emulator.apps.map((a) => a.name).join(', ')} (the first is the default; app=all for every app)`,
  );
  console.log('  Every sidebar call runs dist/Code.js in the Apps Script fakes. Ctrl+C stops.');
  console.log('');
  const stop = () => {
    void pg.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
