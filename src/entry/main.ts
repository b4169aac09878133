/** The bundle's only top-level effect: publish each entry point on the global object. No service calls here. */
import { ENTRY_POINTS } from './entryPoints';

const g = globalThis as unknown as Record<string, unknown>;
for (const name of Object.keys(ENTRY_POINTS)) g[name] = ENTRY_POINTS[name].fn;
