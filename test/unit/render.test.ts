import { describe, expect, it } from 'vitest';
import { createMemoryLock } from '../../functions/lib/locks/lock.js';
import { publishFeeds } from '../../functions/lib/pipeline.js';
import { createMemorySource } from '../../functions/lib/sources/memory.js';
import { createMemoryTarget, type MemoryTarget } from '../../functions/lib/targets/memory.js';
import { articleText, runInMemory, testConfig } from '../support/fixtures.js';
import { child, childrenNamed, NS, parseXml } from '../support/xml.js';

const ATOM = (local: string) => `${NS.atom} ${local}`;

const RABAT = articleText(
  {
    title: 'Talks <b>in</b> Rabat & Paris',
    date: '2025-04-14T12:00:00+01:00',
    summary: 'Ministers <met> & talked.',
    authors: ['Amina', { name: 'Jean', email: 'jean@site.test' }],
    categories: ['Politics'],
    tags: ['Morocco'],
    image: { url: 'https://cdn.site.test/rabat.jpg', length: 1234 },
  },
  'See [the release](/press/release).\n',
);

describe('RSS 2.0', () => {
  it('has the channel elements readers and the validator expect', async () => {
    const { body } = await runInMemory({ 'rabat.md': RABAT });
    const channel = child(parseXml(body('rss.xml')), 'channel');
    expect(child(channel, 'title').text).toBe('Test Site');
    expect(child(channel, 'link').text).toBe('https://site.test/');
    expect(child(channel, 'language').text).toBe('en');
    expect(child(channel, 'ttl').text).toBe('15');
    expect(child(channel, 'lastBuildDate').text).toBe('Mon, 14 Apr 2025 11:00:00 GMT');
    const self = child(channel, ATOM('link'));
    expect(self.attributes).toMatchObject({
      rel: 'self',
      href: 'https://feeds.site.test/rss.xml',
      type: 'application/rss+xml',
    });
  });

  it('writes items with dc:creator, a non-permalink guid, summary before content, and categories', async () => {
    const { body } = await runInMemory({ 'rabat.md': RABAT });
    const item = child(child(parseXml(body('rss.xml')), 'channel'), 'item');
    const names = item.children.map((c) => c.name);
    expect(names.indexOf('description')).toBeLessThan(names.indexOf(`${NS.content} encoded`));
    expect(childrenNamed(item, 'author')).toEqual([]);
    expect(childrenNamed(item, `${NS.dc} creator`).map((c) => c.text)).toEqual(['Amina', 'Jean']);
    const guid = child(item, 'guid');
    expect(guid.text).toBe('tag:site.test,2025:rabat');
    expect(guid.attributes.isPermaLink).toBe('false');
    expect(child(item, 'pubDate').text).toBe('Mon, 14 Apr 2025 11:00:00 GMT');
    expect(childrenNamed(item, 'category').map((c) => c.text)).toEqual(['Politics', 'Morocco']);
    expect(child(item, 'enclosure').attributes).toEqual({
      url: 'https://cdn.site.test/rabat.jpg',
      type: 'image/jpeg',
      length: '1234',
    });
    expect(child(item, `${NS.content} encoded`).text).toContain('href="https://site.test/press/release"');
  });

  it('marks the guid as a permalink only when the id is the item URL', async () => {
    const text = articleText({
      title: 'T',
      date: '2025-04-14',
      id: 'https://site.test/t/',
      link: 'https://site.test/t/',
    });
    const { body } = await runInMemory({ 't.md': text });
    const guid = child(child(child(parseXml(body('rss.xml')), 'channel'), 'item'), 'guid');
    expect(guid.attributes.isPermaLink).toBe('true');
    expect(guid.text).toBe('https://site.test/t/');
  });

  it('keeps titles and summaries as plain text', async () => {
    const { body } = await runInMemory({ 'rabat.md': RABAT });
    const item = child(child(parseXml(body('rss.xml')), 'channel'), 'item');
    expect(child(item, 'title').text).toBe('Talks <b>in</b> Rabat & Paris');
    expect(child(item, 'description').text).toBe('Ministers &lt;met&gt; &amp; talked.');
  });
});

