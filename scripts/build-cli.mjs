// Bundles the CLI into dist/ (dist/feedwright.mjs is the package's bin) so it runs on plain Node, no TypeScript
// loader. Split into chunks: what a command does not need (the render path when nothing changed, the AWS SDK for
// a local build) is imported only when used, and ESM imports of one file all load at start-up.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';
import codeIdentity from './code-identity.cjs';

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: { feedwright: 'functions/cli.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
  // Run state made by other code is never reused: see scripts/code-identity.cjs.
  define: { __FEEDWRIGHT_CODE_ID__: JSON.stringify(codeIdentity.computeCodeIdentity(process.cwd())) },
});
