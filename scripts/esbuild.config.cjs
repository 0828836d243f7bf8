// serverless-esbuild's config file: the options in serverless.yml (custom.esbuild),
// plus the code identity baked into the Lambda bundle (see scripts/code-identity.cjs).
'use strict';
const path = require('node:path');
const { computeCodeIdentity } = require('./code-identity.cjs');
const { zodWithoutLocales } = require('./bundle/zod-without-locales.cjs');

module.exports = (serverless) => {
  const { config: _thisFile, ...options } = serverless.service.custom.esbuild;
  const root = serverless.config.serviceDir ?? serverless.config.servicePath ?? path.join(__dirname, '..');
  return {
    ...options,
    define: { __FEEDWRIGHT_CODE_ID__: JSON.stringify(computeCodeIdentity(root)) },
    plugins: [zodWithoutLocales],
  };
};
