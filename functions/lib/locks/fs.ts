import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { StorageError } from '../errors.js';
import { writeJsonAtomically } from '../json-file.js';
import {
  DEFAULT_LOCK_TTL_MS,
  holdsLease,
  type LockHolder,
  LockHolderSchema,
  lockRecord,
  parseJson,
  type RunLock,
} from './lock.js';

/** The lock file: its holder, with the process and machine that hold it. */
export const LockFileSchema = z.object({ holder: LockHolderSchema });

/** The holder in a lock file body; anything that does not parse is none (the lock is free). */
export function parseLockFile(body: string): LockHolder | undefined {
  return LockFileSchema.safeParse(parseJson(body)).data?.holder;
}

/**
 * The run lock as a file, for builds into a folder on one machine: taken
 * when the run begins (a local file costs nothing), removed when it ends or
 * the process is interrupted (SIGINT, SIGTERM). A lock that expired, or
 * whose process is gone (same host), is taken over at once.
 *
 * With `manifestFile`, the claim deletes the stored manifest before the
 * first write and `end` writes the new one: a run killed halfway leaves no
 * manifest, and the next run is a full one rather than trusting a lie.
 *
 * @example createFsLock({ file: '.feedwright/public/lock.json', manifestFile: '.feedwright/public/manifest.json' })
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
    async peek() {
      // Read only: no state folder made, no lock file taken.
      const holder = parseLockFile(await readFile(file, 'utf8').catch(() => ''));
      const manifest = manifestFile
        ? parseJson(await readFile(manifestFile, 'utf8').catch(() => ''))
        : undefined;
      const busy =
        holder && holdsLease(holder, clock(), ttlMs) && !processIsGone(holder) ? holder : undefined;
      return { ...(manifest === undefined ? {} : { manifest }), ...(busy ? { busy } : {}) };
    },
    async begin(runId) {
      const now = clock();
      const mine: LockHolder = { ...lockRecord(runId, now, ttlMs), pid: process.pid, host: hostname() };
      const isMine = (body: string) => {
        const holder = parseLockFile(body);
        return holder?.runId === runId && holder.pid === process.pid;
      };
      let tookOverFrom: LockHolder | undefined;
      // The lock lives beside the manifest, in a state folder that may not exist yet.
      await mkdir(path.dirname(file), { recursive: true }).catch(() => undefined);
      for (let attempt = 0; attempt < 3; attempt++) {
        if (await createExclusively(file, JSON.stringify({ holder: mine }))) {
          const release = () => removeIf(file, isMine);
          heldLocks.add(release);
          watchSignals();
          const manifest = manifestFile
            ? parseJson(await readFile(manifestFile, 'utf8').catch(() => ''))
            : undefined;
          let claimed = false;
          return {
            session: {
              ...(manifest === undefined ? {} : { manifest }),
              ...(tookOverFrom ? { tookOverFrom } : {}),
              async claim() {
                // Before the first write: a run killed after it must not leave the last run's manifest behind.
                if (!claimed && manifestFile) {
                  await rm(manifestFile, { force: true }).catch((error: unknown) => {
                    throw new StorageError(`${manifestFile}: cannot remove the manifest`, { cause: error });
                  });
                }
                claimed = true;
                return { claimed: true as const };
              },
              async end(manifest) {
                try {
                  // Only while the lock is still ours: a run that outlived its lease must not overwrite its successor's.
                  const stillMine = isMine(await readFile(file, 'utf8').catch(() => ''));
                  if (stillMine && manifest !== undefined && manifestFile) {
                    return await writeJsonAtomically(manifestFile, manifest);
                  }
                  return false;
                } catch {
                  // Never throws: a lost manifest only means the next run is a full one.
                  return false;
                } finally {
                  // Interruptible until here: Ctrl-C while the manifest is written still gives the lock back.
                  release();
                  heldLocks.delete(release);
                  watchSignals();
                }
              },
            },
          };
        }
        const body = await readFile(file, 'utf8').catch(() => undefined);
        if (body === undefined) continue; // Gone since: try again.
        const holder = parseLockFile(body);
        if (holder && holdsLease(holder, now, ttlMs) && !processIsGone(holder)) return { busy: holder };
        removeIf(file, (current) => current === body);
        if (holder) tookOverFrom = holder;
      }
      throw new StorageError(`${file}: cannot take the run lock (it keeps reappearing)`);
    },
  };
}

/**
 * Creates `file` with its whole content, failing if it exists: written
 * aside, then hard-linked into place. (Opened with O_EXCL and then written,
 * another run could read it empty, take it for corrupt and so for free.)
 */
async function createExclusively(file: string, body: string): Promise<boolean> {
  const aside = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(aside, body);
    await link(aside, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StorageError(`${file}: cannot take the run lock`, { cause: error });
  } finally {
    await rm(aside, { force: true }).catch(() => undefined);
  }
}

/**
 * Removes the lock file if its content is still what `expected` accepts. It
 * is moved aside first (atomic), so a lock another run put there meanwhile is
 * put back rather than deleted. Synchronous: it also runs in a signal handler.
 */
function removeIf(file: string, expected: (body: string) => boolean): void {
  const aside = `${file}.${process.pid}.${randomUUID()}.old`;
  try {
    renameSync(file, aside);
  } catch {
    return; // Already gone (or not ours to move: it expires by itself).
  }
  try {
    let body: string | undefined;
    try {
      body = readFileSync(aside, 'utf8');
    } catch {}
    // Not the lock we judged (or unreadable): put it back, unless a third run has taken the place meanwhile.
    if (body === undefined || !expected(body)) linkSync(aside, file);
  } catch {
    // That third run's lock stays.
  }
  try {
    rmSync(aside, { force: true });
  } catch {}
}

/** Same machine, and no such process: the run died (a crash, kill -9, a closed terminal). */
function processIsGone(holder: LockHolder): boolean {
  if (holder.pid === undefined || holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Releases of the lock files this process holds, run when it is interrupted. */
const heldLocks = new Set<() => void>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Listens for SIGINT and SIGTERM exactly while this process holds a lock file. */
function watchSignals(): void {
  for (const signal of SIGNALS) {
    process.off(signal, onSignal);
    if (heldLocks.size > 0) process.on(signal, onSignal);
  }
}

/** Ctrl-C: give the locks back, then die of the signal as the process would have without us. */
function onSignal(signal: NodeJS.Signals): void {
  for (const release of heldLocks) release();
  heldLocks.clear();
  watchSignals();
  process.kill(process.pid, signal);
}
