import { describe, expect, it } from 'vitest';
import { selectArticles } from '../../functions/lib/feeds/select.js';
import { articleValue } from '../support/fixtures.js';

describe('selectArticles', () => {
  const now = new Date('2025-04-15T00:00:00Z');

  it('leaves out drafts and articles dated after now', () => {
    const live = articleValue({ id: 'tag:t,2025:live' });
    const draft = articleValue({ id: 'tag:t,2025:draft', draft: true });
    const future = articleValue({ id: 'tag:t,2025:future', date: new Date('2025-04-15T00:00:01Z') });
    expect(selectArticles([draft, future, live], { now }).map((a) => a.id)).toEqual(['tag:t,2025:live']);
  });

  it('publishes an embargoed article on the first run after its date', () => {
    const embargoed = articleValue({ date: new Date('2025-04-15T00:00:00Z') });
    expect(selectArticles([embargoed], { now: new Date('2025-04-14T23:59:59Z') })).toEqual([]);
    expect(selectArticles([embargoed], { now })).toEqual([embargoed]);
  });

  it('orders newest first with ties broken by id, whatever the input order', () => {
    const date = new Date('2025-04-14T00:00:00Z');
    const a = articleValue({ id: 'tag:t,2025:a', date });
    const b = articleValue({ id: 'tag:t,2025:b', date });
    const newer = articleValue({ id: 'tag:t,2025:z', date: new Date('2025-04-14T10:00:00Z') });
    expect(selectArticles([b, newer, a], { now }).map((x) => x.id)).toEqual([
      'tag:t,2025:z',
      'tag:t,2025:a',
      'tag:t,2025:b',
    ]);
    expect(selectArticles([a, b, newer], { now }).map((x) => x.id)).toEqual([
      'tag:t,2025:z',
      'tag:t,2025:a',
      'tag:t,2025:b',
    ]);
  });
});
