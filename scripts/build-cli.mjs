// Bundles the CLI into dist/feedwright.mjs (the package's bin) so it runs on plain Node, no TypeScript loader.
import { build } from 'esbuild';

await build({
  entryPoints: ['functions/cli.ts'],
  outfile: 'dist/feedwright.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
