// Bundles the CLI into dist/feedwright.mjs (the package's bin) so it runs on plain Node, no TypeScript loader.
import { build } from 'esbuild';
import codeIdentity from './code-identity.cjs';

await build({
  entryPoints: ['functions/cli.ts'],
  outfile: 'dist/feedwright.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
  // Run state made by other code is never reused: see scripts/code-identity.cjs.
  define: { __FEEDWRIGHT_CODE_ID__: JSON.stringify(codeIdentity.computeCodeIdentity(process.cwd())) },
});
