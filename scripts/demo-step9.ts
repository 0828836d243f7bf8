/**
 * Shows step 9's features end to end, with real parsers and a real hub on
 * 127.0.0.1, and prints what they saw (the tests assert the same):
 *
 *   npx tsx scripts/demo-step9.ts
 *
 * 1. the Rabat story's three language versions in their feeds (built from content/);
 * 2. a WebSub publish received by a local hub;
 * 3. an archive walked end to end from the subscription feed;
 * 4. a retraction's tombstone as feedparser reads it.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../functions/cli.js';
import { parseSiteConfig } from '../functions/lib/config.js';
import { createMemoryLock } from '../functions/lib/locks/lock.js';
import { publishFeeds } from '../functions/lib/pipeline.js';
import { createMemorySource } from '../functions/lib/sources/memory.js';
import { createMemoryTarget } from '../functions/lib/targets/memory.js';
import { hubNotifier } from '../functions/lib/websub.js';
import { articleText, SITE_YAML } from '../test/support/fixtures.js';
import { parseWithFeedparser } from '../test/support/readers.js';
import { startRecordingHub } from '../test/support/websub-hub.js';

const NOW = new Date('2026-01-01T00:00:00Z');

async function languages(): Promise<void> {
  const out = await mkdtemp(path.join(tmpdir(), 'feedwright-demo-'));
  await main(['build', '--out', out, '--now', NOW.toISOString()], { out: () => {}, err: () => {} });
  console.log('1. The Rabat story in its language feeds (feedparser):');
  for (const language of ['en', 'fr', 'ar']) {
    const parsed = await parseWithFeedparser(
      await readFile(path.join(out, `languages/${language}/atom.xml`), 'utf8'),
    );
    const entry = parsed.entries[0];
    console.log(`   languages/${language}/atom.xml  language=${parsed.feed.language}  bozo=${parsed.bozo}`);
    console.log(`     "${entry?.title}"  xml:lang=${entry?.language}`);
    for (const link of entry?.links?.filter((l) => l.hreflang) ?? [])
      console.log(`     hreflang=${link.hreflang} ${link.href}`);
  }
}

async function websub(): Promise<void> {
  const hub = await startRecordingHub();
  try {
    const config = parseSiteConfig(`${SITE_YAML}\nwebsub:\n  hubs:\n    - ${hub.url}\n`, 'site.yml');
    const summary = await publishFeeds(
      {
        source: createMemorySource({ 'a.md': articleText({ title: 'Talks in Rabat', date: '2025-04-14' }) }),
        target: createMemoryTarget(),
        now: () => NOW,
        notifyHubs: hubNotifier(config.websubHubs),
      },
      config,
    );
    console.log(`\n2. WebSub: the hub at ${hub.url} received ${hub.requests.length} request(s):`);
    for (const request of hub.requests.slice(0, 3)) {
      console.log(
        `   ${request.method} ${request.path}  ${request.headers['content-type']}  ${request.body}`,
      );
    }
    console.log(
      `   run summary: ${JSON.stringify(summary.websub?.map(({ hub: h, ok, attempts }) => ({ hub: h, ok, attempts })))}`,
    );
  } finally {
    await hub.close();
  }
}

async function archive(): Promise<void> {
  const config = parseSiteConfig(
    `${SITE_YAML.replace('item_limit: 50', 'item_limit: 5')}\narchives: true\n`,
    'site.yml',
  );
  const files = Object.fromEntries(
    Array.from({ length: 23 }, (_, i) => [
      `a${i}.md`,
      articleText({ title: `A${i}`, date: new Date(Date.UTC(2025, 2, 1 + i)).toISOString().slice(0, 10) }),
    ]),
  );
  const target = createMemoryTarget();
  await publishFeeds(
    { source: createMemorySource(files), target, lock: createMemoryLock(), now: () => NOW },
    config,
  );
  console.log('\n3. An archive walked from rss.xml by prev-archive links (feedparser), 23 items, 5 a page:');
  const seen: string[] = [];
  for (let at: string | undefined = 'rss.xml'; at; ) {
    const parsed = await parseWithFeedparser(target.objects.get(at)?.body ?? '');
    seen.push(...parsed.entries.map((e) => e.title ?? ''));
    const cache = target.objects.get(at)?.cacheControl ?? '(default)';
    console.log(
      `   ${at.padEnd(20)} ${parsed.entries.map((e) => e.title).join(' ')}  Cache-Control: ${cache}`,
    );
    const prev = parsed.feed.links?.find((l) => l.rel === 'prev-archive')?.href;
    at = prev?.slice('https://feeds.site.test/'.length);
  }
  console.log(`   ${seen.length} items seen, ${new Set(seen).size} distinct`);
}

async function tombstone(): Promise<void> {
  const target = createMemoryTarget();
  const config = parseSiteConfig(SITE_YAML, 'site.yml');
  await publishFeeds(
    {
      source: createMemorySource({
        'a.md': articleText({ title: 'Kept', date: '2025-04-13' }),
        'b.md': articleText({
          title: 'Taken back',
          date: '2025-04-14',
          retracted: { date: '2025-12-20T10:00:00Z', reason: 'The source withdrew the claim.' },
        }),
      }),
      target,
      now: () => NOW,
    },
    config,
  );
  const atom = target.objects.get('atom.xml')?.body ?? '';
  const parsed = await parseWithFeedparser(atom);
  console.log('\n4. A retraction, in atom.xml:');
  console.log(`   ${/<at:deleted-entry[\s\S]*?<\/at:deleted-entry>/.exec(atom)?.[0]}`);
  console.log(
    `   feedparser: bozo=${parsed.bozo} entries=${JSON.stringify(parsed.entries.map((e) => e.title))}`,
  );
  console.log(`   feedparser: at_deleted-entry=${JSON.stringify(parsed.feed['at_deleted-entry'])}`);
}

await languages();
await websub();
await archive();
await tombstone();
