/** In-memory Apps Script fakes: see world.ts (persistent state) and execution.ts (one script run). */
export * from './world';
export * from './execution';
export * from './clock';
export * from './a1';
export * from './grid';
export * from './format';
export * from './spreadsheet-model';
export * from './spreadsheet';
export * from './properties';
export * from './cache';
export * from './lock';
export * from './urlfetch';
export * from './utilities';
export * from './session';
export * from './html';
export * from './script-app';
export * from './util';
