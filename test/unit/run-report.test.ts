import { describe, expect, it } from 'vitest';
import { createMemoryLock } from '../../functions/lib/locks/lock.js';
import { publishFeeds, type RunSummary } from '../../functions/lib/pipeline.js';
import { boundItemIds, formatPlan } from '../../functions/lib/run-report.js';
import { createMemorySource } from '../../functions/lib/sources/memory.js';
import { createMemoryTarget } from '../../functions/lib/targets/memory.js';
import { articleText, testConfig } from '../support/fixtures.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const article = (title: string, day: number, tags: string[] = []) =>
  articleText({ title, date: `2025-12-0${day}T10:00:00Z`, tags });

/** A published collection, edited, then planned: the summary a dry run gives. */
async function plannedAfter(edit: (files: Record<string, string>) => void): Promise<RunSummary> {
  const files: Record<string, string> = {
    'a.md': article('A', 1, ['Rabat']),
    'b.md': article('B', 2, ['Old']),
  };
  const deps = { source: createMemorySource(files), target: createMemoryTarget(), lock: createMemoryLock() };
  const config = testConfig('feeds: { remove_stale: true, authors: { enabled: false } }');
  await publishFeeds({ ...deps, now: () => NOW }, config);
  edit(files);
  return publishFeeds({ ...deps, now: () => NOW, dryRun: true }, config);
}

describe('formatPlan', () => {
  it('shows, per feed that changes, the item ids and the files; then stale feeds and the totals', async () => {
    const summary = await plannedAfter((files) => {
      files['a.md'] = article('A, corrected', 1, ['Rabat']);
      delete files['b.md'];
      files['c.md'] = article('C', 3, ['Rabat']);
    });
    expect(formatPlan(summary, 'public')).toBe(
      [
        'Plan for public (a dry run: nothing is written)',
        '2 article file(s): 2 live, none skipped; 2 read',
        'feed main -> ./',
        '  + tag:site.test,2025:c  added',
        '  ~ tag:site.test,2025:a  updated',
        '  - tag:site.test,2025:b  removed',
        '  files: rss.xml atom.xml feed.json would be written',
        'feed tag:rabat -> tags/rabat/',
        '  + tag:site.test,2025:c  added',
        '  ~ tag:site.test,2025:a  updated',
        '  files: rss.xml atom.xml feed.json would be written',
        'other files: index.html feeds.opml would be written',
        'stale feed tags/old/: atom.xml feed.json rss.xml would be removed',
        'Plan: 2 feed(s) change, 2 item(s) added, 2 updated, 1 removed; 8 file(s) would be written, 3 removed, 0 refused; 0 unchanged.',
      ].join('\n'),
    );
  });

  it('says when nothing would change', async () => {
    const summary = await plannedAfter(() => {});
    const text = formatPlan(summary, 'public');
    expect(text.split('\n').at(-1)).toBe(
      `Nothing would change: ${summary.files.unchanged.length} file(s) as published.`,
    );
    expect(text).not.toContain('feed main');
  });

  it('names what a guard would refuse, with the items the feed would lose and the override', async () => {
    const summary = await plannedAfter((files) => {
      delete files['a.md'];
      delete files['b.md'];
    });
    const text = formatPlan(summary, 'public');
    expect(text).toContain(
      [
        'feed main -> ./',
        '  - tag:site.test,2025:a  removed',
        '  - tag:site.test,2025:b  removed',
        '  files: rss.xml atom.xml feed.json refused',
      ].join('\n'),
    );
    expect(text).toContain(
      '  WOULD REFUSE feed.json: memory:feed.json: would replace 2 published item(s) with an empty feed; the published version would stay',
    );
    expect(text).toContain('  (if the removal is intended, run with --allow-shrink)');
  });

  it('counts the ids a list left out, and says when a feed’s items could not be told', () => {
    const summary: RunSummary = {
      now: NOW.toISOString(),
      articles: { found: 1, live: 1, read: 1, skipped: [], warnings: [] },
      feeds: [
        {
          key: 'main',
          dir: '',
          items: 1,
          updated: NOW.toISOString(),
          isPublic: true,
          files: { written: ['rss.xml'], refused: [], failed: [] },
          changes: {
            added: ['x'],
            updated: [],
            removed: [],
            omitted: { added: 250, updated: 0, removed: 3 },
          },
        },
        {
          key: 'tag:t',
          dir: 'tags/t/',
          items: 1,
          updated: NOW.toISOString(),
          isPublic: true,
          files: { written: ['tags/t/feed.json'], refused: [], failed: [] },
        },
      ],
      warnings: ['memory:tags/t/feed.json: the published version is not a JSON Feed with item ids'],
      files: {
        written: ['rss.xml', 'tags/t/feed.json'],
        unchanged: [],
        refused: [],
        failed: [],
        removed: [],
        pendingRemoval: [],
      },
      state: { reused: true },
      dryRun: true,
      ok: true,
    };
    const text = formatPlan(summary, 'memory');
    expect(text).toContain(
      '  + x  added\n  … and 250 more added\n  … and 3 more removed\n  files: rss.xml would be written',
    );
    expect(text).toContain(
      'feed tag:t -> tags/t/\n  (its item changes are not known)\n  files: feed.json would be written',
    );
    expect(text).toContain('  warning memory:tags/t/feed.json: the published version');
    expect(text.split('\n').at(-1)).toBe(
      'Plan: 2 feed(s) change, 251 item(s) added, 0 updated, 3 removed; 2 file(s) would be written, 0 removed, 0 refused; 0 unchanged.',
    );
  });
});

describe('boundItemIds', () => {
  const feed = (key: string, added: number, removed: number) => ({
    key,
    dir: '',
    items: added,
    updated: NOW.toISOString(),
    isPublic: true,
    files: { written: ['feed.json'], refused: [], failed: [] },
    changes: {
      added: Array.from({ length: added }, (_, i) => `${key}-a${i}`),
      updated: [],
      removed: Array.from({ length: removed }, (_, i) => `${key}-r${i}`),
    },
  });
  const summaryOf = (feeds: RunSummary['feeds']) => ({ feeds }) as RunSummary;

  it('keeps ids in feed order up to the budget and counts the rest per feed', () => {
    const bounded = boundItemIds(
      summaryOf([feed('main', 3, 1), feed('tag:a', 2, 2), feed('tag:b', 1, 0)]),
      5,
    );
    expect(bounded.feeds.map((f) => f.changes)).toEqual([
      { added: ['main-a0', 'main-a1', 'main-a2'], updated: [], removed: ['main-r0'] },
      {
        added: ['tag:a-a0'],
        updated: [],
        removed: [],
        omitted: { added: 1, updated: 0, removed: 2 },
      },
      { added: [], updated: [], removed: [], omitted: { added: 1, updated: 0, removed: 0 } },
    ]);
  });

  it('leaves a summary within the budget as it is', () => {
    const summary = summaryOf([feed('main', 3, 1), { ...feed('tag:x', 0, 0), changes: undefined }]);
    expect(boundItemIds(summary, 4)).toEqual(summary);
  });
});
