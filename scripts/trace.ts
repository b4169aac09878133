/**
 * `npm run trace`: maps a stack trace from Apps Script (the execution log, an error's `stack`) back to the
 * sources through build/Code.js.map, which the build writes beside dist/ (never pushed).
 *   npm run trace -- trace.txt        or        pbpaste | npm run trace
 * Frames name the pushed file `Code` (`at a (Code:212:4051)`, `Code.gs:…`, `Code.js:…`); each becomes
 * `at <original name> (src/…/file.ts:line:column)`. The map must come from the same build as the pushed code.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

const ROOT = join(__dirname, '..');
export const MAP_PATH = join(ROOT, 'build', 'Code.js.map');

export interface Built {
  map: TraceMap;
  /** dist/Code.js as pushed: where a minified function is declared tells its original name. */
  code: string;
}

/** The original name of the function the bundle calls `minified`, from where it is declared. */
function originalName(built: Built, minified: string): string | undefined {
  const esc = minified.replace(/[$]/g, '\\$');
  const decl = new RegExp(
    `(?:function\\s+(${esc})\\s*\\(|[^\\w$.](${esc})\\s*=\\s*(?:function\\b|\\(|[\\w$]+\\s*=>))`,
  ).exec(built.code);
  if (!decl) return undefined;
  const at = decl.index + decl[0].indexOf(minified, decl[1] ? 'function'.length : 1);
  const before = built.code.slice(0, at);
  const line = before.split('\n').length;
  const column = at - (before.lastIndexOf('\n') + 1);
  return originalPositionFor(built.map, { line, column }).name ?? undefined;
}

/** Every `Code:line:column` in the text, mapped to the source position and the function's own name. */
export function traceStack(text: string, built: Built): string {
  return text.replace(
    /(at\s+)(?:([\w$.<>]+)(?:\s+\[as [\w$]+\])?\s+\()?(?:Code(?:\.gs|\.js)?):(\d+):(\d+)\)?/g,
    (whole, at: string, fn: string | undefined, line: string, column: string) => {
      // Stack traces count columns from 1, source maps from 0.
      const pos = originalPositionFor(built.map, { line: Number(line), column: Math.max(0, Number(column) - 1) });
      if (!pos.source) return whole;
      const where = `${relative(ROOT, resolve(ROOT, 'dist', pos.source))}:${pos.line}:${pos.column + 1}`;
      if (!fn) return `${at}${where}`;
      const own = fn.split('.').pop() ?? fn;
      const name = originalName(built, own) ?? fn;
      return `${at}${name} (${where})`;
    },
  );
}

export function loadBuilt(mapPath = MAP_PATH, codePath = join(ROOT, 'dist', 'Code.js')): Built {
  return { map: new TraceMap(readFileSync(mapPath, 'utf8')), code: readFileSync(codePath, 'utf8') };
}

function main(): void {
  const file = process.argv[2];
  const text = file ? readFileSync(file, 'utf8') : readFileSync(0, 'utf8');
  process.stdout.write(traceStack(text, loadBuilt()));
}

if (require.main === module) main();
