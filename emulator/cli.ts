/**
 * Starts the Adapty API emulator: `npx tsx emulator/cli.ts [--port 8787] [--host 127.0.0.1] [--fast]`.
 * Prints the base URL and the demo keys (fakes, safe to print), then serves until Ctrl+C.
 */
import { startEmulator } from './server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(
      'Usage: npx tsx emulator/cli.ts [--port 8787] [--host 127.0.0.1] [--fast] [--no-rate-limit] [--json]\n' +
        '  --fast           no simulated server latency (default: about 150 ms per answer, like the real API)\n' +
        '  --no-rate-limit  turn off the 2 requests/second/key limit\n' +
        '  --json           also print one line `EMULATOR_READY {json}` and exit when stdin closes (emulator/process.ts)',
    );
    return;
  }
  const port = Number(arg('port') ?? process.env.EMULATOR_PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0…65535, got ${arg('port')}`);
  const emu = await startEmulator({
    port,
    host: arg('host') ?? '127.0.0.1',
    realTime: !process.argv.includes('--fast'),
    rateLimitPerSecond: process.argv.includes('--no-rate-limit') ? 0 : undefined,
  });
  if (process.argv.includes('--json')) {
    // Machine-readable start-up line for emulator/process.ts; the child exits when its parent's pipe closes.
    console.log(
      `EMULATOR_READY ${JSON.stringify({ url: emu.url, port: emu.port, apps: emu.apps, demoKey: emu.demoKey })}`,
    );
    process.stdin.on('end', () => void emu.close().then(() => process.exit(0)));
    process.stdin.resume();
  }
  console.log(`Adapty API emulator listening on ${emu.url}`);
  console.log(`  base URL (ADAPTY_API_BASE_URL): ${emu.url}`);
  console.log(`  admin API: ${emu.url}/__emulator/  (faults, requests, reset; see emulator/README.md)`);
  console.log('  demo keys (fakes):');
  for (const a of emu.apps) console.log(`    ${a.key}  ${a.name}`);
  const stop = () => {
    void emu.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
