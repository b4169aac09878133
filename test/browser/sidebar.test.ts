/**
 * The sidebar in a real browser (headless Chromium via playwright-core, see chromium.ts) against the
 * playground: the built dist/Sidebar.html, google.script.run bridged to dist/Code.js running in the Apps
 * Script fakes, the Adapty emulator behind it. Assertions look at what the user sees and at the fake world.
 * (`npm run test:browser` builds first.)
 */
import { CHARTS, ENDPOINTS, filtersFor, segmentationsFor } from '../../src/catalog/catalog';
import { LAYOUTS } from '../../src/catalog/layouts';
import type { Playground } from '../../scripts/playground/server';
import { MANIFEST_SCOPES } from '../fakes/scopes';
import { loadBundle } from '../harness/bundle';
import { usePlayground, screenshot, sidebar, until, type Browser } from './browser';

jest.setTimeout(90_000);

let pg: Playground;
let br: Browser;

usePlayground((p, b) => {
  pg = p;
  br = b;
});

const ss = () => pg.world.spreadsheet();
const userKey = () => pg.world.userStore(pg.world.options.owner).data.get('ADAPTY_API_KEY');
const callsSince = (n: number) => pg.rpcLog.slice(n).map((c) => c.name);

/** Opens the playground afresh (a new sidebar, as when it is reopened) and waits for the form. */
async function open(opts: { restore?: boolean } = {}): Promise<void> {
  await br.page.goto(pg.url);
  await sidebar(br.page).locator('#f-endpoint').waitFor({ state: 'visible', timeout: 30_000 });
  // Each test starts from a new report unless it checks what the sidebar restored.
  if (!opts.restore) await sidebar(br.page).locator('#btn-new-report').click();
}

/** "+ Add filter", then the filter: its search field is returned. */
async function addFilter(key: string) {
  const sb = sidebar(br.page);
  await sb.locator('#btn-add-filter').click();
  await sb.locator('#f-add-filter').selectOption(key);
  const search = sb.locator(`#f-filter-${key}-search`);
  await search.waitFor();
  return search;
}

/** The filters "+ Add filter" offers (the form's filters for this report, none active). */
async function filterChoices(): Promise<string[]> {
  const sb = sidebar(br.page);
  await sb.locator('#btn-add-filter').click();
  const keys = await sb
    .locator('#f-add-filter option')
    .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
  await sb.locator('#f-add-filter').press('Escape');
  return keys;
}

/** Waits until the debounced rememberSpec has stored a spec like `like`. */
async function remembered(like: Record<string, unknown>): Promise<void> {
  await until(() => {
    const last = [...pg.rpcLog].reverse().find((c) => c.name === 'rememberSpec');
    return last?.ok && JSON.stringify(last.args[0]) === JSON.stringify(like);
  }, 'rememberSpec');
}

test('save and test a key: masked after saving, never sent back in full', async () => {
  await open();
  const sb = sidebar(br.page);
  await screenshot(br.page, 'start');
  await sb.getByRole('button', { name: 'Manage' }).click();
  await sb.getByRole('button', { name: 'Remove', exact: true }).click();
  await sb.getByRole('button', { name: 'Remove key' }).click();
  await sb.getByText('No secret API key saved yet.').waitFor();
  expect(userKey()).toBeUndefined();

  const key = pg.emulator.demoKey;
  await sb.getByLabel('Secret API key').fill(key);
  await sb.getByRole('button', { name: 'Test', exact: true }).click();
  await sb
    .locator('#conn-msg')
    .filter({ hasText: /Connected/ })
    .waitFor();
  expect(userKey()).toBeUndefined(); // testing does not save
  await screenshot(br.page, 'key-tested', { sidebarOnly: true });

  await sb.getByRole('button', { name: 'Save', exact: true }).click();
  await sb
    .locator('#conn-msg')
    .filter({ hasText: /^Saved/ })
    .waitFor();
  expect(userKey()).toBe(key);
  const masked = await sb.locator('.masked-key').textContent();
  expect(masked).toMatch(/^fingerprint …[0-9a-f]{6}$/);
  await expect(sb.getByLabel(/secret key/i).inputValue()).resolves.toBe(''); // the field is cleared
  await screenshot(br.page, 'key-saved', { sidebarOnly: true });

  // The full key is nowhere in the sidebar: not in its DOM, not in any server answer, not in its HTML.
  const frame = br.page.frame({ name: 'sidebar' })!;
  const page = await frame.content();
  expect(page).not.toContain(key);
  // Nor any part of it: no run of 4 of its characters after the public secret_live_ prefix (a masked tail was one).
  const secretPart = key.slice('secret_live_'.length);
  for (let i = 0; i + 4 <= secretPart.length; i++) expect(page).not.toContain(secretPart.slice(i, i + 4));
  const answers = JSON.stringify(pg.rpcLog.filter((c) => c.name !== 'saveApiKey' && c.name !== 'testApiKey'));
  expect(answers).not.toContain(key);
  const html = await (await fetch(pg.url + 'sidebar')).text();
  expect(html).not.toContain(key);

  // Reopened: the saved key shows masked.
  await open();
  await expect(sb.locator('.masked-key').textContent()).resolves.toBe(masked);
});

