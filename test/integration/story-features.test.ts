// Languages, corrections, retractions and media, as real readers' parsers and the W3C rules see them.
import { parseFeed as parseWithRowanmanning } from '@rowanmanning/feed-parser';
import { parseFeed } from 'feedsmith';
import { describe, expect, it } from 'vitest';
import { articleText, runInMemory, testConfig } from '../support/fixtures.js';
import { parseWithFeedparser } from '../support/readers.js';
import { checkFeed } from '../support/w3c-feed-rules.js';

const FEEDS = 'https://feeds.site.test/';
const selfUrl = (path: string) => new URL(path, FEEDS).href;
/** The findings that matter: every error and warning. */
const findings = (xml: string, path: string) =>
  checkFeed(xml, { selfUrl: selfUrl(path) }).map((f) => `${f.level} ${f.rule}: ${f.message}`);

const story = {
  'rabat.md': articleText({
    title: 'Ministers meet in Rabat',
    date: '2025-04-14T12:00:00+01:00',
    id: 'tag:site.test,2025:rabat',
    translation_key: 'rabat-talks',
    categories: ['Politics'],
  }),
  'rabat-fr.md': articleText({
    title: 'Les ministres se rencontrent à Rabat',
    date: '2025-04-14T12:30:00+01:00',
    id: 'tag:site.test,2025:rabat-fr',
    language: 'fr',
    translation_key: 'rabat-talks',
    categories: ['Politics'],
  }),
  'rabat-ar.md': articleText({
    title: 'الوزيران يلتقيان في الرباط',
    date: '2025-04-14T12:45:00+01:00',
    id: 'tag:site.test,2025:rabat-ar',
    language: 'ar',
    // Linked by listing an id, not by the key: either side listing is enough.
    translations: ['tag:site.test,2025:rabat'],
    categories: ['Politics'],
  }),
};

describe('languages', () => {
  it('makes one feed per language with its language, and tags other-language entries in mixed feeds', async () => {
    const { body, summary } = await runInMemory(story);
    expect(summary.feeds.map((f) => f.key)).toEqual(
      expect.arrayContaining(['language:ar', 'language:en', 'language:fr']),
    );
    expect(body('languages/fr/rss.xml')).toContain('<language>fr</language>');
    expect(body('languages/ar/atom.xml')).toContain('xml:lang="ar"');
    expect(JSON.parse(body('languages/ar/feed.json')).language).toBe('ar');
    expect(JSON.parse(body('languages/fr/feed.json')).title).toBe('Test Site — Français');

    const mixed = await parseWithFeedparser(body('categories/politics/atom.xml'));
    expect(mixed.bozo).toBe(0);
    const languages = Object.fromEntries(mixed.entries.map((e) => [e.id, e.language]));
    expect(languages).toEqual({
      'tag:site.test,2025:rabat-ar': 'ar',
      'tag:site.test,2025:rabat-fr': 'fr',
      'tag:site.test,2025:rabat': 'en',
    });
    const json = JSON.parse(body('feed.json')) as { items: Array<{ id: string; language?: string }> };
    expect(json.items.map((i) => [i.id, i.language])).toEqual([
      ['tag:site.test,2025:rabat-ar', 'ar'],
      ['tag:site.test,2025:rabat-fr', 'fr'],
      ['tag:site.test,2025:rabat', undefined],
    ]);
    expect(body('rss.xml')).toContain('<dc:language>ar</dc:language>');
  });

  it('links the versions of one story with rel="alternate" hreflang, and every reader still opens the entry itself', async () => {
    const { body } = await runInMemory(story);
    const atom = body('atom.xml');
    const parsed = await parseWithFeedparser(atom);
    const english = parsed.entries.find((e) => e.id === 'tag:site.test,2025:rabat');
    expect(english?.link).toBe('https://site.test/rabat/');
    expect(english?.links?.filter((l) => l.hreflang).map((l) => [l.hreflang, l.href])).toEqual([
      ['ar', 'https://site.test/rabat-ar/'],
      ['fr', 'https://site.test/rabat-fr/'],
      ['en', 'https://site.test/rabat/'],
    ]);
    // Readers that take the first explicit alternate, or the first link, open the same article.
    const rowan = parseWithRowanmanning(atom);
    expect(rowan.items.find((i) => i.id === 'tag:site.test,2025:rabat')?.url).toBe(
      'https://site.test/rabat/',
    );
    const smith = parseFeed(atom);
    expect(smith.format).toBe('atom');
    expect(findings(atom, 'atom.xml')).toEqual([]);
  });

  it('makes no language feeds for a single-language site', async () => {
    const { summary } = await runInMemory({ 'a.md': articleText({ title: 'A', date: '2025-04-14' }) });
    expect(summary.feeds.some((f) => f.key.startsWith('language:'))).toBe(false);
  });
});

