import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StorageError } from '../errors.js';
import { assertSafePath, countItems, type FeedTarget, hashOf } from './target.js';

/**
 * Publishes into a local folder (`public/` by default). Writes go to a
 * temporary file first and are renamed into place, so a reader never sees a
 * half-written feed.
 *
 * @example createFsTarget({ dir: 'public' })
 */
export function createFsTarget(options: { dir: string }): FeedTarget {
  const { dir } = options;
  const fullPath = (p: string) => {
    assertSafePath(p, dir);
    return path.join(dir, p);
  };
  return {
    describe: (p) => path.join(dir, p),
    async readPublished(p) {
      const file = fullPath(p);
      try {
        const body = await readFile(file, 'utf8');
        const items = countItems(p, body);
        return { hash: hashOf(body), ...(items === undefined ? {} : { items }) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new StorageError(`${path.join(dir, p)}: cannot read`, { cause: error });
      }
    },
    async readBody(p) {
      const file = fullPath(p);
      try {
        return await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new StorageError(`${file}: cannot read`, { cause: error });
      }
    },
    async list() {
      let entries: string[];
      try {
        entries = await readdir(dir, { recursive: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw new StorageError(`${dir}: cannot list`, { cause: error });
      }
      const files: string[] = [];
      for (const entry of entries) {
        if ((await stat(path.join(dir, entry))).isFile()) files.push(entry.split(path.sep).join('/'));
      }
      return files.sort();
    },
    async remove(p) {
      const file = fullPath(p);
      try {
        await rm(file, { force: true });
      } catch (error) {
        throw new StorageError(`${file}: cannot remove`, { cause: error });
      }
    },
    async write(file) {
      const target = fullPath(file.path);
      const temporary = `${target}.${process.pid}.tmp`;
      try {
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(temporary, file.body, 'utf8');
        await rename(temporary, target);
      } catch (error) {
        throw new StorageError(`${target}: cannot write`, { cause: error });
      }
    },
  };
}
