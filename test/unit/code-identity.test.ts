import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { codeIdentityOf, computeCodeIdentity } = require('../../scripts/code-identity.cjs') as {
  codeIdentityOf(input: {
    version: string;
    lockPackages: Record<string, { version?: string; integrity?: string; dev?: boolean }>;
    sources: Array<{ path: string; text: string }>;
  }): string;
  computeCodeIdentity(root: string): string;
};

/** Saved run state is keyed on this: whatever changes the bytes must change it. */
describe('the code identity baked into the bundles', () => {
  const base = () => ({
    version: '0.1.0',
    lockPackages: {
      '': { version: '0.1.0' },
      'node_modules/markdown-it': { version: '14.3.3', integrity: 'sha512-a' },
      'node_modules/sanitize-html': { version: '2.17.5', integrity: 'sha512-b' },
      'node_modules/vitest': { version: '4.1.12', integrity: 'sha512-c', dev: true },
    },
    sources: [
      { path: 'functions/lib/pipeline.ts', text: 'export {}' },
      { path: 'functions/cli.ts', text: 'main()' },
    ],
  });

  it('changes with a runtime dependency: a new sanitize-html reaches every published item', () => {
    const upgraded = base();
    upgraded.lockPackages['node_modules/sanitize-html'] = { version: '2.17.6', integrity: 'sha512-z' };
    expect(codeIdentityOf(upgraded)).not.toBe(codeIdentityOf(base()));
  });

  it('changes with the product version and with any source file', () => {
    expect(codeIdentityOf({ ...base(), version: '0.2.0' })).not.toBe(codeIdentityOf(base()));
    const edited = base();
    edited.sources[0] = { path: 'functions/lib/pipeline.ts', text: 'export const x = 1;' };
    expect(codeIdentityOf(edited)).not.toBe(codeIdentityOf(base()));
  });

  it('ignores tools that never run in production and the order files were found in', () => {
    const tools = base();
    tools.lockPackages['node_modules/vitest'] = { version: '5.0.0', integrity: 'sha512-d', dev: true };
    expect(codeIdentityOf(tools)).toBe(codeIdentityOf(base()));
    const reordered = base();
    reordered.sources.reverse();
    expect(codeIdentityOf(reordered)).toBe(codeIdentityOf(base()));
  });

  it('is computed from this repository as a sha256', () => {
    expect(computeCodeIdentity(process.cwd())).toMatch(/^[0-9a-f]{64}$/);
  });
});
