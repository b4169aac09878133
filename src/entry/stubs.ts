/**
 * What the build reads to write the top-level stubs of dist/Code.js: every entry point's name and
 * parameters, and the custom functions' JSDoc help (which must carry `@customfunction`). Only the build
 * imports this module, so the help is text in the stubs and is never computed when the bundle loads.
 */
export { ENTRY_POINTS } from './entryPoints';
export { CUSTOM_FUNCTION_DOCS as ENTRY_DOCS } from './customFunctionDocs';
