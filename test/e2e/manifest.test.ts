/** The manifest's scopes, the catalog's and the README's table agree; the built manifest is the source's. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCOPES } from '../../src/catalog/scopes';
import { SIDEBAR_FEATURES } from '../../src/entry/permissionsApi';
import { SIDEBAR_API } from '../../src/entry/sidebarApi';

const ROOT = join(__dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const manifest = JSON.parse(read('appsscript.json')) as { oauthScopes: string[] };
const AUTH = 'https://www.googleapis.com/auth/';

test('every scope in appsscript.json is in the catalog, and the other way round', () => {
  expect([...manifest.oauthScopes].sort()).toEqual(
    Object.values(SCOPES)
      .map((s) => s.url)
      .sort(),
  );
  expect(manifest.oauthScopes).not.toContain(AUTH + 'spreadsheets'); // the narrowest set: currentonly
  expect(JSON.parse(read('dist/appsscript.json'))).toEqual(manifest);
});

test("the README's scope table lists exactly the manifest's scopes, each with its consent-screen words", () => {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('### OAuth scopes'), readme.indexOf('**Why `currentonly`'));
  const rows = [...section.matchAll(/^\| `([^`]+)` \| ([^|]+) \| ([^|]+) \|$/gm)];
  expect(rows.map((r) => AUTH + r[1]).sort()).toEqual([...manifest.oauthScopes].sort());
  for (const r of rows) {
    const def = Object.values(SCOPES).find((s) => s.url === AUTH + r[1])!;
    expect(r[2].trim()).toBe(def.permission);
    expect(r[3].trim().length).toBeGreaterThan(20);
  }
});

test('every sidebar function named in the scope map exists', () => {
  for (const name of Object.keys(SIDEBAR_FEATURES)) expect(Object.keys(SIDEBAR_API)).toContain(name);
});
