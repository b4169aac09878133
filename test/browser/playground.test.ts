/**
 * The playground page (`npm start`): its formula bar types values and =ADAPTY_… formulas into any cell,
 * with a range as the options; the result spills to its real size, or shows #REF! with Sheets' message.
 * Its Extensions › Adapty menu runs the add-on's own items; its clock panel fires the hourly trigger.
 */
import type { Playground } from '../../scripts/playground/server';
import { MENU_ITEMS } from '../../src/entry/addonMenu';
import { loadBundle } from '../harness/bundle';
import { usePlayground, until, type Browser } from './browser';

jest.setTimeout(90_000);

let pg: Playground;
let br: Browser;

usePlayground(
  (p, b) => {
    pg = p;
    br = b;
  },
  { clean: false },
);

/** Selects `a1` in the grid and types `text` into the formula bar, then Enter. */
async function type(a1: string, text: string): Promise<void> {
  const page = br.page;
  await page.locator(`td[data-cell="${a1}"]`).click();
  await page.locator('#cell-ref', { hasText: new RegExp(`^${a1}$`) }).waitFor();
  const bar = page.locator('#cell-content');
  const [, col, row] = /^([A-Z]+)(\d+)$/.exec(a1)!;
  await until(async () => (await bar.getAttribute('data-row')) === row, `${a1} in the formula bar`);
  expect(await bar.getAttribute('data-col')).toBe(String(col.charCodeAt(0) - 64));
  await bar.fill(text);
  await bar.press('Enter');
}

test('a typed formula with a range of options spills to its real size; a value in its way makes it #REF!', async () => {
  const page = br.page;
  await page.goto(pg.url);
  await page.locator('td[data-cell="A1"]').waitFor({ timeout: 30_000 });
  await type('E1', 'period_unit');
  await type('F1', 'week');
  await page.locator('td[data-cell="F1"]', { hasText: 'week' }).waitFor();
  await type('B3', '=ADAPTY_ANALYTICS("revenue", "last_month", "", E1:F1)');

  const b3 = page.locator('td[data-cell="B3"]');
  await until(async () => ((await b3.textContent()) ?? '') !== '', 'the formula result', 30_000);
  expect(await b3.getAttribute('class')).not.toMatch(/err/);
  expect(await b3.textContent()).toBe('Period');
  // The first week starts in September: a date cell in the sheet's locale (en_US), marked partial.
  expect(await page.locator('td[data-cell="B4"]').textContent()).toBe('9/28/2026');
  expect(await page.locator('td[data-cell="C4"]').textContent()).toBe('partial');
  // October 2026 in weeks: 5 or 6 rows under the header, every one of them shown.
  const spilled = await page.locator('td.spill[data-cell^="B"]').count();
  expect(spilled).toBeGreaterThanOrEqual(5);
  await page.locator(`td[data-cell="B${3 + spilled}"].spill`).waitFor();
  expect(await page.locator(`td[data-cell="B${4 + spilled}"]`).textContent()).toBe('');
  // The formula bar shows the formula of the selected cell, not its value.
  await expect(page.locator('#cell-content').inputValue()).resolves.toBe(
    '=ADAPTY_ANALYTICS("revenue", "last_month", "", E1:F1)',
  );

  await type('C5', 'mine');
  await page.locator('td[data-cell="B3"].err').waitFor();
  await expect(b3.textContent()).resolves.toBe('#REF!');
  await expect(b3.getAttribute('title')).resolves.toBe(
    'Array result was not expanded because it would overwrite data in C5.',
  );
  await expect(page.locator('td[data-cell="C5"]').textContent()).resolves.toBe('mine');
  expect(await page.locator('td.spill').count()).toBe(0);

  // Emptied again, the result spills back.
  await type('C5', '');
  await until(async () => (await b3.textContent()) === 'Period', 'the spill back');
});

test('Extensions › Adapty shows every item of the add-on menu; an item runs in the bundle', async () => {
  const page = br.page;
  await page.goto(pg.url);
  await page.locator('#menu-btn').click();
  const items = page.getByRole('menuitem');
  await items.first().waitFor();
  expect(await items.allTextContents()).toEqual(MENU_ITEMS.filter((i) => i !== null).map((i) => i[0]));
  await page.getByRole('menuitem', { name: 'Help' }).click();
  // The item runs over RPC: wait for its answer to be shown rather than reading at once (was flaky).
  await page.waitForFunction(() => (document.querySelector('#ui-msg')?.textContent ?? '').trim() !== '', null, {
    timeout: 15000,
  });
  await expect(page.locator('#ui-msg').textContent()).resolves.toMatch(/\S/);
  expect(await page.locator('#menu').isHidden()).toBe(true);
});

test('the clock starts where the world does and "Advance one hour" runs a due hourly report', async () => {
  const page = br.page;
  const b = loadBundle(pg.world, { mode: 'full' });
  try {
    b.call('saveReport', {
      name: 'Hourly MRR',
      spec: { endpoint: 'analytics', chart: 'mrr', start: 'last_7_days', params: { period_unit: 'day' } },
      destination: { kind: 'new_sheet', sheetName: 'Hourly MRR' },
      schedule: 'hourly',
    });
  } finally {
    b.end();
  }
  await page.goto(pg.url);
  await page.locator('#clock-now', { hasText: /^Now: / }).waitFor();
  // In the sheet's locale (en_US here) and zone, as the sheet shows times: the fixed start 09:00 UTC is 10:00 in Berlin.
  await expect(page.locator('#clock-now').textContent()).resolves.toMatch(
    /^Now: 11\/28\/2026, 10:0\d:\d\d AM Europe\/Berlin$/,
  );
  const before = pg.world.clock.now();
  expect(pg.world.spreadsheet().sheetByName('Hourly MRR')).toBeUndefined();
  await page.locator('#clock-advance').click();
  await page.locator('#ui-msg', { hasText: /fired: runScheduledReports/ }).waitFor({ timeout: 60_000 });
  expect(pg.world.clock.now() - before).toBeGreaterThanOrEqual(3_600_000);
  // The schedule ran: its sheet has rows and the log says so.
  await page.locator('nav.tabs button', { hasText: 'Hourly MRR' }).waitFor();
  expect(pg.world.sheetSnapshot(pg.world.spreadsheet().id, 'Hourly MRR').values.length).toBeGreaterThan(1);
  const log = pg.world.sheetSnapshot(pg.world.spreadsheet().id, 'Adapty Log').values.flat().map(String);
  expect(log.some((c) => c.includes('Hourly MRR'))).toBe(true);
});
