// Jest transform through esbuild (already our bundler): type-stripping only; `npm run typecheck` checks types.
const { transformSync } = require('esbuild');
module.exports = {
  process(source, filename) {
    const loader = filename.endsWith('.tsx') ? 'tsx' : 'ts';
    const out = transformSync(source, {
      loader,
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: filename,
      jsx: 'automatic',
      jsxImportSource: 'preact',
    });
    return { code: out.code };
  },
};
