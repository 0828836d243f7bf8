import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../functions/lib/articles/article.js';
import { slugify } from '../../functions/lib/articles/slug.js';
import { planFeeds } from '../../functions/lib/feeds/plan.js';
import { selectArticles } from '../../functions/lib/feeds/select.js';
import { articleValue, testConfig } from '../support/fixtures.js';

const CATEGORIES = ['Politics', 'politics', 'Économie', 'سياسة', 'Science & Tech', 'Culture'];
const TAGS = ['Morocco', 'France', 'security', 'migration', 'AI'];
const AUTHORS = ['Amina', 'Jean', 'Sofía', 'Omar'];
const runs = { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) };

const articles = fc
  .uniqueArray(
    fc.record({
      id: fc.integer({ min: 0, max: 10_000 }),
      hours: fc.integer({ min: 0, max: 24 * 30 }),
      categories: fc.subarray(CATEGORIES, { minLength: 1, maxLength: 3 }),
      tags: fc.subarray(TAGS, { maxLength: 3 }),
      authors: fc.subarray(AUTHORS, { minLength: 1, maxLength: 2 }),
    }),
    { selector: (a) => a.id, maxLength: 40 },
  )
  .map((records) =>
    selectArticles(
      records.map(
        (r): Article =>
          articleValue({
            id: `tag:t,2025:${r.id}`,
            date: new Date(Date.UTC(2025, 3, 1) + r.hours * 3_600_000),
            categories: r.categories,
            tags: r.tags,
            authors: r.authors.map((name) => ({ name })),
          }),
      ),
      { now: new Date('2026-01-01T00:00:00Z') },
    ),
  );

const ids = (list: Article[] | undefined) => (list ?? []).map((a) => a.id).sort();
const slugs = (names: string[]) => new Set(names.map(slugify));

describe('the feed plan, for any collection', () => {
  it('puts every article in exactly the feeds its categories, tags and authors name, newest first', () => {
    fc.assert(
      fc.property(articles, (live) => {
        const { specs } = planFeeds(
          live,
          { ...testConfig(), itemLimit: 10_000 },
          { now: new Date('2026-01-01T00:00:00Z') },
        );
        for (const article of live) {
          const expected = [
            'main',
            ...[...slugs(article.categories)].map((s) => `category:${s}`),
            ...[...slugs(article.tags)].map((s) => `tag:${s}`),
            ...[...slugs(article.authors.map((a) => a.name))].map((s) => `author:${s}`),
          ].sort();
          const actual = specs.filter((s) => s.items.includes(article)).map((s) => s.key);
          expect(actual.sort()).toEqual(expected);
        }
        for (const spec of specs) {
          const times = spec.items.map((a) => a.date.getTime());
          expect(times).toEqual([...times].sort((x, y) => y - x));
          expect(new Set(spec.items).size).toBe(spec.items.length);
        }
      }),
      runs,
    );
  });

  it('gives a partner exactly the included, not excluded, old-enough items, up to its limit', () => {
    const filters = fc.record({
      include: fc.subarray(CATEGORIES, { maxLength: 2 }),
      exclude: fc.subarray(TAGS, { maxLength: 2 }),
      delay: fc.integer({ min: 0, max: 24 * 40 }),
      limit: fc.integer({ min: 1, max: 50 }),
    });
    fc.assert(
      fc.property(articles, filters, (live, f) => {
        const now = new Date('2025-05-01T00:00:00Z');
        const config = testConfig(
          `partners:\n  - name: P\n    include: { categories: ${JSON.stringify(f.include)} }\n    exclude: { tags: ${JSON.stringify(f.exclude)} }\n    delay_hours: ${f.delay}\n    item_limit: ${f.limit}\n`,
        );
        const partner = planFeeds(live, config, { now }).specs.find((s) => s.kind === 'partner');
        const include = slugs(f.include);
        const exclude = slugs(f.exclude);
        const expected = live
          .filter((a) => a.date.getTime() + f.delay * 3_600_000 <= now.getTime())
          .filter((a) => include.size === 0 || a.categories.some((c) => include.has(slugify(c))))
          .filter((a) => !a.tags.some((t) => exclude.has(slugify(t))))
          .slice(0, f.limit);
        expect(ids(partner?.items)).toEqual(ids(expected));
        expect(partner?.isPublic).toBe(false);
      }),
      runs,
    );
  });
});
