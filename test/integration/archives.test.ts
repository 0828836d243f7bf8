// RFC 5005 archived feeds: a reader walking the links from the subscription feed sees every item
// once, archive pages a newer page follows never change again, and a normal run touches only the newest.
import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from '../../functions/lib/config.js';
import { createMemoryLock } from '../../functions/lib/locks/lock.js';
import { publishFeeds } from '../../functions/lib/pipeline.js';
import { createMemorySource } from '../../functions/lib/sources/memory.js';
import { createMemoryTarget, type MemoryTarget } from '../../functions/lib/targets/memory.js';
import { articleText, SITE_YAML } from '../support/fixtures.js';
import { parseWithFeedparser } from '../support/readers.js';
import { checkFeed } from '../support/w3c-feed-rules.js';

const FEEDS = 'https://feeds.site.test/';
const config = parseSiteConfig(
  `${SITE_YAML.replace('item_limit: 50', 'item_limit: 5')}\narchives: true\n`,
  'site.yml',
);

/** `count` articles a day apart from 1 March 2025, in Politics. */
function articles(count: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => {
      const date = new Date(Date.UTC(2025, 2, 1 + i)).toISOString().slice(0, 10);
      return [
        `a${i}.md`,
        articleText({ title: `A${i}`, date, id: `tag:site.test,2025:a${i}`, categories: ['Politics'] }),
      ];
    }),
  );
}

async function publish(target: MemoryTarget, lock: ReturnType<typeof createMemoryLock>, count: number) {
  return publishFeeds(
    {
      source: createMemorySource(articles(count)),
      target,
      lock,
      now: () => new Date('2026-01-01T00:00:00Z'),
    },
    config,
  );
}

const pathOf = (url: string) => url.slice(FEEDS.length);

/** Follows prev-archive links (as feedparser reads them) from `start`, collecting every entry's id. */
async function walkXml(target: MemoryTarget, start: string): Promise<{ ids: string[]; documents: string[] }> {
  const ids: string[] = [];
  const documents: string[] = [];
  for (let path: string | undefined = start; path; ) {
    documents.push(path);
    const parsed = await parseWithFeedparser(target.objects.get(path)?.body ?? '');
    expect(parsed.bozo, path).toBe(0);
    ids.push(...parsed.entries.map((e) => e.id ?? ''));
    const prev = parsed.feed.links?.find((l) => l.rel === 'prev-archive')?.href;
    path = prev ? pathOf(prev) : undefined;
  }
  return { ids, documents };
}

function walkJson(target: MemoryTarget, start: string): string[] {
  const ids: string[] = [];
  for (let path: string | undefined = start; path; ) {
    const feed = JSON.parse(target.objects.get(path)?.body ?? '{}') as {
      items: Array<{ id: string }>;
      next_url?: string;
    };
    ids.push(...feed.items.map((i) => i.id));
    path = feed.next_url ? pathOf(feed.next_url) : undefined;
  }
  return ids;
}

