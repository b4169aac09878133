/**
 * Chart styles in the sidebar (issue 11 §2), in headless Chromium against the playground: the built
 * dist/Sidebar.html, google.script.run bridged to dist/Code.js in the fakes, the emulator behind it. The
 * Chart style choice appears once a funnel or cohort report asks for a chart (never for a report whose
 * layout has none); it is saved with the report, drawn by its run, and shown again when the report is reopened.
 */
import type { Playground } from '../../scripts/playground/server';
import { loadBundle } from '../harness/bundle';
import { usePlayground, sidebar, until, type Browser } from './browser';

jest.setTimeout(90_000);

let pg: Playground;
let br: Browser;

usePlayground((p, b) => {
  pg = p;
  br = b;
});

function asUser(name: string, ...args: unknown[]): any {
  const b = loadBundle(pg.world, { mode: 'full' });
  try {
    return b.call(name, ...args);
  } finally {
    b.end();
  }
}

async function open(): Promise<void> {
  await br.page.goto(pg.url);
  await sidebar(br.page).locator('#f-endpoint').waitFor({ state: 'visible', timeout: 30_000 });
  await sidebar(br.page).locator('#btn-new-report').click();
}

const styleChoices = () =>
  sidebar(br.page)
    .locator('#f-dest-chart-style option')
    .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).textContent));

test('a funnel saved as a bar chart: chosen in the sidebar, drawn as bars, shown again when reopened', async () => {
  await open();
  const sb = sidebar(br.page);
  await sb.locator('#f-endpoint').selectOption('funnel');
  await sb.locator('#f-preset').selectOption('last_month');
  // No chart asked for: no style to choose.
  expect(await sb.locator('#f-dest-chart-style').count()).toBe(0);
  await sb.locator('#f-dest-chart').check();
  await expect(styleChoices()).resolves.toEqual(['Column chart', 'Bar chart', 'Line chart']);
  await expect(sb.locator('#f-dest-chart-style').inputValue()).resolves.toBe('column');
  await sb.locator('#f-dest-chart-style').selectOption('bar');

  await sb.locator('.save-panel summary').click();
  await sb.locator('#f-save-name').fill('Funnel bars');
  await sb.locator('#btn-save').click();
  await expect(sb.locator('#save-result').textContent()).resolves.toMatch(/^Saved “Funnel bars”/);
  const saved = (asUser('listReports') as any[]).find((r) => r.name === 'Funnel bars');
  expect(saved).toMatchObject({ chart: true, chartStyle: 'bar' });

  await sb.getByRole('tab', { name: /Saved reports \(\d+\)/ }).click();
  const item = sb.locator('li.saved', { hasText: 'Funnel bars' });
  await item.getByRole('button', { name: 'Run now: Funnel bars' }).click();
  await item.locator('.status-ok').waitFor({ timeout: 60_000 });
  const ran = (asUser('listReports') as any[]).find((r) => r.id === saved.id);
  const sheet = pg.world.sheetSnapshot(pg.world.spreadsheet().id, ran.block.sheetName);
  expect(sheet.charts.map((c) => c.type)).toEqual(['BAR']);

  // Reopened: a new sidebar, the report edited from the list shows its style.
  await open();
  await sb.getByRole('tab', { name: /Saved reports \(\d+\)/ }).click();
  await sb.locator('li.saved', { hasText: 'Funnel bars' }).getByRole('button', { name: 'Edit Funnel bars' }).click();
  await sb.locator('#f-dest-chart:checked').waitFor();
  await until(
    async () => (await sb.locator('#f-dest-chart-style').inputValue()) === 'bar',
    'the saved style in Chart style',
  );
  asUser('deleteReport', saved.id);
});

test('a cohort triangle offers the colour scales; its long layout and LTV offer none', async () => {
  await open();
  const sb = sidebar(br.page);
  await sb.locator('#f-endpoint').selectOption('cohort');
  await sb.locator('#f-dest-chart').check();
  await expect(styleChoices()).resolves.toEqual(['Green scale', 'Red (low) to green']);
  await sb.locator('#more-options summary').click();
  await sb.locator('#f-layout').selectOption('long');
  await sb.locator('#f-dest-chart-style').waitFor({ state: 'detached' });
  await sb.locator('#f-layout').selectOption('triangle');
  await sb.locator('#f-dest-chart-style').waitFor();
  await sb.locator('#f-endpoint').selectOption('ltv');
  await sb.locator('#f-dest-chart').waitFor({ state: 'detached' });
  expect(await sb.locator('#f-dest-chart-style').count()).toBe(0);
});
