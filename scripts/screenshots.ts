/**
 * `npm run screenshots`: the README's pictures, taken from the real built sidebar and playground in the
 * browser tests' headless Chromium (test/browser/browser.ts), so they show what the code does today.
 * Writes docs/screenshots/*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { launch } from '../test/browser/browser';
import { startPlayground } from './playground/server';

const OUT = path.join(__dirname, '..', 'docs', 'screenshots');

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const pg = await startPlayground({ port: 0 });
  const br = await launch();
  try {
    const page = br.page;
    const shot = (name: string) => page.screenshot({ path: path.join(OUT, `${name}.png`) });

    // The sidebar as Sheets sizes it: 300 px wide.
    await page.setViewportSize({ width: 300, height: 800 });
    await page.goto(pg.sidebarUrl);
    await page.locator('#f-endpoint').waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('#btn-new-report').click();
    await shot('sidebar-report');

    await page.locator('#f-param-segmentation').selectOption('country');
    await page.locator('#btn-add-filter').click();
    await page.locator('#f-add-filter').selectOption('country');
    const search = page.locator('#f-filter-country-search');
    await search.fill('u');
    await page.locator('#f-filter-country .multi-option').first().waitFor();
    await page.locator('#f-filter-country .multi-option input').first().check();
    await shot('sidebar-filters');

    await page.locator('#btn-new-report').click();
    await page.locator('#f-preset').selectOption('last_month');
    await page.locator('#f-param-period_unit').selectOption('week');
    await page.locator('.save-panel summary').click();
    await page.locator('#f-save-name').fill('Weekly revenue');
    await page.locator('#f-schedule').selectOption('day');
    await page.locator('#btn-save').click();
    await page.locator('#save-result').waitFor();
    await page.getByRole('tab', { name: /Saved reports/ }).click();
    await page.getByRole('button', { name: 'Run now: Weekly revenue' }).click();
    await page.locator('li.saved .status-ok').waitFor({ timeout: 60_000 });
    await shot('sidebar-saved');

    // A report in the sheet, beside the sidebar.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(pg.url);
    await page.locator('nav.tabs button', { hasText: 'Weekly revenue' }).click();
    await page.locator('td[data-cell="A2"]').filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
    await page.frameLocator('#sidebar').locator('#f-endpoint').waitFor({ timeout: 30_000 });
    await shot('playground-report');
    for (const f of fs.readdirSync(OUT)) console.log(`  docs/screenshots/${f}`);
  } finally {
    await br.close();
    await pg.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