describe('Atom 1.0', () => {
  it('has a permanent id, xml:lang, self and alternate links, and a feed author', async () => {
    const { body } = await runInMemory({ 'rabat.md': RABAT });
    const feed = parseXml(body('atom.xml'));
    expect(feed.attributes['http://www.w3.org/XML/1998/namespace lang']).toBe('en');
    expect(child(feed, ATOM('id')).text).toBe('tag:site.test,2025:feed');
    expect(child(feed, ATOM('updated')).text).toBe('2025-04-14T11:00:00.000Z');
    const links = childrenNamed(feed, ATOM('link')).map((l) => l.attributes);
    expect(links).toEqual([
      { rel: 'alternate', href: 'https://site.test/' },
      { rel: 'self', href: 'https://feeds.site.test/atom.xml' },
    ]);
    expect(child(child(feed, ATOM('author')), ATOM('name')).text).toBe('Test Desk');
  });

  it('writes entries with escaped HTML titles, term categories, authors and the image as an enclosure', async () => {
    const { body } = await runInMemory({ 'rabat.md': RABAT });
    const entry = child(parseXml(body('atom.xml')), ATOM('entry'));
    const title = child(entry, ATOM('title'));
    expect(title.attributes.type).toBe('html');
    expect(title.text).toBe('Talks &lt;b&gt;in&lt;/b&gt; Rabat &amp; Paris');
    expect(child(entry, ATOM('id')).text).toBe('tag:site.test,2025:rabat');
    expect(child(entry, ATOM('published')).text).toBe('2025-04-14T11:00:00.000Z');
    expect(childrenNamed(entry, ATOM('category')).map((c) => c.attributes.term)).toEqual([
      'Politics',
      'Morocco',
    ]);
    expect(childrenNamed(entry, ATOM('author')).map((a) => child(a, ATOM('name')).text)).toEqual([
      'Amina',
      'Jean',
    ]);
    const enclosure = childrenNamed(entry, ATOM('link')).find((l) => l.attributes.rel === 'enclosure');
    expect(enclosure?.attributes).toMatchObject({
      href: 'https://cdn.site.test/rabat.jpg',
      type: 'image/jpeg',
      length: '1234',
    });
    expect(child(entry, ATOM('content')).attributes.type).toBe('html');
  });
});

describe('JSON Feed 1.1', () => {
  it('writes version 1.1 with authors, language, feed_url and ids', async () => {
    const { body } = await runInMemory({ 'rabat.md': RABAT });
    const feed = JSON.parse(body('feed.json'));
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Test Site',
      home_page_url: 'https://site.test/',
      feed_url: 'https://feeds.site.test/feed.json',
      language: 'en',
      authors: [{ name: 'Test Desk' }],
    });
    expect(feed.items[0]).toMatchObject({
      id: 'tag:site.test,2025:rabat',
      url: 'https://site.test/rabat/',
      title: 'Talks <b>in</b> Rabat & Paris',
      summary: 'Ministers <met> & talked.',
      image: 'https://cdn.site.test/rabat.jpg',
      date_published: '2025-04-14T11:00:00Z',
      date_modified: '2025-04-14T11:00:00Z',
      authors: [{ name: 'Amina' }, { name: 'Jean' }],
      tags: ['Politics', 'Morocco'],
    });
    expect(feed.items[0].author).toBeUndefined();
  });
});

describe('feed dates', () => {
  it('come from the newest item, never from the clock', async () => {
    const older = articleText({
      title: 'Old',
      date: '2025-01-01T00:00:00Z',
      updated: '2025-05-01T00:00:00Z',
    });
    const newer = articleText({ title: 'New', date: '2025-04-14T00:00:00Z' });
    const first = await runInMemory(
      { 'old.md': older, 'new.md': newer },
      { now: new Date('2026-01-01T00:00:00Z') },
    );
    const later = await runInMemory(
      { 'old.md': older, 'new.md': newer },
      { now: new Date('2027-06-30T12:34:56Z') },
    );
    expect(child(parseXml(first.body('atom.xml')), ATOM('updated')).text).toBe('2025-05-01T00:00:00.000Z');
    for (const path of ['rss.xml', 'atom.xml', 'feed.json']) expect(later.body(path)).toBe(first.body(path));
  });

  it('use the date of id_authority for an empty collection: fixed, and plausible to validators', async () => {
    const { body } = await runInMemory({});
    expect(child(parseXml(body('atom.xml')), ATOM('updated')).text).toBe('2025-01-01T00:00:00.000Z');
  });
});

describe('item limit', () => {
  it('keeps the newest items', async () => {
    const files: Record<string, string> = {};
    for (let day = 1; day <= 5; day++)
      files[`d${day}.md`] = articleText({ title: `Day ${day}`, date: `2025-04-0${day}` });
    const { body } = await runInMemory(files, { config: { ...testConfig(), itemLimit: 2 } });
    expect(JSON.parse(body('feed.json')).items.map((i: { title: string }) => i.title)).toEqual([
      'Day 5',
      'Day 4',
    ]);
  });
});