describe('corrections', () => {
  it('dates the item by its latest correction and shows the notes under the article', async () => {
    const { body } = await runInMemory({
      'a.md': articleText({
        title: 'Talks in Rabat',
        date: '2025-04-14T12:00:00+01:00',
        corrections: [
          { date: '2025-04-15T09:00:00+01:00', text: 'The meeting was on Monday, not Tuesday.' },
          { date: '2025-04-16T10:00:00+01:00', text: 'An earlier version misspelt a name & a <title>.' },
        ],
      }),
    });
    const parsed = await parseWithFeedparser(body('atom.xml'));
    const [entry] = parsed.entries;
    expect(entry?.updated).toBe('2025-04-16T09:00:00.000Z');
    const html = entry?.content?.[0]?.value ?? '';
    expect(html).toContain('<em>Correction (2025-04-15):</em> The meeting was on Monday, not Tuesday.');
    expect(html).toContain('An earlier version misspelt a name &amp; a &lt;title&gt;.');
    expect(JSON.parse(body('feed.json')).items[0].date_modified).toBe('2025-04-16T09:00:00Z');
    expect(findings(body('rss.xml'), 'rss.xml')).toEqual([]);
    expect(findings(body('atom.xml'), 'atom.xml')).toEqual([]);
  });
});

describe('retractions', () => {
  const ten = Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => [
      `a${i}.md`,
      articleText({
        title: `A${i}`,
        date: `2025-04-0${i === 9 ? '9' : i + 1}`,
        id: `tag:site.test,2025:a${i}`,
      }),
    ]),
  );
  const retract = (files: Record<string, string>, names: string[]) =>
    Object.fromEntries(
      Object.entries(files).map(([name, text]) => {
        if (!names.includes(name)) return [name, text];
        const i = name.slice(1, -3);
        return [
          name,
          articleText({
            title: `A${i}`,
            date: `2025-04-0${i === '9' ? '9' : Number(i) + 1}`,
            id: `tag:site.test,2025:a${i}`,
            retracted: { date: '2025-12-20T10:00:00Z', reason: 'The source withdrew the claim.' },
          }),
        ];
      }),
    );

  it('takes the item out of every feed, with an RFC 6721 tombstone in Atom that feedparser reads', async () => {
    const first = await runInMemory(ten);
    // Six of ten at once: more than the guard's 50%, and never refused.
    const second = await runInMemory(retract(ten, ['a0.md', 'a1.md', 'a2.md', 'a3.md', 'a4.md', 'a5.md']), {
      target: first.target,
    });
    expect(second.summary.files.refused).toEqual([]);
    expect(second.summary.ok).toBe(true);
    for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
      expect(second.body(file)).not.toContain('<title>A0</title>');
    }
    const atom = second.body('atom.xml');
    expect(atom).toContain('xmlns:at="http://purl.org/atompub/tombstones/1.0"');
    const parsed = await parseWithFeedparser(atom);
    expect(parsed.bozo).toBe(0);
    expect(parsed.entries).toHaveLength(4);
    // feedparser has no model for tombstones: it keeps the last one's attributes under its prefixed name.
    expect(parsed.feed['at_deleted-entry']).toEqual({
      ref: expect.stringMatching(/^tag:site\.test,2025:a[0-5]$/),
      when: '2025-12-20T10:00:00Z',
    });
    expect(atom.match(/<at:deleted-entry /g)).toHaveLength(6);
    const json = JSON.parse(second.body('feed.json')) as { items: unknown[]; _retracted: unknown[] };
    expect(json.items).toHaveLength(4);
    expect(json._retracted).toContainEqual({
      id: 'tag:site.test,2025:a0',
      date_retracted: '2025-12-20T10:00:00Z',
      reason: 'The source withdrew the claim.',
    });
    // The W3C validator does not know the tombstones namespace: one UnknownNamespace warning, and nothing else.
    expect(findings(atom, 'atom.xml')).toEqual([
      expect.stringMatching(/^warning UnknownNamespace: .*tombstones/),
    ]);
    expect(findings(second.body('rss.xml'), 'rss.xml')).toEqual([]);
  });

  it('gives a language feed its tombstone on a site with language feeds, and grows none on a site without', async () => {
    const retractedFrench = {
      ...story,
      'rabat-fr.md': articleText({
        title: 'Les ministres se rencontrent à Rabat',
        date: '2025-04-14T12:30:00+01:00',
        id: 'tag:site.test,2025:rabat-fr',
        language: 'fr',
        retracted: { date: '2025-12-20T10:00:00Z', reason: 'Doublon.' },
      }),
    };
    const multilingual = await runInMemory(retractedFrench);
    expect(multilingual.body('languages/fr/atom.xml')).toContain(
      '<at:deleted-entry ref="tag:site.test,2025:rabat-fr"',
    );
    const single = await runInMemory({ 'a.md': ten['a0.md'] as string, ...retract(ten, ['a1.md']) });
    expect(single.summary.feeds.some((f) => f.key.startsWith('language:'))).toBe(false);
  });

  it('drops the tombstone when its days are up', async () => {
    const retracted = retract(ten, ['a0.md']);
    const during = await runInMemory(retracted, { now: new Date('2026-01-18T00:00:00Z') });
    expect(during.body('atom.xml')).toContain('<at:deleted-entry ref="tag:site.test,2025:a0"');
    const after = await runInMemory(retracted, { now: new Date('2026-01-20T00:00:00Z') });
    expect(after.body('atom.xml')).not.toContain('deleted-entry');
    expect(findings(after.body('atom.xml'), 'atom.xml')).toEqual([]);
  });
});

