// Builds the add-on: dist/Code.js (one Apps Script file: entry stubs + bundle), dist/appsscript.json,
// dist/Sidebar.html (self-contained). Usage: node scripts/build.mjs
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const require = createRequire(import.meta.url);
const { generate } = require('gas-entry-generator');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

// 1. The server bundle: an IIFE that assigns each entry point to globalThis.
const server = await build({
  entryPoints: [join(root, 'src/entry/main.ts')],
  bundle: true,
  write: false,
  format: 'iife',
  target: 'es2020',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  charset: 'utf8',
  legalComments: 'none',
  minifySyntax: true,
  logLevel: 'warning',
});
const bundle = server.outputFiles[0].text;

// 2. Entry stubs with JSDoc, from the one list of entry points.
const meta = await build({
  entryPoints: [join(root, 'src/entry/entryPoints.ts')],
  bundle: true,
  write: false,
  format: 'cjs',
  target: 'es2020',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
const mod = { exports: {} };
vm.runInNewContext(meta.outputFiles[0].text, { module: mod, exports: mod.exports, globalThis: {} });
const entries = mod.exports.ENTRY_POINTS;
let stubSource = '';
for (const [name, e] of Object.entries(entries)) {
  const doc = e.doc
    ? '/**\n' +
      e.doc
        .trim()
        .split('\n')
        .map((l) => ' * ' + l)
        .join('\n')
        .replace(/ +$/gm, '') +
      '\n */\n'
    : '';
  stubSource += `${doc}global.${name} = function (${e.params.join(', ')}) {};\n`;
}
const stubs = generate(stubSource, { comment: true }).entryPointFunctions;

const header = '// Adapty for Google Sheets — built by scripts/build.mjs; do not edit. Source: src/.\n';
writeFileSync(join(dist, 'Code.js'), header + stubs + '\n' + bundle);

// 3. Manifest.
copyFileSync(join(root, 'appsscript.json'), join(dist, 'appsscript.json'));

// 4. The sidebar: one self-contained HTML file.
const sidebarEntry = join(root, 'sidebar/main.tsx');
if (existsSync(sidebarEntry)) {
  const ui = await build({
    entryPoints: [sidebarEntry],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
    loader: { '.css': 'text' },
  });
  const js = ui.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
  const css = readFileSync(join(root, 'sidebar/sidebar.css'), 'utf8');
  const template = readFileSync(join(root, 'sidebar/index.html'), 'utf8');
  if (js.includes('<?') || css.includes('<?'))
    throw new Error('sidebar bundle contains "<?", which HtmlService templates would execute');
  const html = template.replace('/*__CSS__*/', () => css).replace('/*__JS__*/', () => js);
  writeFileSync(join(dist, 'Sidebar.html'), html);
}
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
console.log(
  `dist/Code.js ${kb(readFileSync(join(dist, 'Code.js')).length)}, ${Object.keys(entries).length} entry points` +
    (existsSync(join(dist, 'Sidebar.html'))
      ? `; dist/Sidebar.html ${kb(readFileSync(join(dist, 'Sidebar.html')).length)}`
      : ''),
);
