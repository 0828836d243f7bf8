import { mkdir, mkdtemp, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFsSource } from '../../functions/lib/sources/fs.js';
import { contentVersion } from '../../functions/lib/sources/source.js';

/** Past the racy window used below: entries written before it are trusted. */
const RACY_MS = 50;
const settle = () => new Promise((resolve) => setTimeout(resolve, RACY_MS * 2));

async function folder(files: Record<string, string>, options: { now?: () => number } = {}) {
  const root = await mkdtemp(path.join(tmpdir(), 'feedwright-hashcache-'));
  const dir = path.join(root, 'articles');
  await mkdir(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  let counts = { cached: 0, hashed: 0 };
  const source = createFsSource({
    dir,
    hashCache: {
      file: path.join(root, 'state', 'content-hashes.json'),
      racyWindowMs: RACY_MS,
      ...options,
      onListed: (c) => {
        counts = c;
      },
    },
  });
  const versions = async () => Object.fromEntries((await source.list()).map((e) => [e.key, e.version]));
  return { dir, source, versions, counts: () => counts };
}

describe('the folder source remembers hashes, never trusting mtimes alone', () => {
  it('reads a file again only when stat says it may have changed', async () => {
    const store = await folder({ 'a.md': 'alpha', 'b.md': 'bravo' });
    await store.versions();
    expect(store.counts()).toEqual({ cached: 0, hashed: 2 });
    await settle();
    await store.versions();
    await settle();
    const again = await store.versions();
    expect(store.counts()).toEqual({ cached: 2, hashed: 0 });
    expect(again).toEqual({ 'a.md': contentVersion('alpha'), 'b.md': contentVersion('bravo') });
  });

  it('leaves the cache file alone when a listing found nothing new, and forgets a removed file', async () => {
    const store = await folder({ 'a.md': 'alpha', 'b.md': 'bravo' });
    const cacheFile = path.join(path.dirname(store.dir), 'state', 'content-hashes.json');
    await store.versions();
    await settle();
    await store.versions();
    const written = (await stat(cacheFile)).mtimeMs;
    await settle();
    await store.versions();
    expect(store.counts()).toEqual({ cached: 2, hashed: 0 });
    expect((await stat(cacheFile)).mtimeMs).toBe(written);
    await rm(path.join(store.dir, 'b.md'));
    await store.versions();
    const lines = (await readFile(cacheFile, 'utf8')).split('\n').slice(1);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^"a\\.md"\t.*\t${contentVersion('alpha')}$`))]);
  });

  it('remembers names with tabs, quotes, backslashes and line breaks', async () => {
    const names = ['tab\there.md', 'quote"d.md', 'back\\slash.md', 'line\nbreak.md', 'plain.md'];
    const store = await folder(Object.fromEntries(names.map((name) => [name, `text of ${name}`])));
    await store.versions();
    await settle();
    await store.versions();
    await settle();
    const again = await store.versions();
    expect(store.counts()).toEqual({ cached: names.length, hashed: 0 });
    for (const name of names) expect(again[name]).toBe(contentVersion(`text of ${name}`));
  });

  it('sees a same-size edit with the old mtime put back (touch -r, cp -p): ctime moves', async () => {
    const store = await folder({ 'a.md': 'alpha' });
    const file = path.join(store.dir, 'a.md');
    const zipTime = 315_532_800; // 1980-01-01, as `serverless package` stamps every file
    await utimes(file, zipTime, zipTime);
    await settle();
    await store.versions();
    await settle();
    await store.versions();
    expect(store.counts()).toEqual({ cached: 1, hashed: 0 });
    await writeFile(file, 'ALPHA');
    await utimes(file, zipTime, zipTime);
    expect((await stat(file)).mtimeMs).toBe(zipTime * 1000);

    expect(await store.versions()).toEqual({ 'a.md': contentVersion('ALPHA') });
    expect(store.counts()).toEqual({ cached: 0, hashed: 1 });
  });

  it('sees a file replaced by another of the same size and times (a new inode, as tar and editors do)', async () => {
    const store = await folder({ 'a.md': 'alpha' });
    const file = path.join(store.dir, 'a.md');
    await store.versions();
    await settle();
    const before = await stat(file);
    const replacement = path.join(store.dir, '.a.md.new');
    await writeFile(replacement, 'omega');
    await utimes(replacement, before.atime, before.mtime);
    await rename(replacement, file);

    expect(await store.versions()).toEqual({ 'a.md': contentVersion('omega') });
  });

  it('hashes again a file whose ctime is as recent as the cache: an edit in the same clock tick is not missed', async () => {
    const store = await folder({ 'a.md': 'alpha' });
    await store.versions();
    // No settling: the entry is "racy", so it is hashed again rather than trusted.
    await store.versions();
    expect(store.counts()).toEqual({ cached: 0, hashed: 1 });
  });

  it('treats a damaged cache file as no cache', async () => {
    const store = await folder({ 'a.md': 'alpha' });
    await store.versions();
    const cacheFile = path.join(path.dirname(store.dir), 'state', 'content-hashes.json');
    await writeFile(cacheFile, '{"version":1,"entries":{"a.md":{"version":"sha256:nope"}}');
    await settle();
    expect(await store.versions()).toEqual({ 'a.md': contentVersion('alpha') });
    expect(store.counts()).toEqual({ cached: 0, hashed: 1 });
  });

  it('sees an edit made after a file was hashed but long before the cache was written: its ctime differs', async () => {
    // A listing of a large archive takes seconds: a file edited early in it has a ctime well before the
    // cache is written, so the racy rule alone would trust it. Here the cache is written "a minute later".
    const store = await folder({ 'a.md': 'alpha' }, { now: () => Date.now() + 60_000 });
    const file = path.join(store.dir, 'a.md');
    const zipTime = 315_532_800;
    await utimes(file, zipTime, zipTime);
    await store.versions();
    await writeFile(file, 'ALPHA');
    await utimes(file, zipTime, zipTime);

    expect(await store.versions()).toEqual({ 'a.md': contentVersion('ALPHA') });
    expect(store.counts()).toEqual({ cached: 0, hashed: 1 });
  });
});
