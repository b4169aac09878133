// Builds the add-on: dist/Code.js (one Apps Script file: entry stubs + minified bundle), dist/appsscript.json,
// dist/Sidebar.html (self-contained), and build/Code.js.map — the source map of dist/Code.js, kept outside
// dist/ so clasp never pushes it; `npm run trace` maps an Apps Script stack trace back through it.
// Usage: node scripts/build.mjs
import { analyzeMetafile, build } from 'esbuild';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const { generate } = require('gas-entry-generator');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

/**
 * The catalog's `help` texts are for the sidebar's dropdowns, the README and the custom functions' JSDoc; a
 * filter's `group` is the sidebar's heading for it; the labels of choices (enum values), of parameters and of
 * segmentations are the sidebar's words for them. No server code reads any of these (the server names values
 * by their ids; the build test checks the sidebar still has them and the bundle has not), and Apps Script
 * would parse them on every execution, so the server bundle's copy of src/catalog drops every `help:` written
 * out as text, every `group:` written as a string, a chart's help (the fifth argument of `chart(…)`), a
 * choice's label and help (`[id, label, help]` given to `choices(…)` becomes `id`), a parameter's `label:`
 * (an object with `key:` and `type:`), a date preset's and a conversion period's label and the entries of
 * SEGMENTATION_LABELS. A filter's, a chart's and an
 * endpoint's labels stay: server messages name them.
 */
const SIDEBAR_ONLY = new Set(['help', 'group']);
const dropCatalogHelp = {
  name: 'drop-catalog-help',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]catalog[\\/][^\\/]+\.ts$/ }, (args) => {
      const source = ts.createSourceFile(args.path, readFileSync(args.path, 'utf8'), ts.ScriptTarget.ES2020, true);
      const f = ts.factory;
      const isText = (n) =>
        ts.isStringLiteral(n) ||
        ts.isNoSubstitutionTemplateLiteral(n) ||
        ts.isTemplateExpression(n) ||
        (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken && isText(n.left));
      const calls = (node, name) =>
        ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name;
      const strip = (ctx) => (root) => {
        const visit = (node) => {
          if (ts.isObjectLiteralExpression(node)) {
            const named = (p, name) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name;
            const isParam =
              node.properties.some((p) => named(p, 'key')) && node.properties.some((p) => named(p, 'type'));
            // A date preset ({ id, label, aliases }), a conversion period ({ id, label, help }): named by id. Not
            // the write modes or schedule kinds: their labels are in server messages.
            const isChoice =
              /datePresets\.ts$/.test(args.path) ||
              (/catalog\.ts$/.test(args.path) &&
                node.properties.every((p) => ['id', 'label', 'help'].some((n) => named(p, n))));
            const dropsLabel = isParam || isChoice;
            const kept = node.properties.filter(
              (p) =>
                !(
                  ts.isPropertyAssignment(p) &&
                  ts.isIdentifier(p.name) &&
                  (SIDEBAR_ONLY.has(p.name.text) || (dropsLabel && p.name.text === 'label')) &&
                  isText(p.initializer)
                ),
            );
            node = f.updateObjectLiteralExpression(node, kept);
          } else if (
            ts.isVariableDeclaration(node) &&
            ts.isIdentifier(node.name) &&
            node.name.text === 'SEGMENTATION_LABELS' &&
            node.initializer &&
            calls(node.initializer, 'dict')
          ) {
            const call = f.updateCallExpression(node.initializer, node.initializer.expression, undefined, [
              f.createObjectLiteralExpression([]),
            ]);
            return f.updateVariableDeclaration(node, node.name, node.exclamationToken, node.type, call);
          } else if (calls(node, 'chart') && node.arguments.length >= 5 && isText(node.arguments[4])) {
            const a = [...node.arguments];
            a[4] = f.createStringLiteral('');
            node = f.updateCallExpression(node, node.expression, node.typeArguments, a);
          } else if (calls(node, 'choices')) {
            const a = node.arguments.map((x) =>
              ts.isArrayLiteralExpression(x) && ts.isStringLiteral(x.elements[0]) ? x.elements[0] : x,
            );
            node = f.updateCallExpression(node, node.expression, node.typeArguments, a);
          }
          return ts.visitEachChild(node, visit, ctx);
        };
        return ts.visitNode(root, visit);
      };
      const out = ts.transform(source, [strip]);
      const contents = ts.createPrinter().printFile(out.transformed[0]);
      out.dispose();
      return { contents, loader: 'ts' };
    });
  },
};

// 1. The server bundle: an IIFE that assigns each entry point to globalThis. Minified, because Apps Script
// loads and evaluates the whole file for every custom-function call and trigger run; stack traces stay
// readable through the source map (names and positions), not through kept names (10 KB more).
const server = await build({
  entryPoints: [join(root, 'src/entry/main.ts')],
  outfile: join(dist, 'Code.js'),
  bundle: true,
  write: false,
  minify: true,
  sourcemap: 'external',
  sourcesContent: false,
  plugins: [dropCatalogHelp],
  metafile: true,
  // The version the Help dialog shows: package.json's, whose CHANGELOG.md entry describes it.
  define: { ADDON_VERSION: JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version) },
  format: 'iife',
  target: 'es2020',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'warning',
});
const bundle = server.outputFiles.find((f) => f.path.endsWith('.js')).text;
const serverMap = JSON.parse(server.outputFiles.find((f) => f.path.endsWith('.map')).text);

// 2. Entry stubs with JSDoc, from the one list of entry points (src/entry/stubs.ts: the help is only here).
const meta = await build({
  entryPoints: [join(root, 'src/entry/stubs.ts')],
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
const docs = mod.exports.ENTRY_DOCS;
let stubSource = '';
for (const [name, e] of Object.entries(entries)) {
  const doc = docs[name]
    ? '/**\n' +
      docs[name]
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
const prefix = header + stubs + '\n';
writeFileSync(join(dist, 'Code.js'), prefix + bundle);
// The map describes the bundle; dist/Code.js has the stubs' lines before it (one ';' per generated line).
const prefixLines = prefix.split('\n').length - 1;
const buildDir = join(root, 'build');
mkdirSync(buildDir, { recursive: true });
serverMap.file = 'Code.js';
serverMap.mappings = ';'.repeat(prefixLines) + serverMap.mappings;
writeFileSync(join(buildDir, 'Code.js.map'), JSON.stringify(serverMap));
// Where the bundle's bytes come from, per source file (README › Bundle size).
writeFileSync(join(buildDir, 'Code.sizes.txt'), await analyzeMetafile(server.metafile));

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