describe('partner feeds as rendered', () => {
  const partnerConfig = () =>
    testConfig(
      'partners:\n  - name: Wire\n    content: summary\n    link_params: { utm_source: wire, utm_medium: syndication }\n',
    );

  it('carry campaign parameters on links but the same ids, and the summary only', async () => {
    const { body } = await runInMemory({ 'rabat.md': RABAT }, { config: partnerConfig() });
    const item = child(child(parseXml(body('partners/wire/rss.xml')), 'channel'), 'item');
    expect(child(item, 'link').text).toBe('https://site.test/rabat/?utm_source=wire&utm_medium=syndication');
    expect(child(item, 'guid').text).toBe('tag:site.test,2025:rabat');
    expect(childrenNamed(item, `${NS.content} encoded`)).toEqual([]);
    expect(child(item, 'description').text).toBe('Ministers &lt;met&gt; &amp; talked.');

    const entry = child(parseXml(body('partners/wire/atom.xml')), ATOM('entry'));
    expect(child(entry, ATOM('id')).text).toBe('tag:site.test,2025:rabat');
    expect(childrenNamed(entry, ATOM('content'))).toEqual([]);
    expect(child(entry, ATOM('summary')).text).toBe('Ministers &lt;met&gt; &amp; talked.');

    const json = JSON.parse(body('partners/wire/feed.json'));
    expect(json.items[0]).toMatchObject({
      id: 'tag:site.test,2025:rabat',
      url: 'https://site.test/rabat/?utm_source=wire&utm_medium=syndication',
      content_text: 'Ministers <met> & talked.',
    });
    expect(json.items[0].content_html).toBeUndefined();
  });

  it('leave the public feeds untouched', async () => {
    const { body } = await runInMemory({ 'rabat.md': RABAT }, { config: partnerConfig() });
    const item = child(child(parseXml(body('rss.xml')), 'channel'), 'item');
    expect(child(item, 'link').text).toBe('https://site.test/rabat/');
    expect(childrenNamed(item, `${NS.content} encoded`)).toHaveLength(1);
  });
});

describe('feeds that disappear', () => {
  const politics = articleText({ title: 'P', date: '2025-04-14', categories: ['Politics'] });
  const culture = articleText({ title: 'C', date: '2025-04-13', categories: ['Culture'] });
  const broken = articleText({ title: 'B', date: 'not a date', categories: ['Culture'] });

  it('stay published unless the config says to remove them', async () => {
    const first = await runInMemory({ 'p.md': politics, 'c.md': culture });
    const second = await runInMemory({ 'p.md': politics }, { target: first.target });
    expect(second.target.objects.has('categories/culture/rss.xml')).toBe(true);
    expect(second.summary.files.removed).toEqual([]);
  });

  it('are removed with feeds.remove_stale, and nothing else is', async () => {
    const config = testConfig('feeds: { remove_stale: true }');
    const first = await runInMemory({ 'p.md': politics, 'c.md': culture }, { config });
    first.target.objects.set('notes/keep.txt', {
      path: 'notes/keep.txt',
      body: 'x',
      contentType: 'text/plain',
      hash: '',
    });
    const second = await runInMemory({ 'p.md': politics }, { config, target: first.target });
    expect(second.summary.files.removed).toEqual([
      'categories/culture/atom.xml',
      'categories/culture/feed.json',
      'categories/culture/rss.xml',
    ]);
    expect([...second.target.objects.keys()].filter((k) => k.includes('culture'))).toEqual([]);
    expect(second.target.objects.has('notes/keep.txt')).toBe(true);
    expect(second.target.objects.has('categories/politics/rss.xml')).toBe(true);
  });

  it('are not removed on a run that skipped a broken article', async () => {
    const config = testConfig('feeds: { remove_stale: true }');
    const first = await runInMemory({ 'p.md': politics, 'c.md': culture }, { config });
    const second = await runInMemory({ 'p.md': politics, 'c.md': broken }, { config, target: first.target });
    expect(second.summary.articles.skipped).toHaveLength(1);
    expect(second.summary.files.removed).toEqual([]);
    expect(second.target.objects.has('categories/culture/rss.xml')).toBe(true);
  });
});