test('a public SDK key, an empty or a malformed key is refused inline before anything is sent', async () => {
  await open();
  const sb = sidebar(br.page);
  await sb.getByRole('button', { name: 'Manage' }).click();
  const before = pg.rpcLog.length;
  const saved = userKey();
  const field = sb.locator('#api-key');
  const error = sb.locator('#api-key-error');

  await field.fill('public_live_AbCdEfGh.abcdefghijklmnopqrstuvwxyz012345');
  await sb.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(error.textContent()).resolves.toMatch(/public SDK key.*secret key/);
  await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(error.getAttribute('role')).resolves.toBe('alert');
  await screenshot(br.page, 'public-key-refused', { sidebarOnly: true });
  await sb.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(error.textContent()).resolves.toMatch(/public SDK key/);

  await field.fill('');
  await sb.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(error.textContent()).resolves.toMatch(/^Secret API key is empty/);

  await field.fill('hello world');
  await sb.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(error.textContent()).resolves.toMatch(/spaces or unusual characters/);

  // Only the form's own read-only calls (remembering the draft, describing the destination sheet) went out.
  expect(callsSince(before).filter((n) => n !== 'rememberSpec' && n !== 'describeSheet')).toEqual([]);
  expect(userKey()).toBe(saved);

  // A key of the right shape that Adapty does not know: the server's answer is shown.
  await field.fill('secret_live_ZZZZZZZZ.abcdefghijklmnopqrstuvwxyz012345');
  await sb.getByRole('button', { name: 'Test', exact: true }).click();
  await sb.locator('#conn-msg.notice-error').waitFor();
  await expect(sb.locator('#conn-msg').textContent()).resolves.toMatch(/key|credentials|401/i);
  expect(userKey()).toBe(saved);
});

test('build a segmented analytics report and run it: the rows land in the fake sheet', async () => {
  await open();
  const sb = sidebar(br.page);
  await sb.locator('#f-endpoint').selectOption('analytics');
  await sb.locator('#f-chart').selectOption('revenue');
  await sb.locator('#f-preset').selectOption('last_month');
  await expect(sb.locator('#f-range').textContent()).resolves.toMatch(
    /^Oct 1 – Oct 31, 2026 · 31 days · Europe\/Berlin$/,
  );
  await sb.locator('#f-param-period_unit').selectOption('week');
  await sb.locator('#f-param-segmentation').selectOption('country');
  await sb.locator('#f-compare').selectOption('previous_period');
  await expect(sb.locator('#f-compare-range').textContent()).resolves.toMatch(/Sep 1 – Sep 30, 2026/);
  await sb.locator('#preview summary').click();
  const body = JSON.parse((await sb.locator('#preview-body').textContent())!);
  expect(body).toEqual({
    chart_id: 'revenue',
    filters: { date: ['2026-10-01', '2026-10-31'], compare_date: ['2026-09-01', '2026-09-30'] },
    period_unit: 'week',
    segmentation: 'country',
  });
  await expect(sb.locator('#preview-formula').textContent()).resolves.toBe(
    '=ADAPTY_ANALYTICS("revenue", "last_month", "", "period_unit=week; segmentation=country; compare=previous_period")',
  );
  await screenshot(br.page, 'analytics-form', { sidebarOnly: true });

  await sb.locator('#f-dest-chart').check();
  const http = pg.world.http.length;
  await sb.locator('#btn-run').click();
  const result = sb.locator('#run-result');
  await result.waitFor({ timeout: 60_000 });
  const text = (await result.textContent())!;
  const m = /Wrote ([\d,]+) rows? × (\d+) columns? to “([^”]+)” (\S+) in (?:under )?[\d.]+ s/.exec(text);
  expect(m).not.toBeNull();
  const [, rows, , sheetName, a1] = m!;
  expect(sheetName).toBe('Revenue by Country, last month');
  expect(pg.world.http.length).toBeGreaterThan(http);

  const sheet = ss().sheetByName(sheetName)!;
  expect(sheet).toBeDefined();
  const values = pg.world.sheetSnapshot(ss().id, sheetName).values;
  const cells = values.flat().map(String);
  // Compared: the segment's columns are headed by segment and range ("United States, Oct 1 – Oct 31 2026").
  expect(cells.some((c) => c.startsWith('United States'))).toBe(true);
  expect(Number(rows.replace(/,/g, ''))).toBeGreaterThan(5);
  expect(values.length).toBeGreaterThanOrEqual(Number(rows.replace(/,/g, '')));

  // The page's live view shows the new sheet; "Go to" selects the written block.
  await br.page.locator('nav.tabs button', { hasText: sheetName }).waitFor();
  await sb.getByRole('button', { name: `Go to ${sheetName}!${a1}` }).click();
  await until(() => ss().activeRange && ss().activeSheet().name === sheetName, 'selectRange');
  await br.page.locator('#cell-ref', { hasText: a1 }).waitFor();
  await br.page.locator('td[data-cell]', { hasText: 'United States' }).first().waitFor();
  // The chart the add-on made is in the sheet, and the page draws it.
  expect(pg.world.sheetSnapshot(ss().id, sheetName).charts.length).toBeGreaterThanOrEqual(1);
  await br.page.locator('#charts .chart svg').first().waitFor();
  await screenshot(br.page, 'analytics-ran');

  // Reopening the sidebar restores the last report.
  await remembered({
    endpoint: 'analytics',
    chart: 'revenue',
    start: 'last_month',
    compare: 'previous_period',
    params: { period_unit: 'week', segmentation: 'country' },
  });
  await open({ restore: true });
  await expect(sb.locator('#f-param-segmentation').inputValue()).resolves.toBe('country');
  await expect(sb.locator('#f-preset').inputValue()).resolves.toBe('last_month');
  await expect(sb.locator('#f-compare').inputValue()).resolves.toBe('previous_period');
});

