/**
 * The built dist/Code.js as Apps Script sees it: it loads in a bare V8 context without calling any
 * service, every entry point is a top-level function declaration, every custom function carries its
 * autocomplete JSDoc, and no code refers to a global Apps Script lacks.
 * (`npm test` / `npm run test:e2e` build first.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';
import { ENTRY_POINTS } from '../../src/entry/entryPoints';
import { SIDEBAR_PARAMS } from '../../src/entry/sidebarApi';
import { BUNDLE_BUDGET_BYTES } from '../../scripts/bundleBudget';
import { MAP_PATH, loadBuilt, traceStack } from '../../scripts/trace';

const CODE = join(__dirname, '..', '..', 'dist', 'Code.js');

/** Globals of Apps Script's services: touching any at load time is an error. */
const SERVICES = [
  'SpreadsheetApp',
  'PropertiesService',
  'CacheService',
  'UrlFetchApp',
  'Utilities',
  'Session',
  'ScriptApp',
  'HtmlService',
  'LockService',
  'Logger',
  'DriveApp',
  'DocumentApp',
  'GmailApp',
  'MailApp',
  'CardService',
  'ContentService',
  'Charts',
  'XmlService',
];

/** Globals that V8 in Apps Script does not have. */
const FORBIDDEN = [
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'clearInterval',
  'setImmediate',
  'queueMicrotask',
  'fetch',
  'URL',
  'URLSearchParams',
  'TextEncoder',
  'TextDecoder',
  'atob',
  'btoa',
  'Blob',
  'crypto',
  'process',
  'require',
  'structuredClone',
  'Buffer',
  'window',
  'document',
  'navigator',
  'self',
  'module',
  'exports',
  'global',
  '__dirname',
  '__filename',
  'XMLHttpRequest',
  'Worker',
];

let code = '';
let source: ts.SourceFile;

