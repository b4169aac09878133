/**
 * The sidebar's Apps (issue 15) in headless Chromium against the playground: add apps (each key tested by
 * the server), make one the default, remove one, and pick the app — or All apps — per report. The page
 * shows names only: no key, nor any piece of one, is ever in its HTML.
 */
import type { Playground } from '../../scripts/playground/server';
import { usePlayground, sidebar, until, type Browser } from './browser';

jest.setTimeout(120_000);

let pg: Playground;
let br: Browser;

usePlayground((p, b) => {
  pg = p;
  br = b;
});

/** Adds an app in the Apps section (its key tested by the server) and closes the form again. */
async function addApp(name: string, key: string) {
  const sb = sidebar(br.page);
  await sb.locator('#apps-add > summary').click();
  await sb.locator('#app-name').fill(name);
  await sb.locator('#app-key').fill(key);
  await sb.getByRole('button', { name: 'Add app' }).click();
  await sb
    .locator('#apps-msg')
    .filter({ hasText: /^Saved\. Connected/ })
    .waitFor({ timeout: 30_000 });
  await sb.locator('#apps-add').evaluate((d) => ((d as HTMLDetailsElement).open = false));
}

test('add, make default, remove apps; pick one or All apps per report; no key in the page', async () => {
  await br.page.goto(pg.url);
  const sb = sidebar(br.page);
  await sb.locator('#f-endpoint').waitFor({ state: 'visible', timeout: 30_000 });
  await sb.locator('#btn-new-report').click();
  const apps = pg.emulator.apps;
  const listed = () => sb.locator('#apps-list .app-item').allTextContents();
  await until(async () => (await listed()).length === 1, 'the single saved key listed');
  // One connection: no App picker (nothing to choose).
  expect(await sb.locator('#f-app').count()).toBe(0);

  await addApp('Calm Sleep', apps[1].key);
  await addApp('Tiny', apps[2].key);
  // A name that is refused is said under the name field, and nothing is sent.
  const sent = pg.world.http.length;
  await sb.locator('#apps-add > summary').click();
  await sb.locator('#app-name').fill('all');
  await sb.locator('#app-key').fill(apps[0].key);
  await sb.getByRole('button', { name: 'Add app' }).click();
  await sb.locator('#app-name-error').filter({ hasText: 'is kept for app=all' }).waitFor();
  expect(pg.world.http.length).toBe(sent);

  expect(await listed()).toEqual([
    expect.stringContaining('Default (default)'),
    expect.stringMatching(/^Calm Sleep/),
    expect.stringMatching(/^Tiny/),
  ]);

  // The picker: the default marked, the others by name, All apps.
  const options = () =>
    sb.locator('#f-app option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).textContent));
  expect(await options()).toEqual(['Default (default)', 'Calm Sleep', 'Tiny', 'All apps']);
  await sb.locator('#f-app').selectOption({ label: 'Calm Sleep' });
  await until(
    async () => ((await sb.locator('#preview-formula').textContent()) ?? '').includes('app=Calm Sleep'),
    'the formula preview names the app',
  );

  // Make Tiny the default: the list and the picker follow, and the Settings key is Tiny's.
  await sb.getByRole('button', { name: 'Make default: Tiny' }).click();
  await sb.locator('#apps-msg').filter({ hasText: '"Tiny" is the default connection.' }).waitFor();
  expect(await options()).toEqual(['Tiny (default)', 'Default', 'Calm Sleep', 'All apps']);
  expect(pg.world.userStore(pg.world.options.owner).data.get('ADAPTY_API_KEY')).toBe(apps[2].key);

  // Run All apps: one request per app, the sheet stacked under App.
  await sb.locator('#f-app').selectOption({ label: 'All apps' });
  const before = pg.world.http.length;
  await sb.locator('#btn-run').click();
  const result = sb.locator('#run-result');
  await result.waitFor({ timeout: 60_000 });
  const sheetName = /to “([^”]+)”/.exec((await result.textContent())!)![1];
  expect(
    pg.world.http
      .slice(before)
      .map((h) => h.headers.Authorization)
      .sort(),
  ).toEqual(apps.map((a) => `Api-Key ${a.key}`).sort());
  const values = pg.world.sheetSnapshot(pg.world.spreadsheet().id, sheetName).values;
  expect(values[0][0]).toBe('App');
  expect(new Set(values.slice(1).map((r) => r[0]))).toEqual(new Set(['Tiny', 'Default', 'Calm Sleep', 'Total']));

  // Remove Calm Sleep: gone from the list and the picker.
  await sb.getByRole('button', { name: 'Remove: Calm Sleep' }).click();
  await sb.locator('#apps-msg').filter({ hasText: 'Removed "Calm Sleep".' }).waitFor();
  expect(await options()).toEqual(['Tiny (default)', 'Default', 'All apps']);

  // Names only: no key, nor its last characters, anywhere in the page.
  const html = await sb.locator('html').evaluate((e) => e.outerHTML);
  for (const a of apps) {
    expect(html).not.toContain(a.key);
    expect(html).not.toContain(a.key.slice(-6));
  }
});

test('rename an app and give it a new key: its saved report follows the name, says so, and runs with the new key', async () => {
  await br.page.goto(pg.url);
  const sb = sidebar(br.page);
  await sb.locator('#f-endpoint').waitFor({ state: 'visible', timeout: 30_000 });
  await sb.locator('#btn-new-report').click();
  const apps = pg.emulator.apps;
  const msg = sb.locator('#apps-msg');
  // The first test left Tiny (the default) and Default; Calm Sleep's key is free again.
  await sb.locator('#apps-add > summary').click();
  await sb.locator('#app-name').fill('Calm Sleep');
  await sb.locator('#app-key').fill(apps[1].key);
  await sb.getByRole('button', { name: 'Add app' }).click();
  await msg.filter({ hasText: /^Saved\. Connected/ }).waitFor({ timeout: 30_000 });

  await sb.locator('#f-app').selectOption({ label: 'Calm Sleep' });
  await sb.locator('.save-panel summary').click();
  await sb.locator('#f-save-name').fill('Calm MRR');
  await sb.locator('#btn-save').click();
  await sb.locator('#save-result').filter({ hasText: 'Saved “Calm MRR”' }).waitFor();
  const item = sb.locator('li.saved', { has: sb.locator('h3', { hasText: /^Calm MRR$/ }) });
  const what = () => item.locator('.saved-what').textContent();

  // Rename: the form opens on the app's name, the key left empty keeps the key (nothing is sent).
  const sent = pg.world.http.length;
  await sb.getByRole('button', { name: 'Change: Calm Sleep (rename or new key)' }).click();
  await expect(sb.locator('#apps-add > summary').textContent()).resolves.toBe('Change Calm Sleep');
  await expect(sb.locator('#app-name').inputValue()).resolves.toBe('Calm Sleep');
  await sb.locator('#app-name').fill('Sleep');
  await sb.getByRole('button', { name: 'Save changes' }).click();
  await msg
    .filter({
      hasText:
        'Renamed "Calm Sleep" to "Sleep". 1 saved report here uses it and follows the new name (app=Sleep). Formulas that say app=Calm Sleep need app=Sleep.',
    })
    .waitFor();
  expect(pg.world.http.length).toBe(sent);
  expect(await sb.locator('#apps-list .app-item .app-name').allTextContents()).toEqual(['Tiny', 'Default', 'Sleep']);
  await until(async () => (await what())?.endsWith(' · Sleep'), 'the saved list shows the new name');

  // A new key for Sleep: tested, saved, and the report follows it (no "your key changed").
  await sb.getByRole('button', { name: 'Change: Sleep (rename or new key)' }).click();
  await sb.locator('#app-key').fill(apps[2].key);
  await sb.getByRole('button', { name: 'Save changes' }).click();
  await sb.locator('#app-key-error').filter({ hasText: 'This key is already saved as "Tiny"' }).waitFor();
  // Default's key becomes free once Default is removed (one connection per key).
  await sb.getByRole('button', { name: 'Remove: Default' }).click();
  await msg.filter({ hasText: 'Removed "Default".' }).waitFor();
  await sb.locator('#app-key').fill(apps[0].key);
  await sb.getByRole('button', { name: 'Save changes' }).click();
  await msg.filter({ hasText: /1 saved report here uses it and follows the new key\.$/ }).waitFor({ timeout: 30_000 });

  await sb.getByRole('tab', { name: /Saved reports \(\d+\)/ }).click();
  const before = pg.world.http.length;
  await item.getByRole('button', { name: 'Run now: Calm MRR' }).click();
  await item.locator('.status-ok').waitFor({ timeout: 60_000 });
  expect(pg.world.http.slice(before).map((h) => h.headers.Authorization)).toEqual([`Api-Key ${apps[0].key}`]);
  await expect(item.locator('.saved-owner').textContent()).resolves.toBe('Connection: yours');

  await sb.getByRole('button', { name: 'Remove: Sleep' }).click();
  await msg.filter({ hasText: 'Removed "Sleep".' }).waitFor();
  const html = await sb.locator('html').evaluate((e) => e.outerHTML);
  for (const a of apps) expect(html).not.toContain(a.key.slice(-6));
});

test("the filter picker offers the chosen app's own values: its campaigns, not the default app's", async () => {
  await br.page.goto(pg.url);
  const sb = sidebar(br.page);
  await sb.locator('#f-endpoint').waitFor({ state: 'visible', timeout: 30_000 });
  await sb.locator('#btn-new-report').click();
  const apps = pg.emulator.apps;
  // The tests above left Tiny (apps[2]) as the only app, the default: add Calm Sleep again.
  await addApp('Calm Sleep', apps[1].key);

  await sb.locator('#f-endpoint').selectOption('analytics');
  await sb.locator('#f-chart').selectOption('revenue');
  await sb.locator('#f-app').selectOption({ label: 'Calm Sleep' });
  const calls = pg.rpcLog.length;
  await sb.locator('#btn-add-filter').click();
  await sb.locator('#f-add-filter').selectOption('attribution_campaign');
  // Each demo app runs a brand campaign named after it (emulator/model.ts): Calm Sleep's is offered, Tiny's not.
  const options = sb.locator('#f-filter-attribution_campaign .multi-option');
  await options.filter({ hasText: 'ASA_Brand_US_CalmSleep' }).waitFor({ timeout: 30_000 });
  expect(await options.filter({ hasText: 'ASA_Brand_US_TinyStartup' }).count()).toBe(0);
  expect(pg.rpcLog.slice(calls).find((c) => c.name === 'getFilterValues')?.args).toEqual([
    'attribution_campaign',
    null,
    'Calm Sleep',
  ]);
});
