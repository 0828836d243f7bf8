import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFsLock } from '../../functions/lib/locks/fs.js';
import type { LockSession, RunLock } from '../../functions/lib/locks/lock.js';
import { holdLockInChild, stopLockHolders } from '../support/lock-child.js';

/** The local lock, as `feedwright build` uses it: a file in the temp folder, the manifest in the output. */
async function paths() {
  const dir = await mkdtemp(path.join(tmpdir(), 'fw-local-lock-'));
  return {
    file: path.join(dir, 'run.lock'),
    manifestFile: path.join(dir, 'public', '.feedwright', 'manifest.json'),
  };
}

async function begun(lock: RunLock, runId: string): Promise<LockSession> {
  const result = await lock.begin(runId);
  if (!('session' in result)) throw new Error(`${runId} found the lock busy (held by ${result.busy.runId})`);
  return result.session;
}

const holderIn = async (file: string) => JSON.parse(await readFile(file, 'utf8')).holder;

afterEach(stopLockHolders);

describe('the local lock file', () => {
  it('records the run, its process and its host', async () => {
    const { file } = await paths();
    const session = await begun(createFsLock({ file }), 'mine');
    expect(await holderIn(file)).toEqual({
      runId: 'mine',
      startedAt: expect.any(String),
      expiresAt: expect.any(String),
      pid: process.pid,
      host: hostname(),
    });
    await session.end();
    expect(existsSync(file)).toBe(false);
  });

  it('keeps a run out while the process holding it lives', async () => {
    const { file } = await paths();
    const holder = await holdLockInChild({ file, runId: 'alive' });
    expect(await createFsLock({ file }).begin('mine')).toEqual({
      busy: expect.objectContaining({ runId: 'alive', pid: holder.pid, host: hostname() }),
    });
  });

  it('is taken over at once, long before it expires, when its process is gone (kill -9), and says from whom', async () => {
    const { file, manifestFile } = await paths();
    await mkdir(path.dirname(manifestFile), { recursive: true });
    await writeFile(manifestFile, JSON.stringify({ version: 'last good run' }));
    const holder = await holdLockInChild({ file, runId: 'killed', manifestFile });
    holder.child.kill('SIGKILL');
    expect(await holder.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(existsSync(file)).toBe(true);

    const session = await begun(createFsLock({ file, manifestFile }), 'next');
    expect(session.tookOverFrom).toEqual(expect.objectContaining({ runId: 'killed', pid: holder.pid }));
    // It had claimed: the manifest it invalidated is not there to mislead this run.
    expect(session.manifest).toBeUndefined();
    await session.end();
  });

  it('of a process on another host is judged by its expiry alone (its pid means nothing here)', async () => {
    const { file } = await paths();
    const gone = await holdLockInChild({ file: `${file}.other`, runId: 'gone' });
    gone.child.kill('SIGKILL');
    await gone.exited;
    const now = new Date();
    await writeFile(
      file,
      JSON.stringify({
        holder: {
          runId: 'elsewhere',
          startedAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + 60_000).toISOString(),
          pid: gone.pid,
          host: `not-${hostname()}`,
        },
      }),
    );
    expect(await createFsLock({ file }).begin('mine')).toEqual({
      busy: expect.objectContaining({ runId: 'elsewhere' }),
    });
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'is removed when the run is interrupted by %s, and the process still dies of that signal',
    async (signal) => {
      const { file } = await paths();
      const holder = await holdLockInChild({ file, runId: 'interrupted' });
      expect(existsSync(file)).toBe(true);
      holder.child.kill(signal);
      expect(await holder.exited).toEqual({ code: null, signal });
      expect(existsSync(file)).toBe(false);
    },
  );

  it('is left alone on an interruption once it is no longer the interrupted run’s', async () => {
    const { file } = await paths();
    const holder = await holdLockInChild({ file, runId: 'interrupted' });
    const successor = JSON.stringify({ holder: { ...(await holderIn(file)), runId: 'successor' } });
    await writeFile(file, successor);
    holder.child.kill('SIGINT');
    expect(await holder.exited).toEqual({ code: null, signal: 'SIGINT' });
    expect(await readFile(file, 'utf8')).toBe(successor);
  });

  it('listens for SIGINT and SIGTERM only while a session holds a lock file', async () => {
    const listeners = () => [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const before = listeners();
    const first = await begun(createFsLock({ file: (await paths()).file }), 'first');
    const second = await begun(createFsLock({ file: (await paths()).file }), 'second');
    expect(listeners()).toEqual(before.map((n) => n + 1));
    await first.end();
    expect(listeners()).toEqual(before.map((n) => n + 1));
    await second.end();
    expect(listeners()).toEqual(before);
  });
});

describe('the manifest of a local build', () => {
  async function withStoredManifest() {
    const { file, manifestFile } = await paths();
    await mkdir(path.dirname(manifestFile), { recursive: true });
    await writeFile(manifestFile, JSON.stringify({ version: 'old' }));
    return { lock: createFsLock({ file, manifestFile }), manifestFile };
  }

  it('is removed by the claim, before the first write, and written anew when the run ends', async () => {
    const { lock, manifestFile } = await withStoredManifest();
    const session = await begun(lock, 'run');
    expect(session.manifest).toEqual({ version: 'old' });
    expect(await session.claim()).toEqual({ claimed: true });
    // A run killed from here on leaves no manifest: the next run is a full one.
    expect(existsSync(manifestFile)).toBe(false);
    await session.end({ version: 'new' });
    expect(JSON.parse(await readFile(manifestFile, 'utf8'))).toEqual({ version: 'new' });
  });

  it('is left alone by a run that never claims', async () => {
    const { lock, manifestFile } = await withStoredManifest();
    const session = await begun(lock, 'quiet');
    await session.end();
    expect(JSON.parse(await readFile(manifestFile, 'utf8'))).toEqual({ version: 'old' });
  });
});
