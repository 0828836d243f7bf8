import { describe, expect, it } from 'vitest';
import { checkOutput } from '../../functions/lib/feeds/check.js';
import { refusal } from '../../functions/lib/feeds/guard.js';
import { articleText, runInMemory, testConfig } from '../support/fixtures.js';

const guard = { maxDropShare: 0.5, allowShrink: false };

describe('refusal', () => {
  it('refuses to replace a feed that has items with an empty one', () => {
    expect(refusal(40, 0, guard)).toBe('would replace 40 published item(s) with an empty feed');
  });

  it('refuses to drop more than the configured share at once', () => {
    expect(refusal(40, 19, guard)).toBe('would drop 21 of 40 published items at once (the limit is 50%)');
    expect(refusal(40, 20, guard)).toBeUndefined();
    expect(refusal(10, 8, { ...guard, maxDropShare: 0.1 })).toBe(
      'would drop 2 of 10 published items at once (the limit is 10%)',
    );
  });

  it('always lets a single item go, and lets feeds grow or stay', () => {
    expect(refusal(2, 1, guard)).toBeUndefined();
    expect(refusal(3, 50, guard)).toBeUndefined();
    expect(refusal(undefined, 0, guard)).toBeUndefined();
    expect(refusal(0, 0, guard)).toBeUndefined();
  });

  it('gives way to the explicit override', () => {
    expect(refusal(40, 0, { ...guard, allowShrink: true })).toBeUndefined();
  });
});

describe('a run the guards stop', () => {
  const files = (n: number) =>
    Object.fromEntries(
      Array.from({ length: n }, (_, i) => [
        `a${i}.md`,
        articleText({ title: `A${i}`, date: `2025-04-${String(i + 1).padStart(2, '0')}` }),
      ]),
    );

  it('keeps the published feed, says what it refused and why, and fails', async () => {
    const first = await runInMemory(files(10));
    const before = first.body('rss.xml');
    const emptied = Object.fromEntries(
      Object.keys(files(10)).map((name) => [name, articleText({ title: 'x', date: 'bad' })]),
    );
    const second = await runInMemory(emptied, { target: first.target });
    expect(second.summary.ok).toBe(false);
    expect(second.summary.files.refused).toContainEqual({
      path: 'rss.xml',
      reason:
        'memory:rss.xml: would replace 10 published item(s) with an empty feed; kept the published version',
    });
    expect(second.body('rss.xml')).toBe(before);
  });

  it('publishes the shrunken feed when the removal is intended', async () => {
    const first = await runInMemory(files(10));
    const { publishFeeds } = await import('../../functions/lib/pipeline.js');
    const { createMemorySource } = await import('../../functions/lib/sources/memory.js');
    const summary = await publishFeeds(
      {
        source: createMemorySource(files(2)),
        target: first.target,
        now: () => new Date('2026-01-01T00:00:00Z'),
        allowShrink: true,
      },
      testConfig(),
    );
    expect(summary.ok).toBe(true);
    expect(JSON.parse(first.body('feed.json')).items).toHaveLength(2);
  });
});

describe('checkOutput, the gate before any write', () => {
  it.each([
    ['rss.xml', '<rss version="2.0"><channel><title>a & b</title></channel></rss>', /not well-formed XML/],
    ['atom.xml', '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</feed>', /not well-formed XML/],
    ['rss.xml', '<feed xmlns="http://www.w3.org/2005/Atom"/>', /root element is <feed>, not <rss>/],
    [
      'rss.xml',
      '<rss version="2.0"><channel><dc:creator>x</dc:creator></channel></rss>',
      /not well-formed XML/,
    ],
    [
      'feed.json',
      '{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{}]}',
      /items\[0\]\.id is missing/,
    ],
    ['feed.json', '{"version":"https://jsonfeed.org/version/1","title":"t","items":[]}', /version is not/],
    ['feed.json', '{"items": [', /not valid JSON/],
    ['feeds.opml', '<opml version="2.0"><body></opml>', /not well-formed XML/],
  ])('refuses a broken %s', (path, body, reason) => {
    expect(() => checkOutput({ path, body, contentType: '' })).toThrow(reason);
  });
});

describe('the stale-feeds signal: how long the main feed has been behind', () => {
  const tenArticles = Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => [`a${i}.md`, articleText({ title: `A${i}`, date: '2025-04-01' })]),
  );
  const emptied = Object.fromEntries(
    Object.keys(tenArticles).map((name) => [name, articleText({ title: 'x', date: 'bad' })]),
  );

  it('dates it from the first refused run, keeps that date while refused, and clears it once published', async () => {
    const { publishFeeds } = await import('../../functions/lib/pipeline.js');
    const { createMemorySource } = await import('../../functions/lib/sources/memory.js');
    const { createMemoryLock } = await import('../../functions/lib/locks/lock.js');
    const { createMemoryTarget } = await import('../../functions/lib/targets/memory.js');
    const { mainFeedBehindSeconds } = await import('../../functions/publish-feeds.js');
    const target = createMemoryTarget();
    const lock = createMemoryLock();
    const runAt = (at: string, files: Record<string, string>, allowShrink = false) =>
      publishFeeds(
        { source: createMemorySource(files), target, lock, now: () => new Date(at), allowShrink },
        testConfig(),
      );

    const published = await runAt('2026-01-01T00:00:00Z', tenArticles);
    expect(published.mainFeedBehindSince).toBeUndefined();
    expect(mainFeedBehindSeconds(published)).toBe(0);

    const refused = await runAt('2026-01-01T00:15:00Z', emptied);
    expect(refused.mainFeedBehindSince).toBe('2026-01-01T00:15:00.000Z');
    const stillRefused = await runAt('2026-01-01T01:15:00Z', emptied);
    expect(stillRefused.mainFeedBehindSince).toBe('2026-01-01T00:15:00.000Z');
    expect(mainFeedBehindSeconds(stillRefused)).toBe(3600);

    const intended = await runAt('2026-01-01T01:30:00Z', emptied, true);
    expect(intended.mainFeedBehindSince).toBeUndefined();
    expect(mainFeedBehindSeconds(intended)).toBe(0);
  });
});
