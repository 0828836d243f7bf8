import { describe, expect, it } from 'vitest';
import { capped, diffFeedItems } from '../../functions/lib/feeds/item-diff.js';
import { articleText, runInMemory } from '../support/fixtures.js';

const feed = (...items: Array<Record<string, unknown>>) => JSON.stringify({ version: 'x', items });

describe('diffFeedItems', () => {
  it('adds every item of a feed with nothing published yet', () => {
    expect(diffFeedItems(undefined, feed({ id: 'b' }, { id: 'a' }))).toEqual({
      added: ['a', 'b'],
      updated: [],
      removed: [],
    });
  });

  it('tells added, updated and removed ids apart, each list sorted', () => {
    const published = feed({ id: 'keep', title: 'K' }, { id: 'edit', title: 'Old' }, { id: 'gone' });
    const next = feed(
      { id: 'new-2' },
      { id: 'edit', title: 'New' },
      { id: 'keep', title: 'K' },
      { id: 'new-1' },
    );
    expect(diffFeedItems(published, next)).toEqual({
      added: ['new-1', 'new-2'],
      updated: ['edit'],
      removed: ['gone'],
    });
  });

  it('counts a change in any field, nested ones too, as an update', () => {
    const published = feed({ id: 'a', authors: [{ name: 'X' }], tags: ['t'] });
    expect(
      diffFeedItems(published, feed({ id: 'a', authors: [{ name: 'Y' }], tags: ['t'] }))?.updated,
    ).toEqual(['a']);
    expect(
      diffFeedItems(published, feed({ id: 'a', authors: [{ name: 'X' }], tags: ['t', 'u'] }))?.updated,
    ).toEqual(['a']);
    expect(
      diffFeedItems(published, feed({ id: 'a', authors: [{ name: 'X' }], tags: ['t'], image: 'i' }))?.updated,
    ).toEqual(['a']);
  });

  it('does not count a different key order, or a reorder of the items, as a change', () => {
    const published = JSON.stringify({ items: [{ title: 'T', id: 'a' }, { id: 'b' }] });
    const next = JSON.stringify({ items: [{ id: 'b' }, { id: 'a', title: 'T' }] }, null, 2);
    expect(diffFeedItems(published, next)).toEqual({ added: [], updated: [], removed: [] });
  });

  it('cannot tell the changes when either side is no JSON Feed with identified items', () => {
    for (const bad of ['<rss/>', '{"items": 3}', '[]', 'null', feed({ title: 'no id' }), feed({ id: 7 })]) {
      expect(diffFeedItems(bad, feed({ id: 'a' })), bad).toBeUndefined();
      expect(diffFeedItems(feed({ id: 'a' }), bad), bad).toBeUndefined();
    }
  });

  it('keeps at most maxIds ids per list and counts the rest', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ id: `id-${i}` }));
    expect(diffFeedItems(feed(...many.slice(0, 3)), feed(...many.slice(2)), { maxIds: 2 })).toEqual({
      added: ['id-3', 'id-4'],
      updated: [],
      removed: ['id-0', 'id-1'],
      omitted: { added: 2, updated: 0, removed: 0 },
    });
  });
});

describe('capped', () => {
  it('adds what it cuts to what was cut before', () => {
    const once = capped({ added: ['a', 'b', 'c'], updated: [], removed: [] }, 2);
    expect(capped(once, 1)).toEqual({
      added: ['a'],
      updated: [],
      removed: [],
      omitted: { added: 2, updated: 0, removed: 0 },
    });
  });
});

describe('diffFeedItems on feeds the renderer made', () => {
  it('sees the one edited, the one added and the one withdrawn article of a real feed.json', async () => {
    const a = articleText({ title: 'A', date: '2025-04-10T10:00:00Z' });
    const b = articleText({ title: 'B', date: '2025-04-11T10:00:00Z' });
    const before = await runInMemory({ 'a.md': a, 'b.md': b });
    const after = await runInMemory({
      'a.md': articleText({ title: 'A, corrected', date: '2025-04-10T10:00:00Z' }),
      'c.md': articleText({ title: 'C', date: '2025-04-12T10:00:00Z' }),
    });
    expect(diffFeedItems(before.body('feed.json'), after.body('feed.json'))).toEqual({
      added: ['tag:site.test,2025:c'],
      updated: ['tag:site.test,2025:a'],
      removed: ['tag:site.test,2025:b'],
    });
    expect(diffFeedItems(before.body('feed.json'), before.body('feed.json'))).toEqual({
      added: [],
      updated: [],
      removed: [],
    });
  });
});