beforeAll(() => {
  if (!existsSync(CODE)) throw new Error('dist/Code.js is missing: run `npm run build` first (npm test does)');
  code = readFileSync(CODE, 'utf8');
  source = ts.createSourceFile('Code.js', code, ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
});

function topLevelFunctions(): Map<string, ts.FunctionDeclaration> {
  const out = new Map<string, ts.FunctionDeclaration>();
  for (const st of source.statements) if (ts.isFunctionDeclaration(st) && st.name) out.set(st.name.text, st);
  return out;
}

describe('dist/Code.js', () => {
  test('is ES2020 that parses', () => {
    const diagnostics = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
    expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  });

  test('loads in a bare context without touching any service, and publishes every entry point', () => {
    const touched: string[] = [];
    const sandbox: Record<string, unknown> = {};
    for (const name of SERVICES) {
      Object.defineProperty(sandbox, name, {
        get() {
          touched.push(name);
          return new Proxy(
            {},
            {
              get: (_, p) => {
                touched.push(`${name}.${String(p)}`);
                return () => undefined;
              },
            },
          );
        },
        configurable: true,
      });
    }
    const context = vm.createContext(sandbox);
    const before = vm.runInContext('Object.getOwnPropertyNames(globalThis)', context) as string[];
    vm.runInContext(code, context, { filename: 'Code.js' });
    expect(touched).toEqual([]);
    for (const name of Object.keys(ENTRY_POINTS)) {
      const fn = (context as Record<string, unknown>)[name];
      expect(typeof fn).toBe('function');
      // The bundle replaced the empty stub with the implementation.
      expect(Function.prototype.toString.call(fn)).not.toMatch(
        new RegExp(`^function ${name}\\s*\\([^)]*\\)\\s*\\{\\s*\\}$`),
      );
    }
    // Nothing else leaks into the global scope.
    const after = vm.runInContext('Object.getOwnPropertyNames(globalThis)', context) as string[];
    const added = after.filter((n) => !before.includes(n)).sort();
    expect(added).toEqual(Object.keys(ENTRY_POINTS).sort());
  });

  test(`stays within its size budget (${BUNDLE_BUDGET_BYTES / 1024} KB), minified, with its source map outside dist/`, () => {
    expect(Buffer.byteLength(code, 'utf8')).toBeLessThan(BUNDLE_BUDGET_BYTES);
    // clasp pushes dist/: the map (and nothing but the three files) must not be there.
    expect(readdirSync(join(__dirname, '..', '..', 'dist')).sort()).toEqual([
      'Code.js',
      'Sidebar.html',
      'appsscript.json',
    ]);
    expect(existsSync(MAP_PATH)).toBe(true);
    // README › Bundle size names the ceiling and says, row by row, what each raise bought: its last row is it.
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const kb = `${BUNDLE_BUDGET_BYTES / 1024} KB`;
    expect(readme).toContain(`the asserted ceiling is **${kb}**`);
    const rows = [...readme.matchAll(/^\| (\d+ KB) \| (?:—|[+−]\d+ KB) \|/gm)].map((m) => m[1]);
    expect(rows.at(-1)).toBe(kb);
  });

  test("the custom functions' help is text in the stubs only: the bundle neither holds nor builds it", () => {
    const stubs = code.slice(0, code.indexOf('\n(()=>'));
    const bundle = code.slice(stubs.length);
    const help = 'as a table with a header row'; // every custom function's summary says it
    expect(stubs.split(help).length - 1).toBe(7);
    expect(bundle).not.toContain(help);
    expect(bundle).not.toContain('@customfunction');
    // The catalog's help texts (dropdowns, README, JSDoc) stay with the sidebar; the server never reads them.
    const sidebar = readFileSync(join(__dirname, '..', '..', 'dist', 'Sidebar.html'), 'utf8');
    for (const text of ['How rows are bucketed in time', 'The previous complete calendar month']) {
      expect(sidebar).toContain(text);
      expect(stubs + bundle).not.toMatch(new RegExp(`help:\\s*"${text}`));
    }
    expect(bundle).not.toContain('How rows are bucketed in time');
    // A chart's and a choice's help, and a filter's sidebar group, likewise (the sidebar shows them).
    // And the labels of choices, parameters and segmentations: the server names values by their ids.
    for (const text of [
      'Monthly recurring revenue from active subscriptions',
      'Attribute events to the day of',
      'Apple Search Ads',
      'Track by',
      'Subscription period',
      'Last 90 days',
    ]) {
      expect(sidebar).toContain(text);
      expect(bundle).not.toContain(text);
    }
    expect(sidebar).toMatch(/group:"attribution"/);
    expect(bundle).not.toMatch(/group:"(dates|app|attribution|offers|advanced|placements)"/);
  });

  test('npm run trace maps a stack trace of the minified bundle back to the source files and names', () => {
    const sandbox = vm.createContext({});
    vm.runInContext(code, sandbox, { filename: 'Code' });
    // In a context without Apps Script's services the first service call throws: a real stack trace.
    const stackOf = (name: string): string => {
      try {
        (sandbox as Record<string, (...a: unknown[]) => unknown>)[name]();
      } catch (e) {
        return String((e as Error).stack);
      }
      throw new Error(`${name} did not throw`);
    };
    const built = loadBuilt();
    const menu = stackOf('onOpen');
    expect(menu).toMatch(/\(Code:\d+:\d+\)/);
    expect(menu).not.toMatch(/at onOpen /); // minified: the name in the trace is not the source's
    const traced = traceStack(menu, built);
    expect(traced).not.toMatch(/Code:\d+:\d+/);
    expect(traced.split('\n').find((l) => l.trim().startsWith('at '))).toMatch(
      /at onOpen \(src\/entry\/addonMenu\.ts:\d+:\d+\)/,
    );
    // A sidebar call's frame ("at Object.fn [as runReport]") maps too.
    const sidebar = traceStack(stackOf('listReports'), built);
    expect(sidebar).not.toMatch(/Code:\d+:\d+/);
    expect(sidebar).toMatch(/at \S+ \(src\/entry\/entryPoints\.ts:\d+:\d+\)/);
  });

  test('every entry point is a top-level function declaration; none ends with _', () => {
    const fns = topLevelFunctions();
    for (const name of Object.keys(ENTRY_POINTS)) {
      expect(name).not.toMatch(/_$/);
      expect(fns.has(name)).toBe(true);
      expect(fns.get(name)!.parameters.map((p) => p.name.getText())).toEqual([...ENTRY_POINTS[name].params]);
    }
    // Every server function the sidebar may call is a sidebar entry point.
    for (const name of Object.keys(SIDEBAR_PARAMS)) expect([name, ENTRY_POINTS[name]?.kind]).toEqual([name, 'sidebar']);
    expect(ENTRY_POINTS.refreshAdaptyFormulas?.kind).toBe('menu');
    expect(ENTRY_POINTS.insertFormula?.kind).toBe('sidebar');
  });

  test('custom functions carry JSDoc with a summary, @param for each argument, @return and @customfunction; nothing else does', () => {
    const fns = topLevelFunctions();
    const custom = Object.entries(ENTRY_POINTS)
      .filter(([, e]) => e.kind === 'custom_function')
      .map(([n]) => n);
    expect(custom.sort()).toEqual([
      'ADAPTY_ANALYTICS',
      'ADAPTY_COHORT',
      'ADAPTY_CONVERSION',
      'ADAPTY_FUNNEL',
      'ADAPTY_LTV',
      'ADAPTY_PLACEMENTS',
      'ADAPTY_RETENTION',
    ]);
    for (const [name, fn] of fns) {
      const docs = ts.getJSDocCommentsAndTags(fn).filter(ts.isJSDoc);
      const tags = docs.flatMap((d) => [...(d.tags ?? [])]);
      const isCustom = tags.some((t) => t.tagName.text === 'customfunction');
      if (!custom.includes(name)) {
        expect(`${name}: ${isCustom}`).toBe(`${name}: false`);
        continue;
      }
      expect(isCustom).toBe(true);
      const summary = docs.map((d) => (typeof d.comment === 'string' ? d.comment : '')).join(' ');
      expect(summary.length).toBeGreaterThan(40);
      expect(summary).toContain(`=${name}(`);
      const params = tags.filter(ts.isJSDocParameterTag);
      expect(params.map((p) => p.name.getText())).toEqual([...ENTRY_POINTS[name].params]);
      for (const p of params) {
        const comment = typeof p.comment === 'string' ? p.comment : (p.comment ?? []).map((c) => c.text).join('');
        expect(comment.length).toBeGreaterThan(20);
      }
      expect(tags.some((t) => t.tagName.text === 'return' || t.tagName.text === 'returns')).toBe(true);
    }
    // The help names the chart ids and the presets (from the catalog).
    const analytics = ts
      .getJSDocCommentsAndTags(fns.get('ADAPTY_ANALYTICS')!)
      .map((n) => n.getText())
      .join('\n');
    expect(analytics).toMatch(/revenue, mrr, arr, arppu/);
    expect(analytics).toMatch(/last_30_days/);
    expect(analytics).toMatch(/period_unit \(day\/week\/month\/quarter\/year\)/);
  });

  test('refers to no global that Apps Script lacks (outside typeof guards)', () => {
    const found: string[] = [];
    const declared = new Set<string>();
    const visitDecl = (node: ts.Node): void => {
      if (
        (ts.isVariableDeclaration(node) ||
          ts.isFunctionDeclaration(node) ||
          ts.isClassDeclaration(node) ||
          ts.isParameter(node) ||
          ts.isFunctionExpression(node) ||
          ts.isClassExpression(node)) &&
        node.name &&
        ts.isIdentifier(node.name)
      ) {
        declared.add(node.name.text);
      }
      ts.forEachChild(node, visitDecl);
    };
    visitDecl(source);
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && FORBIDDEN.includes(node.text) && !declared.has(node.text)) {
        const p = node.parent;
        const isPropertyName =
          (ts.isPropertyAccessExpression(p) && p.name === node) ||
          (ts.isPropertyAssignment(p) && p.name === node) ||
          (ts.isMethodDeclaration(p) && p.name === node) ||
          (ts.isPropertyDeclaration(p) && p.name === node) ||
          ((ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === node);
        const guarded = ts.isTypeOfExpression(p) || guardedByTypeof(node);
        if (!isPropertyName && !guarded) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart());
          found.push(`${node.text} at line ${line + 1}: ${code.split('\n')[line].trim().slice(0, 120)}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect(found).toEqual([]);
    // And the textual checks the platform notes name, outside string literals and comments.
    const stripped = stripStringsAndComments(source);
    for (const re of [
      /\bsetTimeout\s*\(/,
      /\bURLSearchParams\b/,
      /\bTextEncoder\b/,
      /\bnew\s+URL\s*\(/,
      /(?<![.\w$])require\s*\(/,
      /(?<![.\w$])fetch\s*\(/,
      /\bstructuredClone\b/,
    ]) {
      expect(`${re}: ${re.test(stripped)}`).toBe(`${re}: false`);
    }
  });
});

/** `typeof X !== 'undefined' ? X : …` and `typeof X < 'u' && X…`: X is only reached where it exists. */
function guardedByTypeof(node: ts.Identifier): boolean {
  const mentionsTypeof = (cond: ts.Node): boolean => {
    let found = false;
    const visit = (n: ts.Node): void => {
      if (ts.isTypeOfExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === node.text) found = true;
      if (!found) ts.forEachChild(n, visit);
    };
    visit(cond);
    return found;
  };
  const within = (outer: ts.Node) => node.getStart() >= outer.getStart() && node.getEnd() <= outer.getEnd();
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
    if (ts.isConditionalExpression(p) && within(p.whenTrue) && mentionsTypeof(p.condition)) return true;
    if (
      ts.isBinaryExpression(p) &&
      p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken &&
      within(p.right) &&
      mentionsTypeof(p.left)
    )
      return true;
    if (ts.isIfStatement(p) && within(p.thenStatement) && mentionsTypeof(p.expression)) return true;
  }
  return false;
}

/** The code with every string, template and regex literal emptied and every comment removed. */
function stripStringsAndComments(file: ts.SourceFile): string {
  const f = ts.factory;
  const blank: ts.TransformerFactory<ts.SourceFile> = (context) => {
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isStringLiteral(node)) return f.createStringLiteral('');
      if (ts.isNoSubstitutionTemplateLiteral(node)) return f.createNoSubstitutionTemplateLiteral('');
      if (ts.isRegularExpressionLiteral(node)) return f.createRegularExpressionLiteral('/x/');
      if (ts.isTemplateExpression(node)) {
        return f.createTemplateExpression(
          f.createTemplateHead(''),
          node.templateSpans.map((span, i) =>
            f.createTemplateSpan(
              ts.visitNode(span.expression, visit) as ts.Expression,
              i === node.templateSpans.length - 1 ? f.createTemplateTail('') : f.createTemplateMiddle(''),
            ),
          ),
        );
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (sf) => ts.visitNode(sf, visit) as ts.SourceFile;
  };
  const result = ts.transform(file, [blank]);
  const text = ts.createPrinter({ removeComments: true }).printFile(result.transformed[0]);
  result.dispose();
  return text;
}
