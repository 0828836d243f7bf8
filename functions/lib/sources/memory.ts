import { StorageError } from '../errors.js';
import { assertListedVersion, type ContentSource, contentVersion } from './source.js';

/**
 * Articles held in memory, for tests: `{ 'rabat.md': '---\n…' }`, keyed as
 * files directly in `articles/`. Like the folder source it lists only `*.md`
 * keys that are not hidden and not nested, sorted, versioned by a sha256 of
 * the bytes. The record is read live: add, change or delete keys between
 * calls to edit the collection.
 */
export function createMemorySource(files: Record<string, string | Uint8Array>): ContentSource {
  return {
    async list() {
      return Object.keys(files)
        .filter((key) => key.endsWith('.md') && !key.startsWith('.') && !key.includes('/'))
        .sort()
        .map((key) => ({
          key,
          name: key.slice(0, -3),
          file: `memory:${key}`,
          version: contentVersion(files[key] ?? ''),
        }));
    },
    async read(entry) {
      const value = files[entry.key];
      if (value === undefined) throw new StorageError(`memory:${entry.key}: cannot read: no such article`);
      return assertListedVersion(entry, typeof value === 'string' ? new TextEncoder().encode(value) : value);
    },
  };
}
