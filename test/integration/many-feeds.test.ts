import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseFeed as parseWithRowanmanning } from '@rowanmanning/feed-parser';
import { parseFeed, parseOpml } from 'feedsmith';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCollection } from '../../scripts/corpus.js';
import { buildContent } from '../support/build-content.js';
import { parseFilesWithFeedparser, xmllint } from '../support/readers.js';
import { checkFeed } from '../support/w3c-feed-rules.js';

const FEEDS_URL = 'https://feeds.synthetic.example/';
let built: Awaited<ReturnType<typeof buildContent>>;
let feedDirs: string[];

beforeAll(async () => {
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const content = await mkdtemp(path.join(tmpdir(), 'feedwright-corpus-'));
  await writeCollection(content, { count: 300, seed: 7 });
  built = await buildContent(content, '2025-06-01T00:00:00Z');
  const entries = await readdir(built.dir, { recursive: true });
  feedDirs = entries
    .filter((e) => e.endsWith('rss.xml'))
    .map((e) => path.dirname(e))
    .map((d) => (d === '.' ? '' : `${d}/`))
    .sort();
}, 120_000);

describe('a generated collection of 300 articles', () => {
  it('gives a main feed and many category, tag and author feeds', () => {
    expect(feedDirs[0]).toBe('');
    for (const kind of ['categories/', 'tags/', 'authors/']) {
      expect(feedDirs.filter((d) => d.startsWith(kind)).length).toBeGreaterThan(3);
    }
  });

  it('reads cleanly in Python feedparser: every RSS and Atom file, bozo 0, items as in the JSON Feed', async () => {
    const files = feedDirs.flatMap((d) => [`${d}rss.xml`, `${d}atom.xml`]);
    const parsed = await parseFilesWithFeedparser(files.map((f) => path.join(built.dir, f)));
    for (const dir of feedDirs) {
      const json = JSON.parse(await built.read(`${dir}feed.json`));
      const ids = json.items.map((i: { id: string }) => i.id);
      for (const file of [`${dir}rss.xml`, `${dir}atom.xml`]) {
        const result = parsed[path.join(built.dir, file)];
        expect(result?.bozo_exception ?? null, file).toBeNull();
        expect(
          result?.entries.map((e) => e.id),
          file,
        ).toEqual(ids);
        expect(result?.title, file).toBe(json.title);
      }
    }
  });

  it('reads in @rowanmanning/feed-parser and feedsmith with the same items', async () => {
    for (const dir of feedDirs) {
      const json = JSON.parse(await built.read(`${dir}feed.json`));
      const titles = json.items.map((i: { title: string }) => i.title);
      for (const file of [`${dir}rss.xml`, `${dir}atom.xml`]) {
        expect(
          parseWithRowanmanning(await built.read(file)).items.map((i) => i.title),
          file,
        ).toEqual(titles);
      }
      const viaFeedsmith = parseFeed(await built.read(`${dir}feed.json`));
      expect(viaFeedsmith.format).toBe('json');
    }
  });

  it('has no W3C validator errors or warnings in any RSS or Atom file', async () => {
    const findings: string[] = [];
    for (const dir of feedDirs) {
      for (const file of [`${dir}rss.xml`, `${dir}atom.xml`]) {
        const selfUrl = new URL(file, FEEDS_URL).href;
        for (const f of checkFeed(await built.read(file), { selfUrl }))
          findings.push(`${file}: ${f.level} ${f.rule}`);
      }
    }
    expect(findings).toEqual([]);
  });

  it('is well-formed for libxml2 in every XML file', async () => {
    for (const dir of feedDirs.slice(0, 40)) {
      for (const file of [`${dir}rss.xml`, `${dir}atom.xml`])
        expect(await xmllint(path.join(built.dir, file))).toBe('');
    }
    expect(await xmllint(path.join(built.dir, 'feeds.opml'))).toBe('');
  });

  it('lists exactly the public feeds in feeds.opml, and no partner feed', async () => {
    const opml = parseOpml(await readFile(path.join(built.dir, 'feeds.opml'), 'utf8'));
    const listed = (opml.body?.outlines ?? []).map((o) => o.xmlUrl).sort();
    const publicFeeds = feedDirs
      .filter((d) => !d.startsWith('partners/'))
      .map((d) => new URL(`${d}rss.xml`, FEEDS_URL).href);
    expect(listed).toEqual(publicFeeds.sort());
  });
});
