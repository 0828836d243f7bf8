import { describe, expect, it } from 'vitest';
import { planFeeds } from '../../functions/lib/feeds/plan.js';
import { articleValue, testConfig } from '../support/fixtures.js';

const now = new Date('2026-01-01T00:00:00Z');

const politics = articleValue({
  id: 'tag:site.test,2025:p',
  date: new Date('2025-04-14T11:00:00Z'),
  categories: ['Politics'],
  tags: ['Morocco', 'security'],
  authors: [{ name: 'Amina El Idrissi' }],
});
const economy = articleValue({
  id: 'tag:site.test,2025:e',
  date: new Date('2025-04-13T11:00:00Z'),
  categories: ['Économie', 'سياسة'],
  tags: ['Morocco'],
  authors: [{ name: 'Jean Dupont' }, { name: 'Amina El Idrissi' }],
});

describe('planFeeds', () => {
  it('plans the main feed and one feed per category, tag and author at stable slugged paths', () => {
    const { specs, warnings } = planFeeds([politics, economy], testConfig(), { now });
    expect(warnings).toEqual([]);
    expect(specs.map((s) => [s.key, s.dir, s.items.map((a) => a.id)])).toEqual([
      ['main', '', ['tag:site.test,2025:p', 'tag:site.test,2025:e']],
      ['category:politics', 'categories/politics/', ['tag:site.test,2025:p']],
      ['category:économie', 'categories/économie/', ['tag:site.test,2025:e']],
      ['category:سياسة', 'categories/سياسة/', ['tag:site.test,2025:e']],
      ['tag:morocco', 'tags/morocco/', ['tag:site.test,2025:p', 'tag:site.test,2025:e']],
      ['tag:security', 'tags/security/', ['tag:site.test,2025:p']],
      [
        'author:amina-el-idrissi',
        'authors/amina-el-idrissi/',
        ['tag:site.test,2025:p', 'tag:site.test,2025:e'],
      ],
      ['author:jean-dupont', 'authors/jean-dupont/', ['tag:site.test,2025:e']],
    ]);
  });

  it('titles feeds "Site — Name" and lists all but partner feeds publicly', () => {
    const { specs } = planFeeds([politics], testConfig(), { now });
    expect(specs.map((s) => s.title)).toEqual([
      'Test Site',
      'Test Site — Politics',
      'Test Site — Morocco',
      'Test Site — security',
      'Test Site — Articles by Amina El Idrissi',
    ]);
    expect(specs.every((s) => s.isPublic && s.fullContent)).toBe(true);
  });

  it('switches kinds off and applies each kind its own item limit', () => {
    const config = testConfig(
      'feeds:\n  tags: { enabled: false }\n  authors: { enabled: false }\n  categories: { item_limit: 1 }\n',
    );
    const both = articleValue({ ...politics, id: 'tag:site.test,2025:q', categories: ['Politics'] });
    const { specs } = planFeeds([politics, both], config, { now });
    expect(specs.map((s) => s.key)).toEqual(['main', 'category:politics']);
    expect(specs[1]?.items).toHaveLength(1);
  });

  it('merges names that differ only in case or punctuation into one feed, and reports it', () => {
    const a = articleValue({ id: 'tag:t,2025:a', categories: ['Science & Tech'] });
    const b = articleValue({ id: 'tag:t,2025:b', categories: ['science-tech'] });
    const c = articleValue({ id: 'tag:t,2025:c', categories: ['Science & Tech'] });
    const { specs, warnings } = planFeeds(
      [a, b, c],
      testConfig('feeds: { tags: { enabled: false }, authors: { enabled: false } }'),
      {
        now,
      },
    );
    const merged = specs.find((s) => s.key === 'category:science-tech');
    expect(merged?.title).toBe('Test Site — Science & Tech');
    expect(merged?.items.map((x) => x.id)).toEqual(['tag:t,2025:a', 'tag:t,2025:b', 'tag:t,2025:c']);
    expect(warnings).toEqual([
      'categories "Science & Tech", "science-tech" share the path categories/science-tech/; published as one feed, "Science & Tech"',
    ]);
  });

  it('reports a name without letters or digits instead of giving it a feed', () => {
    const odd = articleValue({ categories: ['!!!'] });
    const { specs, warnings } = planFeeds([odd], testConfig(), { now });
    expect(specs.some((s) => s.kind === 'category')).toBe(false);
    expect(warnings).toEqual(['memory:a.md: categories: "!!!" has no letters or digits, so it gets no feed']);
  });
});

describe('partner feeds', () => {
  const partnerConfig = (yaml: string) =>
    testConfig(
      `feeds: { categories: { enabled: false }, tags: { enabled: false }, authors: { enabled: false } }\npartners:\n${yaml}`,
    );

  it('include by category, exclude by tag, never listed publicly', () => {
    const config = partnerConfig(
      '  - name: Le Partenaire\n    include: { categories: [politics, économie] }\n    exclude: { tags: [security] }\n',
    );
    const { specs } = planFeeds([politics, economy], config, { now });
    const partner = specs.find((s) => s.kind === 'partner');
    expect(partner).toMatchObject({
      key: 'partner:le-partenaire',
      dir: 'partners/le-partenaire/',
      isPublic: false,
    });
    expect(partner?.items.map((a) => a.id)).toEqual(['tag:site.test,2025:e']);
  });

  it('include by author, summary only, its own limit and title, link parameters in order', () => {
    const config = partnerConfig(
      [
        '  - name: Wire',
        '    title: Wire selection',
        '    include: { authors: [Amina El Idrissi] }',
        '    content: summary',
        '    item_limit: 1',
        '    link_params: { utm_source: wire, utm_medium: syndication }',
      ].join('\n'),
    );
    const partner = planFeeds([politics, economy], config, { now }).specs.find((s) => s.kind === 'partner');
    expect(partner).toMatchObject({ title: 'Wire selection', fullContent: false });
    expect(partner?.linkParams).toEqual([
      ['utm_source', 'wire'],
      ['utm_medium', 'syndication'],
    ]);
    expect(partner?.items.map((a) => a.id)).toEqual(['tag:site.test,2025:p']);
  });

  it('delays items by the given hours', () => {
    const config = partnerConfig('  - name: Late\n    delay_hours: 24\n');
    const at = (iso: string) =>
      planFeeds([politics], config, { now: new Date(iso) }).specs.find((s) => s.kind === 'partner');
    expect(at('2025-04-15T10:59:59Z')?.items).toEqual([]);
    expect(at('2025-04-15T11:00:00Z')?.items.map((a) => a.id)).toEqual(['tag:site.test,2025:p']);
  });

  it('puts an unguessable secret in the path', () => {
    const config = partnerConfig('  - name: Private\n    secret: 3f9c2a7be41d08c6a5f1\n');
    expect(planFeeds([politics], config, { now }).specs.find((s) => s.kind === 'partner')?.dir).toBe(
      'partners/private-3f9c2a7be41d08c6a5f1/',
    );
  });

  it('refuses two partners with the same slug, and a short secret', () => {
    expect(() => partnerConfig('  - name: A\n    slug: same\n  - name: B\n    slug: same\n')).toThrow(
      'test/site.yml: partners[1].slug: "same" is already used by partners[0]',
    );
    expect(() => partnerConfig('  - name: A\n    secret: short\n')).toThrow(
      'partners[0].secret: must be 16-64 letters',
    );
  });
});
