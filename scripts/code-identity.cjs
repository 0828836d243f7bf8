// The identity of the code that shapes feed bytes: the product's version, every
// runtime dependency as the lock file pins it (name, version, integrity) and
// every source file under functions/. The bundlers (scripts/build-cli.mjs and
// scripts/esbuild.config.cjs for `serverless package`) bake it into the bundle
// as __FEEDWRIGHT_CODE_ID__; saved run state made by other code is never reused,
// so a new markdown-it or sanitize-html (a security fix) reaches every item.
'use strict';
const { createHash } = require('node:crypto');
const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

/**
 * @param {{ version: string, lockPackages: Record<string, { version?: string, integrity?: string, dev?: boolean }>, sources: Array<{ path: string, text: string | Buffer }> }} input
 * @returns {string} sha256 hex
 */
function codeIdentityOf(input) {
  const runtime = Object.entries(input.lockPackages)
    .filter(([key, entry]) => key.startsWith('node_modules/') && entry.dev !== true)
    .map(([key, entry]) => `${key}@${entry.version ?? ''}#${entry.integrity ?? ''}`)
    .sort();
  const sources = [...input.sources]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file) => `${file.path}:${createHash('sha256').update(file.text).digest('hex')}`);
  return createHash('sha256')
    .update(JSON.stringify({ version: input.version, runtime, sources }))
    .digest('hex');
}

/** Reads the project at `root` (package.json, package-lock.json, functions/**). */
function computeCodeIdentity(root) {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const functionsDir = path.join(root, 'functions');
  const sources = readdirSync(functionsDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const full = path.join(entry.parentPath ?? entry.path, entry.name);
      return { path: path.relative(root, full).split(path.sep).join('/'), text: readFileSync(full) };
    });
  return codeIdentityOf({ version: pkg.version, lockPackages: lock.packages ?? {}, sources });
}

module.exports = { codeIdentityOf, computeCodeIdentity };
