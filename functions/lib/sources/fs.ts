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
      const articles = names.filter((n) => n.endsWith('.md') && !n.startsWith('.')).sort();
      for (let start = 0; start < articles.length; start += 64) {
        const batch = articles.slice(start, start + 64);
        // mtime and size: what `make` trusts; a changed file changes one of them. Stat in batches: I/O-bound.
        const infos = await Promise.all(
          batch.map((name) => stat(path.join(dir, name)).catch(() => undefined)),
        );
        batch.forEach((name, i) => {
          const info = infos[i];
          const version = info ? `${info.mtimeMs}:${info.size}` : undefined;
          entries.push({
            key: name,
            name: name.slice(0, -3),
            file: path.join(dir, name),
            ...(version ? { version } : {}),
          });
        });
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