describe('Atom updated instants', () => {
  it('are distinct within a feed, a millisecond apart when articles share a date', async () => {
    const files = {
      'a.md': articleText({ title: 'A', date: '2025-04-14' }),
      'b.md': articleText({ title: 'B', date: '2025-04-14' }),
      'c.md': articleText({ title: 'C', date: '2025-04-14T00:00:00.001Z' }),
    };
    const { body } = await runInMemory(files);
    const updated = childrenNamed(parseXml(body('atom.xml')), ATOM('entry')).map(
      (e) => child(e, ATOM('updated')).text,
    );
    expect(updated).toEqual([
      '2025-04-14T00:00:00.001Z',
      '2025-04-14T00:00:00.000Z',
      '2025-04-14T00:00:00.002Z',
    ]);
    const published = childrenNamed(parseXml(body('atom.xml')), ATOM('entry')).map(
      (e) => child(e, ATOM('published')).text,
    );
    expect(published).toEqual([
      '2025-04-14T00:00:00.001Z',
      '2025-04-14T00:00:00.000Z',
      '2025-04-14T00:00:00.000Z',
    ]);
  });
});

describe('an update dated after now', () => {
  it('is held back until a run after it, like an embargo', async () => {
    const text = articleText({ title: 'A', date: '2025-04-14T00:00:00Z', updated: '2025-04-20T00:00:00Z' });
    const before = await runInMemory({ 'a.md': text }, { now: new Date('2025-04-15T00:00:00Z') });
    const after = await runInMemory({ 'a.md': text }, { now: new Date('2025-04-20T00:00:00Z') });
    expect(child(parseXml(before.body('atom.xml')), ATOM('updated')).text).toBe('2025-04-14T00:00:00.000Z');
    expect(child(parseXml(after.body('atom.xml')), ATOM('updated')).text).toBe('2025-04-20T00:00:00.000Z');
  });
});

describe('runs that find nothing to do', () => {
  const runWith = async (
    lock: ReturnType<typeof createMemoryLock>,
    target: MemoryTarget,
    files: Record<string, string>,
    now: string,
  ) =>
    publishFeeds(
      { source: createMemorySource(files), target, lock, now: () => new Date(now) },
      testConfig('partners:\n  - name: Late\n    delay_hours: 48\n'),
    );

  it('still publish an embargoed article, a held-back update and a partner delay when each falls due', async () => {
    const lock = createMemoryLock();
    const target = createMemoryTarget();
    const files = {
      'now.md': articleText({ title: 'Now', date: '2025-04-10T00:00:00Z', updated: '2025-04-12T00:00:00Z' }),
      'later.md': articleText({ title: 'Later', date: '2025-04-11T00:00:00Z' }),
    };
    const titles = (path: string) =>
      JSON.parse(target.objects.get(path)?.body ?? '{"items":[]}').items.map(
        (i: { title: string }) => i.title,
      );
    const modified = () =>
      JSON.parse(target.objects.get('feed.json')?.body ?? '{"items":[]}').items.map(
        (i: { date_modified: string }) => i.date_modified,
      );

    await runWith(lock, target, files, '2025-04-10T12:00:00Z');
    expect(titles('feed.json')).toEqual(['Now']);
    expect(titles('partners/late/feed.json')).toEqual([]);
    const quiet = await runWith(lock, target, files, '2025-04-10T18:00:00Z');
    expect(quiet.files.written).toEqual([]);
    expect(quiet.articles.read).toBe(0);

    const embargoEnds = await runWith(lock, target, files, '2025-04-11T00:00:00Z');
    expect(embargoEnds.files.written).toContain('feed.json');
    expect(titles('feed.json')).toEqual(['Later', 'Now']);

    await runWith(lock, target, files, '2025-04-12T00:00:00Z');
    expect(modified()).toEqual(['2025-04-11T00:00:00Z', '2025-04-12T00:00:00Z']);

    await runWith(lock, target, files, '2025-04-12T00:00:01Z');
    expect(titles('partners/late/feed.json')).toEqual(['Now']);
    await runWith(lock, target, files, '2025-04-13T00:00:00Z');
    expect(titles('partners/late/feed.json')).toEqual(['Later', 'Now']);
  });

  it('re-plan when the clock goes back (a replay with --now)', async () => {
    const lock = createMemoryLock();
    const target = createMemoryTarget();
    const files = { 'a.md': articleText({ title: 'A', date: '2025-04-11T00:00:00Z' }) };
    await runWith(lock, target, files, '2025-04-12T00:00:00Z');
    const replay = await runWith(lock, target, files, '2025-04-10T00:00:00Z');
    expect(replay.files.refused.map((r) => r.path)).toContain('feed.json');
  });
});
