import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from '../../functions/lib/config.js';
import { MAX_IDS_PER_LIST } from '../../functions/lib/feeds/item-diff.js';
import { createMemoryLock, type RunLock } from '../../functions/lib/locks/lock.js';
import { type PipelineDeps, publishFeeds, type RunSummary } from '../../functions/lib/pipeline.js';
import { createMemorySource } from '../../functions/lib/sources/memory.js';
import { createMemoryTarget, type MemoryTarget } from '../../functions/lib/targets/memory.js';
import { articleText, SITE_YAML, testConfig } from '../support/fixtures.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const id = (slug: string) => `tag:site.test,2025:${slug}`;
const article = (title: string, day: number, tags: string[]) =>
  articleText({ title, date: `2025-12-${String(day).padStart(2, '0')}T10:00:00Z`, tags });

/** A collection published to memory, with the lock that keeps its run state between runs. */
function newsroom(files: Record<string, string>, config = testConfig('feeds: { remove_stale: true }')) {
  const target = createMemoryTarget();
  const lock = createMemoryLock();
  const deps = (extra: Partial<PipelineDeps> = {}): PipelineDeps => ({
    source: createMemorySource(files),
    target,
    lock,
    now: () => NOW,
    ...extra,
  });
  return {
    target,
    lock,
    run: () => publishFeeds(deps(), config),
    plan: (extra: Partial<PipelineDeps> = {}) => publishFeeds(deps({ ...extra, dryRun: true }), config),
  };
}

/** Everything a run could have changed: each published object, and the stored run state, as text. */
async function snapshot(target: MemoryTarget, lock: RunLock) {
  return {
    objects: JSON.stringify([...target.objects.entries()]),
    writes: target.writes,
    state: JSON.stringify(await lock.peek()),
  };
}

/** What a run does, without what only says which kind of run it was. */
const deeds = (summary: RunSummary) => ({ files: summary.files, feeds: summary.feeds, ok: summary.ok });

