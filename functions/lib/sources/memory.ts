import { StorageError } from '../errors.js';
import { assertListedVersion, type ContentSource, contentVersion, type SourceEntry } from './source.js';

/**
 * Articles held in memory, for tests: `{ 'rabat.md': '---\n…' }`, keyed as
 * files directly in `articles/`. Like the folder source it lists only `*.md`
 * keys that are not hidden and not nested, sorted, versioned by a sha256 of
 * the bytes. The record is read live: add, change or delete keys between
 * calls to edit the collection.
 */
export function createMemorySource(files: Record<string, string | Uint8Array>): ContentSource {
  const entryOf = (key: string): SourceEntry => ({
    key,
    name: key.slice(0, -3),
    file: `memory:${key}`,
    version: contentVersion(files[key] ?? ''),
  });
  return {
    async list() {
      return Object.keys(files).filter(isArticleKey).sort().map(entryOf);
    },
    async read(entry) {
      const value = files[entry.key];
      if (value === undefined) throw new StorageError(`memory:${entry.key}: cannot read: no such article`);
      return assertListedVersion(entry, typeof value === 'string' ? new TextEncoder().encode(value) : value);
    },
    async stat(key) {
      return isArticleKey(key) && Object.hasOwn(files, key) ? entryOf(key) : undefined;
    },
  };
}

function isArticleKey(key: string): boolean {
  return key.endsWith('.md') && !key.startsWith('.') && !key.includes('/');
}
