import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withCatalog } from './readmeTables';
import { CHARTS } from '../src/catalog/catalog';

test('the README tables are generated from the current catalog (run `npm run docs` after changing it)', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  expect(withCatalog(readme)).toBe(readme);
  for (const c of CHARTS) expect(readme).toContain(`| \`${c.id}\` | ${c.label} |`);
});
