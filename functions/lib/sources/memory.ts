import { createHash } from 'node:crypto';
import { StorageError } from '../errors.js';
import type { ContentSource } from './source.js';

/** Articles held in memory, for tests: `{ 'rabat.md': '---\n…' }`. */
export function createMemorySource(files: Record<string, string | Uint8Array>): ContentSource {
  return {
    async list() {
      return Object.keys(files)
        .filter((key) => key.endsWith('.md'))
        .sort()
        .map((key) => ({
          key,
          name: key.replace(/^.*\//, '').slice(0, -3),
          file: `memory:${key}`,
          version: createHash('sha256')
            .update(files[key] ?? '')
            .digest('hex'),
        }));
    },
    async read(entry) {
      const value = files[entry.key];
      if (value === undefined) throw new StorageError(`memory:${entry.key}: cannot read: no such article`);
      return typeof value === 'string' ? new TextEncoder().encode(value) : value;
    },
  };
}
