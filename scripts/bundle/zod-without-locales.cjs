// An esbuild plugin for both bundles (the Lambda's and the CLI's): zod re-exports every translation of
// its error messages (`z.locales`, ~300 KB minified of 470) though only English is ever used (zod loads
// `en` itself). V8 compiles the whole bundle before the handler runs, so they were a third of the
// cold start's compile time. The namespace is replaced by an empty module; nothing here reads it.
'use strict';
const path = require('node:path');

const EMPTY = path.join(__dirname, 'empty-module.cjs');

module.exports = {
  zodWithoutLocales: {
    name: 'zod-without-locales',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
        /[\\/]zod[\\/]v4[\\/](?:classic|core)[\\/]/.test(args.importer) ? { path: EMPTY } : undefined,
      );
    },
  },
};
