import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { StorageError } from '../errors.js';
import type { ContentSource, SourceEntry } from './source.js';

/**
 * Articles from a folder: every `*.md` file in `dir` (not below it).
 *
 * @example createFsSource({ dir: 'content/articles' })
 */
export function createFsSource(options: { dir: string }): ContentSource {
  const { dir } = options;
  return {
    async list() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        throw new StorageError(`${dir}: cannot list articles`, { cause: error });
      }
      return names
        .filter((name) => name.endsWith('.md') && !name.startsWith('.'))
        .sort()
        .map((name): SourceEntry => ({ key: name, name: name.slice(0, -3), file: path.join(dir, name) }));
    },
    async read(entry) {
      try {
        return await readFile(path.join(dir, entry.key));
      } catch (error) {
        throw new StorageError(`${entry.file}: cannot read`, { cause: error });
      }
    },
  };
}