describe('archived feeds (RFC 5005)', () => {
  it('lets a reader walk from the subscription feed through every archive page and see each item exactly once', async () => {
    const target = createMemoryTarget();
    await publish(target, createMemoryLock(), 23);
    const all = Array.from({ length: 23 }, (_, i) => `tag:site.test,2025:a${i}`).sort();
    for (const start of ['rss.xml', 'atom.xml', 'categories/politics/atom.xml']) {
      const { ids, documents } = await walkXml(target, start);
      expect([...ids].sort(), start).toEqual(all);
      // 5 in the feed, then 18 archived in pages of 5, oldest first: 4, 3, 2, 1.
      expect(documents.length, start).toBe(5);
    }
    expect([...walkJson(target, 'feed.json')].sort()).toEqual(all);
    // Page 1 holds the first five items the feed ever published, newest first as in every feed.
    const first = await parseWithFeedparser(target.objects.get('archive/1/rss.xml')?.body ?? '');
    expect(first.entries.map((e) => e.id)).toEqual(
      ['a4', 'a3', 'a2', 'a1', 'a0'].map((a) => `tag:site.test,2025:${a}`),
    );
  });

  it('links each page to the feed (current) and its neighbours, marks it fh:archive, and passes the W3C rules', async () => {
    const target = createMemoryTarget();
    await publish(target, createMemoryLock(), 23);
    const page2 = target.objects.get('archive/2/atom.xml')?.body ?? '';
    expect(page2).toContain(
      '<link rel="current" href="https://feeds.site.test/atom.xml" type="application/atom+xml"/>',
    );
    expect(page2).toContain('<link rel="prev-archive" href="https://feeds.site.test/archive/1/atom.xml"');
    expect(page2).toContain('<link rel="next-archive" href="https://feeds.site.test/archive/3/atom.xml"');
    expect(page2).toContain('<fh:archive/>');
    expect(target.objects.get('rss.xml')?.body).toContain(
      '<atom:link rel="prev-archive" href="https://feeds.site.test/archive/4/rss.xml" type="application/rss+xml"/>',
    );
    for (const path of [...target.objects.keys()].filter((p) => /(rss|atom)\.xml$/.test(p))) {
      expect(checkFeed(target.objects.get(path)?.body ?? '', { selfUrl: `${FEEDS}${path}` }), path).toEqual(
        [],
      );
    }
  });

  it('serves pages a newer page follows as immutable, and the newest with the usual Cache-Control', async () => {
    const target = createMemoryTarget();
    await publish(target, createMemoryLock(), 23);
    const cacheOf = (path: string) => target.objects.get(path)?.cacheControl;
    expect(cacheOf('archive/1/rss.xml')).toBe('public, max-age=31536000, immutable');
    expect(cacheOf('archive/3/feed.json')).toBe('public, max-age=31536000, immutable');
    expect(cacheOf('archive/4/atom.xml')).toBeUndefined();
    expect(cacheOf('rss.xml')).toBeUndefined();
  });

  it('changes only the newest page (and the feeds) on a normal run; a page becomes final once, when the next opens', async () => {
    const target = createMemoryTarget();
    const lock = createMemoryLock();
    await publish(target, lock, 23);
    const pages = (written: string[]) =>
      [...new Set(written.filter((p) => p.includes('archive/')).map((p) => p.replace(/[^/]+$/, '')))].sort();

    // One more article: a18 leaves the feed for page 4 (now 4 items); pages 1-3 are not even rendered.
    const next = await publish(target, lock, 24);
    // The main, politics and author feeds hold the same articles here: each has its own pages.
    expect(pages(next.files.written)).toEqual([
      'archive/4/',
      'authors/test-desk/archive/4/',
      'categories/politics/archive/4/',
    ]);

    // Two more: page 4 is full, page 5 opens; page 4 gains its next-archive link once and is final.
    const opened = await publish(target, lock, 26);
    expect(pages(opened.files.written)).toEqual([
      'archive/4/',
      'archive/5/',
      'authors/test-desk/archive/4/',
      'authors/test-desk/archive/5/',
      'categories/politics/archive/4/',
      'categories/politics/archive/5/',
    ]);
    expect(target.objects.get('archive/4/rss.xml')?.cacheControl).toBe('public, max-age=31536000, immutable');
    const again = await publish(target, lock, 26);
    expect(again.files.written).toEqual([]);
  });

  it('makes no archive without site.yml archives: true', async () => {
    const target = createMemoryTarget();
    await publishFeeds(
      { source: createMemorySource(articles(23)), target, now: () => new Date('2026-01-01T00:00:00Z') },
      parseSiteConfig(SITE_YAML.replace('item_limit: 50', 'item_limit: 5'), 'site.yml'),
    );
    expect([...target.objects.keys()].some((p) => p.includes('archive/'))).toBe(false);
    expect(target.objects.get('rss.xml')?.body).not.toContain('prev-archive');
  });
});
