/**
 * The sidebar as Sheets sizes it (300 × 800 px, the page itself, not the playground's frame): the Run bar
 * in view, the form within two screens, "Start a new report", the "nothing matched" warning under Run,
 * the sheet's locale in what the sidebar shows, and an axe-core accessibility check of its main states.
 */
import type AxeCore from 'axe-core';
import type { Page } from 'playwright-core';
import type { Playground } from '../../scripts/playground/server';
import { usePlayground, type Browser } from './browser';

jest.setTimeout(90_000);

let pg: Playground;
let br: Browser;
let page: Page;

usePlayground(async (p, b) => {
  pg = p;
  br = b;
  page = br.page;
  await page.setViewportSize({ width: 300, height: 800 });
});

/** The sidebar alone at 300 × 800, on a new report with the defaults. */
async function open(): Promise<void> {
  await page.goto(pg.sidebarUrl);
  await page.locator('#f-endpoint').waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('#btn-new-report').click();
}

/** Whether the element is inside the viewport (not scrolled out, not covered at its centre). */
const inView = (selector: string) =>
  page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight || r.width === 0) return false;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!hit && (hit === el || el.contains(hit));
  });

async function addFilter(key: string) {
  await page.locator('#btn-add-filter').click();
  await page.locator('#f-add-filter').selectOption(key);
  const search = page.locator(`#f-filter-${key}-search`);
  await search.waitFor();
  return search;
}

test('Run and Insert as formula are in view at 300 × 800 with the defaults, at every scroll position', async () => {
  await open();
  for (const y of [0, 400, 800, 1e6]) {
    await page.evaluate((to) => window.scrollTo(0, to), y);
    expect(await inView('#btn-run')).toBe(true);
    expect(await inView('#btn-insert')).toBe(true);
  }
  // With the defaults the form is within two screens of 800 px.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1600);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(300);
});

test('"Start a new report" resets the destination, its sheet name and the write mode', async () => {
  await open();
  await page.locator('#f-dest-name').fill('My own name');
  await page.locator('#f-mode input[value="append"]').check();
  await page.locator('#f-dest').selectOption('active_cell');
  await page.locator('#f-endpoint').selectOption('retention');
  await page.locator('#btn-new-report').click();
  await expect(page.locator('#f-dest').inputValue()).resolves.toBe('new_sheet');
  const named = await page.locator('#f-dest-name').inputValue();
  expect(named).not.toBe('My own name');
  await expect(page.locator('#f-mode input[value="overwrite"]').isChecked()).resolves.toBe(true);
  await expect(page.locator('#f-endpoint').inputValue()).resolves.toBe('analytics');
  // The sheet name follows the new report again.
  await page.locator('#f-chart').selectOption('installs');
  await expect(page.locator('#f-dest-name').inputValue()).resolves.not.toBe(named);
});

test('"nothing matched": the warning names the value under Run, announced, and goes when the form changes', async () => {
  await open();
  await page.locator('#f-chart').selectOption('revenue');
  await page.locator('#f-preset').selectOption('last_month');
  const campaign = await addFilter('attribution_campaign');
  await campaign.fill('Spring sale campaign');
  await campaign.press('Enter');
  await page.locator('#f-dest-name').fill('Spring check');
  await page.locator('#btn-run').click();
  await page.locator('#run-result').waitFor({ timeout: 60_000 });
  const warning = page.locator('#run-warning');
  await expect(warning.textContent()).resolves.toMatch(
    /Nothing matched: .*attribution_campaign "Spring sale campaign" is not among this app's values/,
  );
  // Below the Run button, inside a polite live region.
  const [run, warn] = await Promise.all([page.locator('#btn-run').boundingBox(), warning.boundingBox()]);
  expect(warn!.y).toBeGreaterThan(run!.y);
  await expect(warning.evaluate((el) => el.closest('[aria-live]')?.getAttribute('aria-live') ?? null)).resolves.toBe(
    'polite',
  );
  // The table was written all the same.
  expect(pg.world.sheetSnapshot(pg.world.spreadsheet().id, 'Spring check').values.length).toBeGreaterThan(1);

  await page.locator('#f-preset').selectOption('last_7_days');
  await warning.waitFor({ state: 'detached' });
  await page.locator('#run-result').waitFor({ state: 'detached' });
});

/** axe-core on the page as it is: serious and critical violations, each with the elements it found. */
async function axeViolations(): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: require.resolve('axe-core') });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof AxeCore }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('accessibility (axe-core): no serious or critical violation', () => {
  test('the empty form', async () => {
    await open();
    expect(await axeViolations()).toEqual([]);
  });

  test('a filter open with its values', async () => {
    await open();
    const country = await addFilter('country');
    await country.fill('d');
    await page.locator('#f-filter-country .multi-option').first().waitFor();
    await page.locator('#more-options summary').click();
    await page.locator('#preview summary').click();
    expect(await axeViolations()).toEqual([]);
  });

  test('an error shown: inline under its field and under Run', async () => {
    await open();
    const country = await addFilter('country');
    await country.fill('xx');
    await country.press('Enter');
    await page.locator('#btn-run').click();
    await page.locator('#run-error').waitFor();
    expect(await axeViolations()).toEqual([]);
  });

  test('the saved reports list', async () => {
    await open();
    await page.locator('.save-panel summary').click();
    await page.locator('#f-save-name').fill('Axe check');
    await page.locator('#f-schedule').selectOption('week');
    await page.locator('#btn-save').click();
    await page.locator('#save-result').waitFor();
    await page.getByRole('tab', { name: /Saved reports/ }).click();
    await page.locator('li.saved', { hasText: 'Axe check' }).waitFor();
    expect(await axeViolations()).toEqual([]);
  });
});

test('a de_DE sheet: dates and counts in messages as the sheet shows them, formulas with ";"', async () => {
  const ss = pg.world.spreadsheet();
  ss.locale = 'de_DE';
  const g = pg.world.execution('full').globals as unknown as {
    SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  };
  g.SpreadsheetApp.getActiveSpreadsheet().insertSheet('Long plan').getRange('A1000').setValue('last line');
  try {
    await open();
    // The sheet-name field counts the sheet's rows the way the sheet writes numbers.
    await page.locator('#f-dest').selectOption('sheet');
    await page.locator('#f-dest-sheet').selectOption('Long plan');
    await expect(page.locator('#f-dest-info').textContent({ timeout: 30_000 })).resolves.toMatch(
      /^“Long plan” exists \(1\.000 rows × 1 column used\)/,
    );
    await page.locator('#f-dest').selectOption('new_sheet');
    await page.locator('#f-preset').selectOption('custom');
    await page.locator('#f-start').fill('2026-10-05');
    await page.locator('#f-end').fill('2026-10-01');
    await expect(page.locator('#f-end-error').textContent()).resolves.toBe('To 01.10.2026 is before From 05.10.2026');
    await page.locator('#f-end').fill('2026-10-31');
    await page.locator('#preview summary').click();
    await expect(page.locator('#preview-formula').textContent()).resolves.toMatch(
      /^=ADAPTY_ANALYTICS\("revenue"; "2026-10-05"; "2026-10-31"/,
    );
  } finally {
    ss.locale = 'en_US';
    g.SpreadsheetApp.getActiveSpreadsheet().deleteSheet(
      g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Long plan')!,
    );
  }
});
