import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StorageError } from '../errors.js';
import type { IndexStore } from '../run-index.js';

/**
 * Run-index shards as files in a folder of the local state (never inside
 * the output folder): `<dir>/<id>.jsonl`. Written aside and renamed into
 * place, so a shard is whole or absent.
 *
 * @example createFsIndexStore('.feedwright/public/index')
 */
export function createFsIndexStore(dir: string): IndexStore {
  const file = (id: string) => path.join(dir, `${id}.jsonl`);
  return {
    where: `${dir}${path.sep}`,
    async get(id) {
      try {
        return await readFile(file(id), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new StorageError(`${file(id)}: cannot read`, { cause: error });
      }
    },
    async put(id, text) {
      const aside = `${file(id)}.${randomUUID()}.tmp`;
      try {
        await mkdir(dir, { recursive: true });
        await writeFile(aside, text);
        await rename(aside, file(id));
      } catch (error) {
        await rm(aside, { force: true }).catch(() => undefined);
        throw new StorageError(`${file(id)}: cannot write`, { cause: error });
      }
    },
    async remove(id) {
      await rm(file(id), { force: true });
    },
  };
}