test('switching endpoint and chart: the form shows only the options and filters that apply', async () => {
  await open();
  const sb = sidebar(br.page);
  const ids = (prefix: string) =>
    sb
      .locator(`[id^="${prefix}"]`)
      .evaluateAll(
        (els, p) => els.map((e) => e.id.slice(p.length)).filter((id) => !/-(help|error|custom)$/.test(id)),
        prefix,
      );
  const options = (sel: string) =>
    sb.locator(`${sel} option`).evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));

  for (const ep of ENDPOINTS) {
    await sb.locator('#f-endpoint').selectOption(ep.id);
    const chart = ep.id === 'analytics' ? await sb.locator('#f-chart').inputValue() : undefined;
    const params = ep.params.filter((p) => p.type !== 'chart' && p.type !== 'period' && !p.requires).map((p) => p.key);
    expect((await ids('f-param-')).sort()).toEqual([...params].sort());
    const filters = filtersFor(ep.id, chart).filter((k) => k !== 'date' && k !== 'compare_date');
    expect((await filterChoices()).sort()).toEqual([...filters].sort());
    if (params.includes('segmentation')) {
      expect(await options('#f-param-segmentation')).toEqual([...segmentationsFor(ep.id, chart)]);
    }
    expect(await sb.locator('#f-chart').count()).toBe(ep.id === 'analytics' ? 1 : 0);
    expect(await sb.locator('#f-preset').count()).toBe(ep.dated ? 1 : 0);
    expect(await sb.locator('#f-conversion').count()).toBe(ep.id === 'conversion' ? 1 : 0);
    if (ep.id === 'cohort') {
      expect(await sb.locator('#f-param-renewal_days').count()).toBe(0);
      await sb.locator('#f-param-period_type').selectOption('days');
      await sb.locator('#f-param-renewal_days').waitFor();
      await screenshot(br.page, 'cohort-options', { sidebarOnly: true });
    }
  }
  // Conversion steps have plain-language names.
  await sb.locator('#f-endpoint').selectOption('conversion');
  const pairs = await sb.locator('#f-conversion option').allTextContents();
  expect(pairs).toContain('Install → Paid');

  // Every chart narrows segmentation and filters; a value the new chart lacks is removed, and the user told.
  await sb.locator('#f-endpoint').selectOption('analytics');
  await sb.locator('#f-chart').selectOption('revenue');
  await sb.locator('#f-param-segmentation').selectOption('store_product_id');
  await sb.locator('#f-chart').selectOption('installs');
  await expect(sb.locator('#f-dropped').textContent()).resolves.toMatch(/removed: Segment by: Product/);
  await expect(sb.locator('#f-param-segmentation').inputValue()).resolves.toBe('default');
  for (const c of CHARTS) {
    await sb.locator('#f-chart').selectOption(c.id);
    expect(await options('#f-param-segmentation')).toEqual([...c.segmentations]);
    expect((await filterChoices()).sort()).toEqual(
      c.filters.filter((k) => k !== 'date' && k !== 'compare_date').sort(),
    );
  }

  // Everything fits the 300 px sidebar: no horizontal scrolling with every group open.
  await addFilter('country');
  await sb.locator('#more-options summary').click();
  await sb.locator('#preview summary').click();
  const frame = br.page.frame({ name: 'sidebar' })!;
  expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(300);
  await screenshot(br.page, 'all-filters-open', { sidebarOnly: true });
});

test('each endpoint opens in its documented default layout whatever layout the last one had; Total rows only where it applies', async () => {
  await open();
  const sb = sidebar(br.page);
  const group = sb.locator('#more-options');
  const openGroup = async () => {
    if (!(await group.evaluate((d) => (d as HTMLDetailsElement).open)))
      await sb.locator('#more-options summary').click();
  };
  const several = ENDPOINTS.filter((e) => LAYOUTS[e.id].length > 1);
  for (const from of several) {
    for (const to of ENDPOINTS) {
      if (to.id === from.id) continue;
      await sb.locator('#f-endpoint').selectOption(from.id);
      await openGroup();
      const other = LAYOUTS[from.id][LAYOUTS[from.id].length - 1].id;
      await sb.locator('#f-layout').selectOption(other);
      await sb.locator('#f-endpoint').selectOption(to.id);
      await openGroup();
      const want = LAYOUTS[to.id][0];
      if (LAYOUTS[to.id].length > 1)
        expect([from.id, to.id, await sb.locator('#f-layout').inputValue()]).toEqual([from.id, to.id, want.id]);
      else expect(await sb.locator('#f-layout').count()).toBe(0);
      expect(await sb.locator('#f-totals').count()).toBe(want.totals ? 1 : 0);
    }
  }
  // The cohort triangle and the funnel's steps, named as the docs name them.
  await sb.locator('#f-endpoint').selectOption('cohort');
  expect(await sb.locator('#f-layout').inputValue()).toBe('triangle');
  await sb.locator('#f-endpoint').selectOption('funnel');
  expect(await sb.locator('#f-layout').inputValue()).toBe('steps');
  // Total rows: the choice reaches the spec the sidebar remembers.
  await sb.locator('#f-totals').selectOption('separate');
  await until(() => {
    const last = [...pg.rpcLog].reverse().find((c) => c.name === 'rememberSpec');
    return (last?.args[0] as { totals?: string } | undefined)?.totals === 'separate';
  }, 'rememberSpec with totals');
});

