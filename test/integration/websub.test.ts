// WebSub end to end: feeds advertise their hubs (read by real parsers), and a run tells a hub on
// 127.0.0.1 exactly which feed URLs changed; a failing hub is reported and never fails the publish.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../functions/cli.js';
import { createMemoryLock } from '../../functions/lib/locks/lock.js';
import { publishFeeds } from '../../functions/lib/pipeline.js';
import { createMemorySource } from '../../functions/lib/sources/memory.js';
import { createMemoryTarget } from '../../functions/lib/targets/memory.js';
import { hubNotifier } from '../../functions/lib/websub.js';
import { articleText, SITE_YAML, testConfig } from '../support/fixtures.js';
import { freshBucket, s3Server, stubS3ServerEnv, testS3Client } from '../support/s3.js';
import { checkFeed } from '../support/w3c-feed-rules.js';
import { discoverHubs } from '../support/websub-discovery.js';
import { type RecordingHub, startRecordingHub } from '../support/websub-hub.js';

const hubs: RecordingHub[] = [];
async function hub(): Promise<RecordingHub> {
  const started = await startRecordingHub();
  hubs.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
  vi.unstubAllEnvs();
});

const politics = (title: string) => articleText({ title, date: '2025-04-14', categories: ['Politics'] });
const sports = (title: string) => articleText({ title, date: '2025-04-13', categories: ['Sports'] });

function hubsConfig(...urls: string[]) {
  return testConfig(`websub:\n  hubs:\n${urls.map((u) => `    - ${u}`).join('\n')}\n`);
}

describe('every feed advertises its hubs and its own URL', () => {
  it('in RSS and Atom as rel="hub" beside rel="self", in JSON Feed as hubs: found by real parsers', async () => {
    const config = hubsConfig('https://hub.example/', 'https://pubsubhubbub.appspot.com/');
    const target = createMemoryTarget();
    await publishFeeds(
      { source: createMemorySource({ 'a.md': politics('A') }), target, now: () => new Date('2026-01-01') },
      config,
    );
    const body = (p: string) => target.objects.get(p)?.body ?? '';
    for (const [file, type] of [
      ['categories/politics/rss.xml', 'application/rss+xml'],
      ['categories/politics/atom.xml', 'application/atom+xml'],
      ['categories/politics/feed.json', 'application/feed+json'],
    ] as const) {
      expect(await discoverHubs(body(file), type), file).toEqual({
        hubs: ['https://hub.example/', 'https://pubsubhubbub.appspot.com/'],
        self: `https://feeds.site.test/${file}`,
      });
    }
    for (const file of ['rss.xml', 'atom.xml']) {
      expect(checkFeed(body(file), { selfUrl: `https://feeds.site.test/${file}` }), file).toEqual([]);
    }
  });

  it('says nothing of hubs when site.yml names none', async () => {
    const target = createMemoryTarget();
    await publishFeeds(
      { source: createMemorySource({ 'a.md': politics('A') }), target, now: () => new Date('2026-01-01') },
      testConfig(),
    );
    expect(target.objects.get('rss.xml')?.body).not.toContain('rel="hub"');
    expect(JSON.parse(target.objects.get('feed.json')?.body ?? '{}').hubs).toBeUndefined();
  });
});

