import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFsIndexStore } from '../../functions/lib/index-stores/fs.js';
import { createMemoryLock } from '../../functions/lib/locks/lock.js';
import { publishFeeds } from '../../functions/lib/pipeline.js';
import { createMemorySource } from '../../functions/lib/sources/memory.js';
import type { ContentSource } from '../../functions/lib/sources/source.js';
import { createMemoryTarget } from '../../functions/lib/targets/memory.js';
import { articleText, testConfig } from '../support/fixtures.js';

/**
 * A full run over an archive too large for one invocation stops before its
 * deadline, saves the index it got through, and publishes nothing; the next
 * runs go on from there, and the run that completes the index publishes
 * exactly what one uninterrupted run would have.
 */
const NOW = new Date('2026-01-01T00:00:00Z');
const COUNT = 2_500;

function archive(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i += 1) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const hour = String(i % 24).padStart(2, '0');
    files[`a${String(i).padStart(5, '0')}.md`] = articleText({
      title: `Article ${i}`,
      date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${day}T${hour}:00:00Z`,
      categories: [`Desk ${i % 7}`],
      tags: [`tag ${i % 13}`],
    });
  }
  return files;
}

/** Counts listings, to tell an event-triggered run that listed from one that did not. */
function counting(source: ContentSource) {
  const counts = { list: 0 };
  return {
    counts,
    source: {
      ...source,
      list: () => {
        counts.list += 1;
        return source.list();
      },
    } satisfies ContentSource,
  };
}

/** Out of time after `batches` batches of reads: the first look at the clock says there is time. */
function timeFor(batches: number) {
  let looks = 0;
  return () => looks++ >= batches;
}

describe('a full run that outlasts one invocation', () => {
  it('saves its index, publishes nothing until the index is whole, then publishes what one run would', async () => {
    const files = archive(COUNT);
    const config = testConfig();
    const lock = createMemoryLock();
    const index = createFsIndexStore(path.join(await mkdtemp(path.join(tmpdir(), 'fw-resume-')), 'index'));
    const target = createMemoryTarget();
    const run = (source: ContentSource, outOfTime?: () => boolean, changedKeys?: string[]) =>
      publishFeeds(
        {
          source,
          target,
          lock,
          index,
          now: () => NOW,
          ...(outOfTime ? { outOfTime } : {}),
          ...(changedKeys ? { changedKeys } : {}),
        },
        config,
      );

    const first = await run(createMemorySource(files), timeFor(1));
    expect(first.ok).toBe(true);
    expect(first.articles).toMatchObject({ found: COUNT, read: 1_000, unfinished: 1_500 });
    expect(first.files.written).toEqual([]);
    expect(target.objects.size).toBe(0);

    // An article indexed by the first run is edited before the second: the edit is read, not the old index.
    files['a00000.md'] = articleText({ title: 'Article 0, edited', date: '2025-12-31T23:00:00Z' });
    // An S3 event arrives meanwhile: an unfinished index cannot stand in for a listing, so the run lists.
    const events = counting(createMemorySource(files));
    const second = await run(events.source, timeFor(1), ['a00000.md']);
    expect(events.counts.list).toBe(1);
    expect(second.articles).toMatchObject({ found: COUNT, read: 1_000, unfinished: 501 });
    expect(target.objects.size).toBe(0);

    const third = await run(createMemorySource(files), timeFor(1));
    expect(third.ok).toBe(true);
    expect(third.articles.unfinished).toBeUndefined();
    expect(third.articles).toMatchObject({ found: COUNT, live: COUNT, read: 501 });
    expect(third.files.written.length).toBeGreaterThan(0);

    // What one uninterrupted run publishes from the same files, byte for byte.
    const fresh = createMemoryTarget();
    const whole = await publishFeeds(
      { source: createMemorySource(files), target: fresh, now: () => NOW },
      config,
    );
    expect(whole.ok).toBe(true);
    expect(new Map([...target.objects].map(([p, o]) => [p, o.body]))).toEqual(
      new Map([...fresh.objects].map(([p, o]) => [p, o.body])),
    );
    const rss = target.objects.get('rss.xml')?.body.toString() ?? '';
    expect(rss).toContain('Article 0, edited');

    // The next scheduled run finds nothing to do.
    const fourth = await run(createMemorySource(files), timeFor(1));
    expect(fourth.articles.read).toBe(0);
    expect(fourth.files.written).toEqual([]);
  });
});
