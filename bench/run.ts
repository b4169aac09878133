// `npm run bench`: runs every bench/*.bench.ts and writes BENCHMARKS.md with the machine and the date.
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { type Row } from './row';

async function main(): Promise<void> {
  const dir = __dirname;
  const only = process.argv[2];
  // Other jobs on the machine slow every time below; the load average says how busy it was.
  const loadAtStart = loadavg()[0];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
    .sort();
  const sections: string[] = [];
  for (const f of files) {
    const mod = (await import(join(dir, f))) as { bench: () => Row[] | Promise<Row[]> };
    process.stdout.write(`${f} … `);
    const rows = await mod.bench();
    console.log('done');
    for (const r of rows)
      console.log(`  ${r.name}: ${fmt(r.value)} ${r.unit}${r.target ? ` (target ${r.target})` : ''}`);
    sections.push(
      `### ${f.replace('.bench.ts', '')}\n\n| measure | result | target | notes |\n|---|---|---|---|\n` +
        rows.map((r) => `| ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.target ?? ''} | ${r.notes ?? ''} |`).join('\n'),
    );
  }
  const cpu = cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${platform()} ${release()}, Node ${process.version}`;
  const load = `Load average (1 min) at the start and the end of the run: ${loadAtStart.toFixed(1)} and ${loadavg()[0].toFixed(1)} on ${cpu.length} cores${loadAtStart > cpu.length / 2 ? ': other jobs shared the machine, so times are slower than on an idle one (counts are not affected)' : ''}.`;
  const doc =
    `# Benchmarks\n\nProduced by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.\n\nMachine: ${machine}. ${load}\n\n` +
    "Times are wall-clock medians unless noted; Apps Script calls are counted in the project's fakes (test/fakes), " +
    'HTTP goes to the local emulator over loopback. Real Apps Script is slower per service call; the call counts are what carries over.\n\n' +
    sections.join('\n\n') +
    '\n';
  if (!only) writeFileSync(join(dir, '..', 'BENCHMARKS.md'), doc);
  console.log(only ? '(partial run: BENCHMARKS.md not written)' : 'wrote BENCHMARKS.md');
}

function fmt(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(v < 10 ? 2 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
