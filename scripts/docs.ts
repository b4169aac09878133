// `npm run docs`: regenerates the README's reference tables from the catalog.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withCatalog } from './readmeTables';

const path = join(__dirname, '..', 'README.md');
writeFileSync(path, withCatalog(readFileSync(path, 'utf8')));
console.log('README.md catalog tables updated');