describe('after a run, the hubs hear of exactly the feeds whose bytes changed', () => {
  async function setup() {
    const first = await hub();
    const second = await hub();
    const config = hubsConfig(first.url, second.url);
    const target = createMemoryTarget();
    const lock = createMemoryLock();
    const run = (files: Record<string, string>) =>
      publishFeeds(
        {
          source: createMemorySource(files),
          target,
          lock,
          now: () => new Date('2026-01-01T00:00:00Z'),
          notifyHubs: hubNotifier(config.websubHubs, { timeoutMs: 1_000, backoffMs: 10 }),
        },
        config,
      );
    return { first, second, run };
  }

  it('sends hub.mode=publish, form-encoded, once per changed feed URL, to every hub', async () => {
    const { first, second, run } = await setup();
    const initial = { 'p.md': politics('P'), 's.md': sports('S') };
    await run(initial);
    first.requests.length = 0;
    second.requests.length = 0;

    // Only the politics story changes: the main and politics feeds (and the author's) change, sports does not.
    const summary = await run({ ...initial, 'p.md': politics('P, updated') });
    const topics = first.requests.map((r) => r.form['hub.url']?.[0]).sort();
    expect(topics).toEqual(
      summary.files.written
        .filter((p) => /(rss\.xml|atom\.xml|feed\.json)$/.test(p))
        .map((p) => `https://feeds.site.test/${p}`)
        .sort(),
    );
    expect(topics).toContain('https://feeds.site.test/categories/politics/atom.xml');
    expect(topics).not.toContain('https://feeds.site.test/categories/sports/atom.xml');
    expect(first.requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(first.requests[0]?.form['hub.mode']).toEqual(['publish']);
    expect(second.requests.map((r) => r.form['hub.url']?.[0]).sort()).toEqual(topics);
    expect(summary.websub?.map((n) => [n.hub, n.ok])).toEqual([
      [first.url, true],
      [second.url, true],
    ]);
  });

  it('never tells a hub of archive pages: they advertise no hub', async () => {
    const recording = await hub();
    const config = testConfig(`archives: true\nwebsub:\n  hubs:\n    - ${recording.url}\n`);
    const many = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [`a${i}.md`, articleText({ title: `A${i}`, date: '2025-04-14' })]),
    );
    const summary = await publishFeeds(
      {
        source: createMemorySource(many),
        target: createMemoryTarget(),
        now: () => new Date('2026-01-01T00:00:00Z'),
        notifyHubs: hubNotifier(config.websubHubs),
      },
      config,
    );
    expect(summary.files.written).toContain('archive/1/rss.xml');
    const topics = recording.requests.map((r) => r.form['hub.url']?.[0] ?? '');
    expect(topics).toContain('https://feeds.site.test/rss.xml');
    expect(topics.filter((t) => t.includes('/archive/'))).toEqual([]);
  });

  it('tells no hub anything from a plan (a dry run): nothing changed yet', async () => {
    const recording = await hub();
    const config = hubsConfig(recording.url);
    const summary = await publishFeeds(
      {
        source: createMemorySource({ 'p.md': politics('P') }),
        target: createMemoryTarget(),
        now: () => new Date('2026-01-01T00:00:00Z'),
        dryRun: true,
        notifyHubs: hubNotifier(config.websubHubs),
      },
      config,
    );
    expect(summary.files.written).toContain('rss.xml');
    expect(summary.websub).toBeUndefined();
    expect(recording.requests).toEqual([]);
  });

  it("never gives a hub a partner feed's secret path: partner feeds advertise no hub and are never announced", async () => {
    const recording = await hub();
    const config = testConfig(
      `partners:\n  - name: Le Monde\n    secret: 0123456789abcdef0123\nwebsub:\n  hubs:\n    - ${recording.url}\n`,
    );
    const target = createMemoryTarget();
    const summary = await publishFeeds(
      {
        source: createMemorySource({ 'p.md': politics('P') }),
        target,
        now: () => new Date('2026-01-01T00:00:00Z'),
        notifyHubs: hubNotifier(config.websubHubs),
      },
      config,
    );
    const partnerFiles = summary.files.written.filter((p) => p.startsWith('partners/'));
    expect(partnerFiles).toHaveLength(3);
    for (const path of partnerFiles) {
      expect(target.objects.get(path)?.body, path).not.toContain(recording.url);
    }
    const topics = recording.requests.map((r) => r.form['hub.url']?.[0] ?? '');
    expect(topics).toContain('https://feeds.site.test/rss.xml');
    expect(topics.filter((t) => t.includes('0123456789abcdef0123'))).toEqual([]);
  });

  it('tells no hub anything when no feed changed', async () => {
    const { first, run } = await setup();
    const files = { 'p.md': politics('P') };
    await run(files);
    first.requests.length = 0;
    const summary = await run(files);
    expect(first.requests).toEqual([]);
    expect(summary.websub).toBeUndefined();
  });

  it('reports a failing hub, still publishes, and still tells the other hub', async () => {
    const { first, second, run } = await setup();
    first.script({ status: 500, times: 100 });
    const summary = await run({ 'p.md': politics('P') });
    expect(summary.ok).toBe(true);
    expect(summary.files.written).toContain('rss.xml');
    const [failed, told] = summary.websub ?? [];
    expect(failed).toMatchObject({ hub: first.url, ok: false, status: 500 });
    expect(failed?.error).toContain('answered 500');
    expect(told).toMatchObject({ hub: second.url, ok: true });
    expect(second.requests.length).toBe(told?.topics.length);
  });
});

describe('feedwright publish', () => {
  it('publishes to S3, then tells the hub of the changed feeds and says so', async () => {
    const server = s3Server();
    stubS3ServerEnv();
    const bucket = await freshBucket(testS3Client(), 'websub');
    const recording = await hub();
    const content = await mkdtemp(path.join(tmpdir(), 'feedwright-websub-'));
    await mkdir(path.join(content, 'articles'));
    await writeFile(
      path.join(content, 'site.yml'),
      `${SITE_YAML}\nwebsub:\n  hubs:\n    - ${recording.url}\n`,
    );
    await writeFile(path.join(content, 'articles', 'p.md'), politics('P'));
    const lines: string[] = [];
    const code = await main(
      [
        'publish',
        '--content',
        content,
        '--bucket',
        bucket,
        '--prefix',
        'feeds/',
        '--endpoint',
        server.endpoint,
      ],
      { out: (l) => lines.push(l), err: (l) => lines.push(l) },
    );
    expect(code).toBe(0);
    const output = lines.join('\n');
    const feedFiles = Number(/(\d+) file\(s\) written/.exec(output)?.[1]) - 2; // index.html, feeds.opml
    expect(output).toContain(`WebSub: 1 of 1 hub(s) told of ${feedFiles} changed feed file(s)`);
    expect(recording.requests.map((r) => r.form['hub.url']?.[0])).toContain(
      'https://feeds.site.test/rss.xml',
    );
    expect(recording.requests).toHaveLength(feedFiles);
  });
});
