/** How `npm start`'s command line becomes playground options: kept apart from start.ts so a test can check it. */
import type { PlaygroundOptions } from './server';

function arg(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** Options for `npm start`: --port N (or PORT), --locale de_DE, --fast. `now` is the real time at start. */
export function startOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  now: number,
): PlaygroundOptions & { port: number; locale: string } {
  return {
    port: Number(arg(argv, 'port') ?? env.PORT ?? 8080),
    host: '127.0.0.1',
    demoConnections: true,
    locale: arg(argv, 'locale') ?? 'en_US',
    realTime: !argv.includes('--fast'),
    // "Now" is the real time; the clock panel's "Advance one hour" moves it on and fires the hourly trigger.
    startTime: now,
  };
}