test('countries are picked by name: "germ" finds Germany, its chip says Germany, the request sends de', async () => {
  await open();
  const sb = sidebar(br.page);
  await sb.locator('#f-endpoint').selectOption('analytics');
  await sb.locator('#f-chart').selectOption('installs');
  const country = await addFilter('country');
  await country.fill('germ');
  const option = sb.locator('#f-filter-country .multi-option', { hasText: 'Germany' });
  await option.waitFor();
  await expect(sb.locator('#f-filter-country .multi-option').count()).resolves.toBe(1);
  await option.locator('input').check();
  await expect(sb.locator('.chip .chip-text').first().textContent()).resolves.toBe('Germany');
  await sb.locator('#preview summary').click();
  expect(JSON.parse((await sb.locator('#preview-body').textContent())!).filters.country).toEqual(['de']);
});

test('an invalid filter is shown inline and nothing is sent', async () => {
  await open();
  const sb = sidebar(br.page);
  await sb.locator('#f-endpoint').selectOption('analytics');
  await sb.locator('#f-chart').selectOption('installs');
  const country = await addFilter('country');
  await country.fill('us');
  await country.press('Enter');
  await country.fill('xx');
  await country.press('Enter');
  const error = sb.locator('#f-filter-country-error');
  await expect(error.textContent()).resolves.toMatch(/"xx" is not an ISO 3166-1 alpha-2 country code/);
  await expect(country.getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(sb.locator('.chip.invalid .chip-text').textContent()).resolves.toBe('XX');
  await sb.locator('#preview summary').click();
  await sb.getByText('Fix the highlighted field to see the request.').waitFor();

  const http = pg.world.http.length;
  const calls = pg.rpcLog.length;
  await sb.locator('#btn-run').click();
  await expect(sb.locator('#run-error').textContent()).resolves.toMatch(
    /Nothing was sent\. Country "xx" is not an ISO/,
  );
  await expect(country.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  await sb.locator('#btn-insert').click();
  await sb.locator('.save-panel summary').click();
  await sb.locator('#btn-save').click();
  await new Promise((r) => setTimeout(r, 1500));
  await screenshot(br.page, 'invalid-filter', { sidebarOnly: true });
  expect(pg.world.http.length).toBe(http);
  // Only reads may happen meanwhile (the sheet-name field's describeSheet is debounced and may land here).
  expect(callsSince(calls).filter((n) => n !== 'rememberSpec' && n !== 'describeSheet')).toEqual([]);

  // Removing the bad token makes the report valid again.
  await sb.getByRole('button', { name: 'Remove Country: XX' }).click();
  await error.waitFor({ state: 'detached' });
  await sb.locator('#preview-body').waitFor();
  expect(JSON.parse((await sb.locator('#preview-body').textContent())!).filters.country).toEqual(['us']);
});

test('a campaign named <img src=x onerror=alert(1)> is rendered as text everywhere', async () => {
  const hostile = '<img src=x onerror=alert(1)>';
  await open();
  const sb = sidebar(br.page);
  await sb.locator('#f-endpoint').selectOption('analytics');
  await sb.locator('#f-chart').selectOption('installs');
  await sb.locator('#f-preset').selectOption('last_90_days');
  await sb.locator('#f-param-period_unit').selectOption('month');
  await sb.locator('#f-param-segmentation').selectOption('attribution_campaign');
  const campaign = await addFilter('attribution_campaign');
  await campaign.fill(hostile);
  await campaign.press('Enter');
  await expect(sb.locator('.chip-text').textContent()).resolves.toBe(hostile);
  await sb.locator('#preview summary').click();
  expect(JSON.parse((await sb.locator('#preview-body').textContent())!).filters.attribution_campaign).toEqual([
    hostile,
  ]);
  await expect(sb.locator('#preview-formula').textContent()).resolves.toContain(hostile);

  await sb.locator('#f-dest-name').fill('Hostile campaign');
  await sb.locator('#btn-run').click();
  await sb.locator('#run-result').waitFor({ timeout: 60_000 });
  const values = pg.world.sheetSnapshot(ss().id, 'Hostile campaign').values.flat();
  expect(values).toContain(hostile);
  const formulas = pg.world.sheetSnapshot(ss().id, 'Hostile campaign').formulas.flat().filter(Boolean);
  expect(formulas).toEqual([]);
  await br.page.locator('nav.tabs button', { hasText: 'Hostile campaign' }).click();
  const cell = br.page.locator('td[data-cell]', { hasText: hostile }).first();
  await cell.waitFor();
  await expect(cell.textContent()).resolves.toBe(hostile);
  await screenshot(br.page, 'hostile-campaign');

  expect(await br.page.locator('img').count()).toBe(0);
  expect(await sb.locator('img').count()).toBe(0);
  const frame = br.page.frame({ name: 'sidebar' })!;
  expect(await frame.evaluate(() => document.querySelectorAll('img, [onerror]').length)).toBe(0);
  await new Promise((r) => setTimeout(r, 300));
  expect(br.dialogs).toEqual([]);
});

test("a campaign filter offers the app's own campaigns (label and raw key) and sends the key it chose", async () => {
  await open();
  const sb = sidebar(br.page);
  await sb.locator('#f-endpoint').selectOption('analytics');
  await sb.locator('#f-chart').selectOption('revenue');
  const calls = pg.rpcLog.length;
  const campaign = await addFilter('attribution_campaign');
  // The values are learned from the app's data (a segmented installs request, cached for 6 h, so an
  // earlier test may already have learned them): the emulator's campaigns are offered.
  const option = sb.locator('#f-filter-attribution_campaign .multi-option', { hasText: 'FB_Spring_Sale_2026' });
  await option.waitFor({ timeout: 30_000 });
  expect(pg.rpcLog.slice(calls).find((c) => c.name === 'getFilterValues')?.args[0]).toBe('attribution_campaign');
  const learning = pg.world.http.filter((h) => /"segmentation":"attribution_campaign"/.test(h.payload ?? ''));
  expect(learning.length).toBeGreaterThanOrEqual(1);
  await campaign.fill('spring');
  await expect(sb.locator('#f-filter-attribution_campaign .multi-option').count()).resolves.toBeGreaterThan(0);
  await option.locator('input').check();
  await sb.locator('#preview summary').click();
  expect(JSON.parse((await sb.locator('#preview-body').textContent())!).filters.attribution_campaign).toEqual([
    'FB_Spring_Sale_2026',
  ]);
  // A typed value the app does not have is still allowed, with a note.
  await campaign.fill('Not a campaign');
  await campaign.press('Enter');
  await expect(sb.locator('#f-filter-attribution_campaign-note').textContent()).resolves.toMatch(
    /“Not a campaign” is not among the app's values; sent as typed/,
  );
});

test('save a report with a schedule; run, duplicate and delete it from the list', async () => {
  await open();
  const sb = sidebar(br.page);
  await sb.locator('#f-endpoint').selectOption('retention');
  await sb.locator('#f-preset').selectOption('last_quarter');
  await sb.locator('.save-panel summary').click();
  await sb.locator('#f-save-name').fill('Weekly retention');
  await sb.locator('#f-schedule').selectOption('week');
  await sb.locator('#f-schedule-weekday').selectOption('1');
  await sb.locator('#f-schedule-hour').selectOption('7');
  await expect(sb.locator('#f-schedule-text').textContent()).resolves.toBe('Every Monday at 07:00 (Europe/Berlin)');
  await sb.locator('#btn-save').click();
  await expect(sb.locator('#save-result').textContent()).resolves.toMatch(
    /Saved “Weekly retention” — Every Monday at 07:00/,
  );
  await screenshot(br.page, 'report-saved', { sidebarOnly: true });

  await sb.getByRole('tab', { name: /Saved reports \(\d+\)/ }).click();
  const item = sb.locator('li.saved', { hasText: 'Weekly retention' });
  await expect(item.textContent()).resolves.toMatch(/Every Monday at 07:00.*Never run/);
  await item.getByRole('button', { name: 'Run now: Weekly retention' }).click();
  await item.locator('.status-ok').waitFor({ timeout: 60_000 });
  await expect(item.locator('.saved-last').textContent()).resolves.toMatch(/OK · .* · [\d,]+ rows/);
  await item.getByRole('button', { name: 'Duplicate Weekly retention' }).click();
  await sb.locator('li.saved').nth(1).waitFor();
  const names = await sb.locator('li.saved h3').allTextContents();
  expect(names.filter((n) => n.includes('Weekly retention')).length).toBe(2);
  await screenshot(br.page, 'saved-list', { sidebarOnly: true });

  const copy = sb
    .locator('li.saved')
    .filter({ hasText: /Weekly retention./ })
    .last();
  const copyName = (await copy.locator('h3').textContent())!;
  expect(copyName).not.toBe('Weekly retention');
  await copy.getByRole('button', { name: `Delete ${copyName}` }).click();
  await copy.getByRole('button', { name: 'Delete', exact: true }).click();
  await until(async () => (await sb.locator('li.saved h3').allTextContents()).every((n) => n !== copyName), 'deleted');

  // Edit loads it back into the form.
  await sb
    .locator('li.saved', { hasText: 'Weekly retention' })
    .getByRole('button', { name: 'Edit Weekly retention' })
    .click();
  await expect(sb.locator('#f-endpoint').inputValue()).resolves.toBe('retention');
  await expect(sb.locator('#f-preset').inputValue()).resolves.toBe('last_quarter');
  await expect(sb.locator('.save-panel summary').textContent()).resolves.toBe('Editing “Weekly retention”');
});

test("a run onto a sheet holding the user's cells asks first: nothing is written until Replace", async () => {
  const g = pg.world.execution('full').globals as unknown as {
    SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  };
  const plan = g.SpreadsheetApp.getActiveSpreadsheet().insertSheet('Team plan');
  plan.getRange('A1:B2').setValues([
    ['keep me', 'budget'],
    ['Q4', 1000],
  ]);
  const cells = () =>
    pg.world
      .sheetSnapshot(ss().id, 'Team plan')
      .values.slice(0, 2)
      .map((r) => r.slice(0, 2));
  await open();
  const sb = sidebar(br.page);
  await sb.locator('#f-endpoint').selectOption('analytics');
  await sb.locator('#f-preset').selectOption('last_month');
  await sb.locator('#f-dest').selectOption('sheet');
  await sb.locator('#f-dest-sheet').selectOption('Team plan');
  const before = pg.rpcLog.length;
  await sb.locator('#btn-run').click();
  const dialog = sb.getByRole('alertdialog');
  await dialog.waitFor({ timeout: 60_000 });
  await expect(dialog.textContent()).resolves.toMatch(
    /^Replace 4 non-empty cells in Team plan!A1:[A-Z]+\d+\? Nothing has been written yet\./,
  );
  // Cancel is focused: Enter does not replace anything by accident.
  await expect(sb.locator(':focus').textContent()).resolves.toBe('Cancel');
  await screenshot(br.page, 'replace-confirm', { sidebarOnly: true });
  expect(cells()).toEqual([
    ['keep me', 'budget'],
    ['Q4', 1000],
  ]);
  await sb.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(cells()[0][0]).toBe('keep me');

  await sb.locator('#btn-run').click();
  await dialog.waitFor({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Replace' }).click();
  await sb.locator('#run-result').waitFor({ timeout: 60_000 });
  expect(cells()[0][0]).toBe('Period');
  const runs = pg.rpcLog.slice(before).filter((c) => c.name === 'runReport');
  expect(runs.map((c) => c.args[1])).toEqual([
    { confirmReplace: false },
    { confirmReplace: false },
    { confirmReplace: true },
  ]);
  // The confirmed call is the very request that asked, not whatever the form holds by then.
  expect(runs[2].args[0]).toEqual(runs[0].args[0]);
});

/**
 * Another editor of the spreadsheet with their own key (another demo app): a call of the bundle as them,
 * in full mode (their own user store, not the sidebar user's).
 */
function editorWithOwnKey(): (name: string, ...args: unknown[]) => { id: string } {
  const editor = 'editor@example.com';
  pg.world.userStore(editor).apply(new Map([['ADAPTY_API_KEY', pg.emulator.apps[1].key]]));
  return (name, ...args) => {
    const b = loadBundle(pg.world, { mode: 'full', user: editor });
    try {
      return b.call(name, ...args) as { id: string };
    } finally {
      b.end();
    }
  };
}

test("another editor's report: the list says whose connection it uses; Run offers a copy with my key or taking it over", async () => {
  // An editor with their own key (another demo app) saves a report and names themselves.
  const asEditor = editorWithOwnKey();
  const theirs = asEditor('saveReport', {
    name: 'Editor MRR',
    spec: {
      endpoint: 'analytics',
      chart: 'mrr',
      start: '2026-10-01',
      end: '2026-10-10',
      params: { period_unit: 'day' },
    },
    destination: { kind: 'sheet', sheetName: 'Editor MRR' },
  });
  asEditor('setOwnerName', 'Bea');
  await open();
  const sb = sidebar(br.page);
  await sb.getByRole('tab', { name: /Saved reports \(\d+\)/ }).click();
  const item = sb.locator('li.saved', { has: sb.locator('h3', { hasText: /^Editor MRR$/ }) });
  await expect(item.locator('.saved-owner').textContent()).resolves.toBe("Connection: another editor's (Bea)");

  const sent = pg.world.http.length;
  await item.getByRole('button', { name: 'Run now: Editor MRR' }).click();
  await item.locator('[role=alert]').waitFor();
  await expect(item.locator('[role=alert]').textContent()).resolves.toMatch(
    /another editor's Adapty connection \(Bea\)/,
  );
  expect(pg.world.http.length).toBe(sent); // nothing was sent with either key
  await screenshot(br.page, 'saved-other-editor', { sidebarOnly: true });

  await item.getByRole('button', { name: 'Run with my key into a copy' }).click();
  const copy = sb.locator('li.saved', { has: sb.locator('h3', { hasText: /^Editor MRR \(copy\)$/ }) });
  await copy.locator('.notice-ok').waitFor({ timeout: 60_000 });
  await expect(copy.locator('.saved-owner').textContent()).resolves.toBe('Connection: yours');
  const keys = pg.world.http.slice(sent).map((h) => h.headers.Authorization);
  expect(keys).toEqual([`Api-Key ${pg.emulator.demoKey}`]);

  await item.getByRole('button', { name: 'Run now: Editor MRR' }).click();
  await item.getByRole('button', { name: 'Take it over' }).click();
  await item
    .locator('.notice-ok')
    .filter({ hasText: /^It is yours now\./ })
    .waitFor({ timeout: 60_000 });
  await expect(item.locator('.saved-owner').textContent()).resolves.toBe('Connection: yours');
  // The report is the sidebar user's now: the editor's id is no longer on it.
  const editorId = (asEditor('getBootstrap') as unknown as { me: { id: string } }).me.id;
  const listed = asEditor('listReports') as unknown as { id: string; name: string; owner: { id: string } }[];
  expect(listed.find((r) => r.id === theirs.id)?.owner.id).not.toBe(editorId);
  // Leave the list as the other tests expect it.
  for (const r of listed.filter((x) => x.name.startsWith('Editor MRR'))) asEditor('deleteReport', r.id);
});

test("another editor's scheduled report that their hourly run stopped refreshing is flagged in the list, with take-over offered at once", async () => {
  const asEditor = editorWithOwnKey();
  // Saved 30 hours ago, daily at 06:00, and never run since: the editor's hourly run has stopped.
  const now = pg.world.clock.now();
  pg.world.clock.set(now - 30 * 3600e3);
  try {
    asEditor('saveReport', {
      name: 'Left behind',
      spec: { endpoint: 'analytics', chart: 'mrr', start: 'last_7_days' },
      destination: { kind: 'new_sheet' },
      schedule: 'daily at 6',
    });
    asEditor('setOwnerName', 'Bea');
  } finally {
    pg.world.clock.set(now);
  }
  try {
    await open();
    const sb = sidebar(br.page);
    await sb.getByRole('tab', { name: /Saved reports \(\d+\)/ }).click();
    const item = sb.locator('li.saved', { has: sb.locator('h3', { hasText: /^Left behind/ }) });
    await expect(item.locator('h3').textContent()).resolves.toBe('Left behind · Not refreshed');
    await expect(item.locator('.saved-orphan').textContent()).resolves.toMatch(
      /^⚠ Not refreshed since Nov 27, 2026, \d\d:\d\d: Bea's hourly run has missed it since Nov 27, 2026, 06:00 \(they may have left or lost access\)\. Take it over/,
    );
    // What a refused Run would offer, offered before anyone has to try.
    await item.getByRole('button', { name: 'Take it over' }).waitFor();
    await item.getByRole('button', { name: 'Run with my key into a copy' }).waitFor();
    // A report of theirs that is on time is not flagged.
    expect(await sb.locator('.saved-orphan').count()).toBe(1);
  } finally {
    const listed = asEditor('listReports') as unknown as { id: string; name: string }[];
    for (const r of listed.filter((x) => x.name === 'Left behind')) asEditor('deleteReport', r.id);
  }
});

test('insert as formula in a comma-decimal locale (de_DE) uses ";" and the formula computes', async () => {
  ss().locale = 'de_DE';
  try {
    await insertInGerman();
  } finally {
    ss().locale = 'en_US';
  }
});

async function insertInGerman(): Promise<void> {
  await open();
  const sb = sidebar(br.page);
  await br.page.locator('nav.tabs button', { hasText: 'Sheet1' }).click();
  await br.page.locator('td[data-cell="B3"]').click();
  await until(
    () => ss().activeRange?.row === 3 && ss().activeRange?.col === 2 && ss().activeSheet().name === 'Sheet1',
    'B3 selected',
  );
  await sb.locator('#f-endpoint').selectOption('analytics');
  await sb.locator('#f-chart').selectOption('subscriptions_new');
  await sb.locator('#f-preset').selectOption('last_7_days');
  await sb.locator('#f-param-period_unit').selectOption('day');
  await sb.locator('#preview summary').click();
  const expected = '=ADAPTY_ANALYTICS("subscriptions_new"; "last_7_days"; ""; "period_unit=day")';
  await expect(sb.locator('#preview-formula').textContent()).resolves.toBe(expected);
  await sb.locator('#btn-insert').click();
  await sb.locator('#insert-result').waitFor({ timeout: 30_000 });
  await expect(sb.locator('#insert-result code').textContent()).resolves.toBe(expected);
  await expect(sb.locator('#insert-result').textContent()).resolves.toMatch(/Inserted into (Sheet1!)?B3/);
  expect(pg.world.sheetSnapshot(ss().id, 'Sheet1').formulas[2][1]).toBe(expected);

  // The live view evaluates it through the custom function: a header then 7 days spill from B3.
  const b3 = br.page.locator('td[data-cell="B3"]');
  await until(async () => ((await b3.textContent()) ?? '') !== '', 'the formula result', 30_000);
  expect(await b3.getAttribute('class')).not.toMatch(/err/);
  await br.page.locator('td[data-cell="B4"].spill').waitFor();
  await screenshot(br.page, 'formula-de-DE');
}

const AUTH = 'https://www.googleapis.com/auth/';
/** Waits until the sidebar has the server's answer (how many permissions are missing). */
const permissionsChecked = (missing: number) =>
  sidebar(br.page).locator(`main[data-missing-permissions="${missing}"]`).waitFor();

test('every permission granted: no permission banner', async () => {
  await open();
  await permissionsChecked(0);
  expect(await sidebar(br.page).locator('#permission-banner').count()).toBe(0);
});

test('a partial grant: one banner names the permission, what it stops (the paused schedule) and how to grant it', async () => {
  const owner = pg.world.options.owner;
  const asOwner = (mode: 'full' | 'trigger', name: string, ...args: unknown[]) => {
    const b = loadBundle(pg.world, { mode });
    try {
      return b.call(name, ...args) as { id: string };
    } finally {
      b.end();
    }
  };
  const saved = asOwner('full', 'saveReport', {
    name: 'Hourly MRR',
    spec: { endpoint: 'analytics', chart: 'mrr', start: 'last_7_days', params: { period_unit: 'day' } },
    destination: { kind: 'sheet', sheetName: 'Hourly MRR' },
    schedule: 'hourly',
  });
  // The user later withdraws "Connect to an external service"; the next hourly run records the pause.
  pg.world.withdrawScopes(owner, [AUTH + 'script.external_request']);
  try {
    const sent = pg.world.http.length;
    pg.world.clock.advance(3_600_000);
    asOwner('trigger', 'runScheduledReports');
    expect(pg.world.http.length).toBe(sent);

    await open();
    const sb = sidebar(br.page);
    const banner = sb.locator('#permission-banner');
    await permissionsChecked(1);
    expect(await sb.locator('.permission-banner').count()).toBe(1);
    const text = (await banner.textContent()) ?? '';
    expect(text).toContain('Adapty is missing a Google permission');
    expect(text).toContain('“Connect to an external service” — needed to fetch reports from Adapty');
    expect(text).toContain('refresh scheduled reports');
    expect(text).toContain('Your scheduled reports are paused until it is granted');
    expect(text).toContain('Extensions › Adapty › Grant permissions');
    expect(text).not.toMatch(/View and manage spreadsheets|Allow this application to run/); // granted ones
    const link = banner.getByRole('link', { name: 'Google’s authorization page' });
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/script\.google\.com\//);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(text).not.toContain(pg.emulator.demoKey.slice(-6));
    await screenshot(br.page, 'permission-banner', { sidebarOnly: true });

    // Granted again: the banner is gone on the next opening.
    pg.world.setGrantedScopes(owner, MANIFEST_SCOPES);
    await open();
    await permissionsChecked(0);
    expect(await sb.locator('#permission-banner').count()).toBe(0);
  } finally {
    pg.world.grants.delete(owner);
    asOwner('full', 'deleteReport', saved.id);
  }
});

/** One execution of the built bundle as the playground's user (what a menu click or trigger does). */
function asUser(name: string, ...args: unknown[]): any {
  const b = loadBundle(pg.world, { mode: 'full' });
  try {
    return b.call(name, ...args);
  } finally {
    b.end();
  }
}

test("a merged report's refresh window: asked only in Merge, a bad one refused by its name with nothing saved, the days saved", async () => {
  await open();
  const sb = sidebar(br.page);
  await sb.locator('.save-panel summary').click();
  expect(await sb.locator('#f-save-window').count()).toBe(0); // Replace: no window to ask for
  await sb.locator('#f-mode input[value="merge"]').check();
  const field = sb.locator('#f-save-window');
  await expect(field.getAttribute('placeholder')).resolves.toBe('30');
  await sb.locator('#f-save-name').fill('Merged MRR');
  const before = (asUser('listReports') as unknown[]).length;
  await field.fill('0');
  await sb.locator('#btn-save').click();
  const error = sb.locator('.save-panel .notice-error');
  await error.waitFor();
  const text = (await error.textContent()) ?? '';
  expect(text).toContain('Refresh window (days)');
  expect(text).toContain('a whole number of days from 1 to 400');
  expect((asUser('listReports') as unknown[]).length).toBe(before);

  await field.fill('7');
  await sb.locator('#btn-save').click();
  await expect(sb.locator('#save-result').textContent()).resolves.toMatch(/^Saved “Merged MRR”/);
  const saved = (asUser('listReports') as any[]).find((r) => r.name === 'Merged MRR');
  expect(saved).toMatchObject({ mode: 'merge', window: 7 });
  asUser('deleteReport', saved.id);
});

/** What Extensions › Adapty › New dashboard… leaves for the sidebar it opens (test/e2e/dashboard.test.ts clicks the menu). */
const openOnDashboard = () =>
  pg.world.userStore(pg.world.options.owner).apply(new Map([['adapty.sidebarView', 'dashboard']]));

test('New dashboard… in the sidebar: period, build, the result; reopened, it offers a refresh and adds nothing', async () => {
  openOnDashboard();
  await br.page.goto(pg.url);
  const sb = sidebar(br.page);
  const build = sb.locator('#dash-build');
  await build.waitFor({ state: 'visible', timeout: 30_000 });
  await expect(sb.locator('#dashboard-title').textContent()).resolves.toBe('New dashboard');
  await sb.locator('#dash-period').selectOption('months_3');
  const calls = pg.rpcLog.length;
  await build.click();
  const result = sb.locator('#dash-result');
  await result.waitFor({ timeout: 80_000 });
  expect(await result.textContent()).toMatch(
    /^Dashboard ready: 12 reports, each refreshed daily at 6:00, and Overview\./,
  );
  expect(callsSince(calls).filter((n) => n === 'buildDashboard').length).toBeGreaterThanOrEqual(1);
  const sheets = ss().sheets.map((s) => s.name);
  expect(sheets[0]).toBe('Overview');
  for (const n of ['MRR', 'Revenue', 'Refunds', 'Funnel']) expect(sheets).toContain(n);
  const reports = (asUser('listReports') as any[]).filter((r) => r.dashboard);
  expect(reports).toHaveLength(12);
  await screenshot(br.page, 'dashboard-built', { sidebarOnly: true });

  try {
    // Reopened: it says what exists and offers a refresh; no second build.
    openOnDashboard();
    await br.page.goto(pg.url);
    const exists = sb.locator('#dash-exists');
    await exists.waitFor({ timeout: 30_000 });
    expect(await exists.textContent()).toContain('This spreadsheet has a dashboard: 12 reports and Overview.');
    expect(await sb.locator('#dash-build').count()).toBe(0);
    expect(await sb.locator('#dash-add').count()).toBe(0);
    await sb.locator('#dash-refresh').waitFor();
    expect(ss().sheets.length).toBe(sheets.length);
  } finally {
    for (const r of reports) asUser('deleteReport', r.id);
  }
});
