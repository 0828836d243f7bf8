import { readdir, readFile, stat } from 'node:fs/promises';
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
      const entries: SourceEntry[] = [];
      for (const name of names.filter((n) => n.endsWith('.md') && !n.startsWith('.')).sort()) {
        const file = path.join(dir, name);
        // mtime and size: what `make` trusts; a changed file changes one of them.
        const info = await stat(file).catch(() => undefined);
        const version = info ? `${info.mtimeMs}:${info.size}` : undefined;
        entries.push({ key: name, name: name.slice(0, -3), file, ...(version ? { version } : {}) });
      }
      return entries;
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