describe('media', () => {
  it('writes Media RSS in RSS and Atom and image/banner_image in JSON Feed, clean by the W3C rules', async () => {
    const { body } = await runInMemory({
      'a.md': articleText({
        title: 'Talks in Rabat',
        date: '2025-04-14',
        image: {
          url: 'https://cdn.site.test/rabat.jpg',
          alt: 'The two ministers & their delegations',
          width: 1600,
          height: 900,
          credit: 'MAP',
        },
        images: [{ url: 'https://cdn.site.test/paris.webp', alt: 'Paris', width: 800, height: 1000 }],
      }),
    });
    for (const file of ['rss.xml', 'atom.xml']) {
      const xml = body(file);
      expect(xml).toContain('xmlns:media="http://search.yahoo.com/mrss/"');
      expect(xml).toContain(
        '<media:content url="https://cdn.site.test/rabat.jpg" type="image/jpeg" medium="image" width="1600" height="900"><media:description type="plain">The two ministers &#x26; their delegations</media:description><media:credit>MAP</media:credit></media:content>',
      );
      expect(xml).toContain(
        '<media:thumbnail url="https://cdn.site.test/rabat.jpg" width="1600" height="900"/>',
      );
      expect(findings(xml, file)).toEqual([]);
      const parsed = await parseWithFeedparser(xml);
      const entry = parsed.entries[0];
      expect(entry?.media_content?.map((m) => m.url)).toEqual([
        'https://cdn.site.test/rabat.jpg',
        'https://cdn.site.test/paris.webp',
      ]);
      expect(entry?.media_thumbnail?.[0]?.url).toBe('https://cdn.site.test/rabat.jpg');
    }
    const item = JSON.parse(body('feed.json')).items[0];
    expect(item.image).toBe('https://cdn.site.test/rabat.jpg');
    // Landscape: it suits a banner.
    expect(item.banner_image).toBe('https://cdn.site.test/rabat.jpg');
  });

  it('declares no media namespace when no item has an image', async () => {
    const { body } = await runInMemory({ 'a.md': articleText({ title: 'A', date: '2025-04-14' }) });
    expect(body('rss.xml')).not.toContain('xmlns:media');
    expect(body('atom.xml')).not.toContain('xmlns:media');
  });
});

it('keeps the test config in one place', () => {
  expect(testConfig().tombstoneDays).toBe(30);
});
