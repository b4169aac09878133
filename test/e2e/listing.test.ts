/**
 * The Marketplace listing and the offline part of Google's review checklist, through the built bundle:
 * the menu builds in AuthMode.NONE and is all that runs before authorisation; the add-on's name is the same
 * in the listing, the menu, the sidebar, the dialogs and every document; the scope justifications and the
 * privacy policy match the manifest; the Help dialog shows package.json's version.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createWorld, type World } from '../fakes';
import { loadBundle } from '../harness/bundle';
import { sidebarHtml } from '../harness/bed';
import { ADDON_MENU, ADDON_NAME } from '../../src/catalog/addon';
import { GRANT_MENU, SCOPES } from '../../src/catalog/scopes';
import { STORED } from '../../src/adapters/properties';

const ROOT = join(__dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const manifest = JSON.parse(read('appsscript.json')) as { oauthScopes: string[]; urlFetchWhitelist: string[] };
const version = (JSON.parse(read('package.json')) as { version: string }).version;
const DOCS = readdirSync(join(ROOT, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`);

function run(world: World, mode: 'full' | 'none' | 'limited', fn: string, ...args: unknown[]): unknown {
  const b = loadBundle(world, mode);
  try {
    return b.call(fn, ...args);
  } finally {
    b.end();
  }
}

const MENU_ONLY = /^(SpreadsheetApp\.getUi|Ui\.createAddonMenu|Menu\.(addItem|addSeparator|addToUi))$/;

describe("Google's review checklist, offline", () => {
  test('loading the bundle calls no service at all (nothing runs before an entry point)', () => {
    const world = createWorld();
    world.resetCalls();
    loadBundle(world, 'none').end();
    expect(world.serviceCalls.total).toBe(0);
  });

  test.each(['onOpen', 'onInstall'])(
    '%s in AuthMode.NONE builds the add-on menu and calls nothing else: no UrlFetch, properties or cache',
    (fn) => {
      const world = createWorld();
      world.resetCalls();
      run(world, 'none', fn, { authMode: 'NONE' });
      const calls = Object.keys(world.serviceCalls.byQualified);
      expect(calls.filter((c) => !MENU_ONLY.test(c))).toEqual([]);
      expect(world.http).toHaveLength(0);
      expect(world.ui.menus).toHaveLength(1);
      expect(world.ui.menus[0]).toMatchObject({ addon: true, caption: null }); // Sheets names it after the listing
    },
  );

  test('every menu item calls a function the bundle declares (and LIMITED mode builds the same menu)', () => {
    const world = createWorld();
    run(world, 'none', 'onOpen', { authMode: 'NONE' });
    run(world, 'limited', 'onOpen', { authMode: 'LIMITED' });
    const [none, limited] = world.ui.menus as unknown as { items: { caption?: string; functionName?: string }[] }[];
    expect(limited.items).toEqual(none.items);
    const handlers = none.items.map((i) => i.functionName).filter((f): f is string => !!f);
    expect(handlers.length).toBeGreaterThanOrEqual(7);
    const declared = loadBundle(createWorld(), 'none');
    declared.end();
    for (const h of handlers) expect(declared.functions).toContain(h);
  });
});

describe("the add-on's name is the same everywhere", () => {
  test('the listing names it as src/catalog/addon.ts does', () => {
    expect(ADDON_NAME).toBe('Adapty');
    expect(ADDON_MENU).toBe(`Extensions › ${ADDON_NAME}`);
    expect(GRANT_MENU).toBe(`Extensions › ${ADDON_NAME} › Grant permissions`);
    expect(read('docs/listing.md')).toMatch(new RegExp(`^- \\*\\*App name:\\*\\* ${ADDON_NAME}$`, 'm'));
    // The Apps Script project too (a bound script's menu is named after it).
    expect(read('README.md')).toContain(`npx clasp create --type sheets --title "${ADDON_NAME}"`);
    for (const doc of DOCS) expect(read(doc).split('\n')[0]).toMatch(new RegExp(`^# ${ADDON_NAME} — `));
  });

  test('the sidebar title and every dialog title are the name', () => {
    const world = createWorld({ files: { Sidebar: sidebarHtml() } });
    run(world, 'full', 'openSidebar');
    run(world, 'full', 'showHelp');
    run(world, 'full', 'grantPermissions');
    expect(world.ui.sidebars.map((s) => s.title)).toEqual([ADDON_NAME]);
    expect(world.ui.alerts.map((a) => a.title)).toEqual([`${ADDON_NAME} ${version}`, ADDON_NAME]);
  });

  test('every "Extensions › …" path in the bundle, the sidebar and the documents uses that name', () => {
    const sources = ['dist/Code.js', 'dist/Sidebar.html', 'README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...DOCS];
    let seen = 0;
    for (const file of sources) {
      for (const m of read(file).matchAll(/Extensions\s*›\s*([^›\n"`'<)(.,;:*]+?)\s*(?=[›\n"`'<)(.,;:*]|$)/g)) {
        if (m[1] === 'Add-ons') continue; // Sheets' own Extensions › Add-ons › Manage add-ons
        if (file === 'dist/Code.js' && m[1].startsWith('${')) continue; // ADDON_MENU / ADDON_NAME, checked above
        seen++;
        expect(`${file}: ${m[1]}`).toBe(`${file}: ${ADDON_NAME}`);
      }
    }
    expect(seen).toBeGreaterThan(20);
  });
});

test('the Help dialog shows package.json’s version (the one CHANGELOG.md and npm run deploy release)', () => {
  const world = createWorld();
  run(world, 'full', 'showHelp');
  expect(world.ui.alerts[0].title).toBe(`${ADDON_NAME} ${version}`);
});

test('docs/oauth-scopes.md justifies exactly the manifest’s scopes, each in the consent screen’s words', () => {
  const doc = read('docs/oauth-scopes.md');
  const sections = doc.split(/^## /m).slice(1);
  const urls = sections.map((s) => /^`([^`]+)`/.exec(s)?.[1]);
  expect([...urls].sort()).toEqual([...manifest.oauthScopes].sort());
  for (const s of sections) {
    const def = Object.values(SCOPES).find((d) => s.startsWith('`' + d.url + '`'))!;
    expect(s).toContain(`- **Consent screen:** ${def.permission}\n`);
    for (const field of ['Features', 'Why', 'Why narrower is not enough'])
      expect(s).toMatch(new RegExp(`^- \\*\\*${field}:\\*\\* \\S.{30,}`, 'm'));
  }
});

test('the privacy policy names the one host requests go to, and where the key is kept', () => {
  const doc = read('docs/privacy.md');
  expect(manifest.urlFetchWhitelist).toHaveLength(1);
  expect(doc).toContain("**Only HTTPS requests to Adapty's API**");
  expect(doc).toContain(`\`${manifest.urlFetchWhitelist[0]}\``);
  expect(doc).toMatch(/no analytics, no tracking, no advertising, no third parties/);
  expect(STORED.apiKey.scope).toBe('user');
  expect(doc).toContain('kept **only in your user properties**');
  for (const where of ['User properties', 'Document properties', 'Cache', 'Developer metadata', 'Sheets and cells'])
    expect(doc).toContain(`| **${where}**`);
  // Every property store the add-on writes by itself is in the table (script properties are set by hand).
  const stores = new Set(Object.values(STORED).map((s) => s.scope));
  expect([...stores].sort()).toEqual(['document', 'script', 'user']);
  expect(STORED.baseUrl.scope).toBe('script');
});
