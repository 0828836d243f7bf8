import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseFeed as parseWithRowanmanning } from '@rowanmanning/feed-parser';
import { parseFeed } from 'feedsmith';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildContent } from '../support/build-content.js';
import { parseWithFeedparser, xmllint } from '../support/readers.js';
import { checkFeed } from '../support/w3c-feed-rules.js';

const RABAT_TITLE = 'Morocco’s Interior Minister Holds Talks with French Peer in Rabat';
const RABAT_LINK = 'https://feedwright.example/morocco-interior-minister-talks-french-peer-rabat/';
const RABAT_ID = 'tag:feedwright.example,2025:morocco-interior-minister-talks-french-peer-rabat';
const FIRST_WORDS = 'Rabat – Morocco’s Minister of the Interior, Abdelouafi Laftit';
const LAST_WORDS = 'civil protection and the management of major events.';

let built: Awaited<ReturnType<typeof buildContent>>;
beforeAll(async () => {
  built = await buildContent();
});

describe('feeds built from content/, read by Python feedparser', () => {
  it.each(['rss.xml', 'atom.xml'])('%s parses cleanly (bozo 0) with the Rabat item intact', async (file) => {
    const parsed = await parseWithFeedparser(await built.read(file));
    expect(parsed.bozo_exception ?? null).toBeNull();
    expect(parsed.bozo).toBe(0);
    expect(parsed.feed.title).toBe('feedwright demo');
    const rabat = parsed.entries.find((e) => e.title === RABAT_TITLE);
    expect(rabat, `no Rabat entry in ${file}`).toBeDefined();
    expect(rabat?.link).toBe(RABAT_LINK);
    expect(rabat?.id).toBe(RABAT_ID);
    // Monday 14 April 2025, 12:00 in Rabat (+01:00) is 11:00 UTC.
    expect(rabat?.published_parsed).toEqual([2025, 4, 14, 11, 0, 0]);
    const content = rabat?.content?.[0]?.value ?? '';
    expect(content).toContain(FIRST_WORDS);
    expect(content).toContain(LAST_WORDS);
    expect(rabat?.tags).toEqual(
      expect.arrayContaining(['Politics', 'Morocco', 'France', 'security', 'migration']),
    );
  });

  it('reads RSS as rss20 and Atom as atom10', async () => {
    expect((await parseWithFeedparser(await built.read('rss.xml'))).version).toBe('rss20');
    expect((await parseWithFeedparser(await built.read('atom.xml'))).version).toBe('atom10');
  });
});

describe('feeds built from content/, read by @rowanmanning/feed-parser', () => {
  it.each(['rss.xml', 'atom.xml'])(
    '%s gives the Rabat item with its date, link and content',
    async (file) => {
      const feed = parseWithRowanmanning(await built.read(file));
      expect(feed.title).toBe('feedwright demo');
      const rabat = feed.items.find((i) => i.title === RABAT_TITLE);
      expect(rabat?.url).toBe(RABAT_LINK);
      expect(rabat?.id).toBe(RABAT_ID);
      expect(rabat?.published?.toISOString()).toBe('2025-04-14T11:00:00.000Z');
      expect(rabat?.content).toContain(FIRST_WORDS);
    },
  );
});

describe('the JSON Feed built from content/, read by feedsmith', () => {
  it('is detected as JSON Feed and gives the Rabat item intact', async () => {
    const parsed = parseFeed(await built.read('feed.json'));
    if (parsed.format !== 'json') throw new Error(`detected as ${parsed.format}, not JSON Feed`);
    const { feed } = parsed;
    expect(feed.title).toBe('feedwright demo');
    const rabat = feed.items?.find((i) => i.title === RABAT_TITLE);
    expect(rabat?.id).toBe(RABAT_ID);
    expect(rabat?.url).toBe(RABAT_LINK);
    expect(rabat?.date_published).toBe('2025-04-14T11:00:00Z');
    expect(rabat?.content_html).toContain(FIRST_WORDS);
    expect(rabat?.content_html).toContain(LAST_WORDS);
  });
});

describe('feeds built from content/, checked against the W3C Feed Validation Service rules', () => {
  it.each(['rss.xml', 'atom.xml'])('%s has no errors and no warnings', async (file) => {
    expect(
      checkFeed(await built.read(file), { selfUrl: `https://feeds.feedwright.example/${file}` }),
    ).toEqual([]);
  });

  it('every XML feed built from content/ (categories, tags, authors, languages) has no errors and no warnings', async () => {
    const files = (await readdir(built.dir, { recursive: true }))
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => /(rss|atom)\.xml$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files) {
      expect(
        checkFeed(await built.read(file), { selfUrl: `https://feeds.feedwright.example/${file}` }),
        file,
      ).toEqual([]);
    }
  });
});

describe('the Rabat story in three languages', () => {
  const versions = [
    ['en', RABAT_TITLE],
    ['fr', 'Le ministre marocain de l’Intérieur s’entretient à Rabat avec son homologue français'],
    ['ar', 'وزير الداخلية عبد الوافي لفتيت يتباحث بالرباط مع نظيره الفرنسي برونو روتايو'],
  ] as const;

  it.each(versions)('is in languages/%s/, in that language, read by feedparser', async (language, title) => {
    for (const file of ['rss.xml', 'atom.xml']) {
      const parsed = await parseWithFeedparser(await built.read(`languages/${language}/${file}`));
      expect(parsed.bozo).toBe(0);
      expect(parsed.feed.language).toBe(language);
      expect(parsed.entries.map((e) => e.title)).toEqual([title]);
    }
    expect(JSON.parse(await built.read(`languages/${language}/feed.json`)).language).toBe(language);
  });

  it('is in the main feed three times, each entry in its language and linking the other two', async () => {
    const parsed = await parseWithFeedparser(await built.read('atom.xml'));
    for (const [language, title] of versions) {
      const entry = parsed.entries.find((e) => e.title === title);
      expect(entry?.language).toBe(language);
      expect(
        entry?.links
          ?.filter((l) => l.hreflang && l.hreflang !== language)
          .map((l) => l.hreflang)
          .sort(),
      ).toEqual(['ar', 'en', 'fr'].filter((other) => other !== language));
    }
  });
});

describe('feeds built from content/, checked by xmllint', () => {
  it.each(['rss.xml', 'atom.xml'])('%s is well-formed for libxml2', async (file) => {
    expect(await xmllint(path.join(built.dir, file))).toBe('');
  });
});
