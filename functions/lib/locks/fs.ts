import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StorageError } from '../errors.js';
import { DEFAULT_LOCK_TTL_MS, isActive, lockRecord, parseHolder, type RunLock } from './lock.js';

/**
 * The run lock as a file created with O_EXCL, for builds into a folder on one
 * machine: taken when the run begins (a local file costs nothing), removed
 * when it ends. An expired lock file is replaced.
 *
 * @example createFsLock({ file: '/tmp/feedwright-3f9c….lock' })
 */
export function createFsLock(options: {
  file: string;
  manifestFile?: string;
  ttlMs?: number;
  clock?: () => Date;
}): RunLock {
  const { file, manifestFile } = options;
  const clock = options.clock ?? (() => new Date());
  const ttlMs = options.ttlMs ?? DEFAULT_LOCK_TTL_MS;
  return {
    async begin(runId) {
      const now = clock();
      const mine = lockRecord(runId, now, ttlMs);
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const handle = await open(file, 'wx');
          await handle.writeFile(JSON.stringify({ holder: mine }));
          await handle.close();
          const end = async (manifest?: unknown) => {
            if (manifest !== undefined && manifestFile) await writeJsonAtomically(manifestFile, manifest);
            const current = parseHolder(await readFile(file, 'utf8').catch(() => ''));
            if (current?.runId === runId) await rm(file, { force: true }).catch(() => undefined);
          };
          const manifest = manifestFile ? await readJson(manifestFile) : undefined;
          return {
            session: {
              ...(manifest === undefined ? {} : { manifest }),
              claim: async () => ({ claimed: true as const }),
              end,
            },
          };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
            throw new StorageError(`${file}: cannot take the run lock`, { cause: error });
          }
        }
        const holder = parseHolder(await readFile(file, 'utf8').catch(() => ''));
        if (isActive(holder, now)) return { busy: holder };
        await rm(file, { force: true });
      }
      throw new StorageError(`${file}: cannot take the run lock (it keeps reappearing)`);
    },
  };
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(value));
    await rename(temporary, file);
  } catch {
    // A lost manifest only means the next run is a full one.
  }
}