describe('a dry run', () => {
  it('reports exactly what the next run then does — files, feeds and item ids — and writes nothing', async () => {
    const files: Record<string, string> = {
      'a.md': article('A', 1, ['Rabat', 'Paris']),
      'b.md': article('B', 2, ['Paris']),
      'c.md': article('C', 3, ['Casablanca']),
    };
    const { target, lock, run, plan } = newsroom(files);
    await run();
    // An edit, an article withdrawn (its only tag's feed goes stale), and a new one.
    files['a.md'] = article('A, corrected', 1, ['Rabat', 'Paris']);
    delete files['c.md'];
    files['d.md'] = article('D', 4, ['Rabat']);
    const before = await snapshot(target, lock);

    const planned = await plan();
    expect(await snapshot(target, lock)).toEqual(before);
    const done = await run();

    expect(planned.dryRun).toBe(true);
    expect(done.dryRun).toBeUndefined();
    expect(deeds(planned)).toEqual(deeds(done));
    expect(done.files.written.length).toBeGreaterThan(0);
    expect(done.files.removed).toEqual([
      'tags/casablanca/atom.xml',
      'tags/casablanca/feed.json',
      'tags/casablanca/rss.xml',
    ]);
    const main = planned.feeds.find((feed) => feed.key === 'main');
    expect(main?.files).toEqual({ written: ['rss.xml', 'atom.xml', 'feed.json'], refused: [], failed: [] });
    expect(main?.changes).toEqual({ added: [id('d')], updated: [id('a')], removed: [id('c')] });
    expect(planned.feeds.find((feed) => feed.key === 'tag:rabat')?.changes).toEqual({
      added: [id('d')],
      updated: [id('a')],
      removed: [],
    });
    expect(planned.feeds.find((feed) => feed.key === 'tag:paris')?.changes).toEqual({
      added: [],
      updated: [id('a')],
      removed: [],
    });
    // The author's feed changed as the main one did; every other feed is reported without changes.
    expect(planned.feeds.filter((feed) => feed.files).map((feed) => feed.key)).toEqual([
      'main',
      'tag:paris',
      'tag:rabat',
      'author:test-desk',
    ]);
  });

  it('after a run, finds nothing to do', async () => {
    const { target, lock, run, plan } = newsroom({ 'a.md': article('A', 1, ['Rabat']) });
    await run();
    const before = await snapshot(target, lock);
    const planned = await plan();
    expect(planned.files.written).toEqual([]);
    expect(planned.files.removed).toEqual([]);
    expect(planned.feeds.every((feed) => feed.files === undefined && feed.changes === undefined)).toBe(true);
    expect(planned.ok).toBe(true);
    expect(await snapshot(target, lock)).toEqual(before);
  });

  it('before the first run, adds every item of every feed', async () => {
    const { target, lock, plan, run } = newsroom({
      'a.md': article('A', 1, ['Rabat']),
      'b.md': article('B', 2, []),
    });
    const planned = await plan();
    expect(target.objects.size).toBe(0);
    expect(await lock.peek()).toEqual({});
    expect(planned.feeds.find((feed) => feed.key === 'main')?.changes).toEqual({
      added: [id('a'), id('b')],
      updated: [],
      removed: [],
    });
    expect(deeds(planned)).toEqual(deeds(await run()));
  });

  it('reports what the guards would refuse, with the items the feed would lose, as the run then does', async () => {
    const files: Record<string, string> = Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [`a${i}.md`, article(`A${i}`, i + 1, [])]),
    );
    const { target, lock, run, plan } = newsroom(files, testConfig());
    await run();
    for (const key of ['a0.md', 'a1.md', 'a2.md', 'a3.md']) delete files[key];
    const before = await snapshot(target, lock);

    const planned = await plan();
    expect(await snapshot(target, lock)).toEqual(before);
    expect(planned.ok).toBe(false);
    expect(planned.files.refused.map((r) => r.path)).toContain('feed.json');
    const main = planned.feeds.find((feed) => feed.key === 'main');
    expect(main?.files).toEqual({ written: [], refused: ['rss.xml', 'atom.xml', 'feed.json'], failed: [] });
    expect(main?.changes).toEqual({
      added: [],
      updated: [],
      removed: [id('a0'), id('a1'), id('a2'), id('a3')],
    });
    expect(deeds(planned)).toEqual(deeds(await run()));

    // With the override, the plan and the run both write.
    const allowed = await plan({ allowShrink: true });
    expect(allowed.files.written).toContain('feed.json');
    expect(allowed.ok).toBe(true);
  });

  it('plans while another run holds the lease, says so, and leaves that run its lease', async () => {
    const { lock, plan } = newsroom({ 'a.md': article('A', 1, []) });
    const other = await lock.begin('other-run');
    if (!('session' in other)) throw new Error('the lock should be free');
    await other.session.claim();

    const planned = await plan();
    expect(planned.files.written).toContain('rss.xml');
    expect(planned.warnings.at(-1)).toMatch(/^another run \(other-run, started .*\) holds the lease/);
    expect(await other.session.end({ stored: 'by the holder' })).toBe(true);
    expect((await lock.peek()).manifest).toEqual({ stored: 'by the holder' });
  });

  it('out of time while indexing, saves no index: the plan says how far a run would get', async () => {
    const { target, lock, plan } = newsroom({ 'a.md': article('A', 1, []) });
    const planned = await plan({ outOfTime: () => true });
    expect(planned.articles.unfinished).toBe(1);
    expect(await lock.peek()).toEqual({});
    expect(target.writes).toBe(0);
  });

  it('keeps at most MAX_IDS_PER_LIST ids per list and feed, and counts the rest', async () => {
    const count = MAX_IDS_PER_LIST + 7;
    const files = Object.fromEntries(
      Array.from({ length: count }, (_, i) => [
        `a${String(i).padStart(3, '0')}.md`,
        articleText({ title: `A${i}`, date: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString() }),
      ]),
    );
    const config = parseSiteConfig(SITE_YAML.replace('item_limit: 50', `item_limit: ${count}`), 'site.yml');
    const { plan } = newsroom(files, config);
    const main = (await plan()).feeds.find((feed) => feed.key === 'main');
    expect(main?.changes?.added).toHaveLength(MAX_IDS_PER_LIST);
    expect(main?.changes?.added.at(0)).toBe(id('a000'));
    expect(main?.changes?.added.at(-1)).toBe(id('a099'));
    expect(main?.changes?.omitted).toEqual({ added: 7, updated: 0, removed: 0 });
  });
});
