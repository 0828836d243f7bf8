import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from '../../functions/lib/config.js';
import { createFsLock } from '../../functions/lib/locks/fs.js';
import { createMemoryLock, type LockSession, type RunLock } from '../../functions/lib/locks/lock.js';
import { publishFeeds, type RunSummary } from '../../functions/lib/pipeline.js';
import { createFsSource } from '../../functions/lib/sources/fs.js';
import { createMemorySource } from '../../functions/lib/sources/memory.js';
import { createFsTarget } from '../../functions/lib/targets/fs.js';
import { createMemoryTarget } from '../../functions/lib/targets/memory.js';
import type { FeedTarget } from '../../functions/lib/targets/target.js';
import { articleText, SITE_YAML, testConfig } from '../support/fixtures.js';

/**
 * What a run remembers must never make it publish something a fresh full
 * build would not: stale feeds, crashes, new code and damaged state.
 */
const NOW = new Date('2026-01-01T00:00:00Z');
const article = (title: string, tags: string[], extra: Record<string, unknown> = {}) =>
  articleText({ title, date: '2025-12-01T10:00:00Z', tags, ...extra });

/** A lock whose sessions pass through `wrap`: to play a killed process, or to reach the stored manifest. */
function withSessions(lock: RunLock, wrap: (session: LockSession) => LockSession): RunLock {
  return {
    peek: () => lock.peek(),
    async begin(runId) {
      const begun = await lock.begin(runId);
      return 'session' in begun ? { session: wrap(begun.session) } : begun;
    },
  };
}

function memoryRun(files: Record<string, string>, lock: RunLock, target = createMemoryTarget()) {
  return {
    target,
    run: (options: { codeIdentity?: string; config?: ReturnType<typeof testConfig> } = {}) =>
      publishFeeds(
        {
          source: createMemorySource(files),
          target,
          lock,
          now: () => NOW,
          allowShrink: true,
          ...(options.codeIdentity ? { codeIdentity: options.codeIdentity } : {}),
        },
        options.config ?? testConfig('feeds: { remove_stale: true }'),
      ),
  };
}

describe('stale feeds are remembered until they are removed', () => {
  it('a feed that disappeared during a run that skipped an article is removed by the next clean run', async () => {
    const files: Record<string, string> = {
      'a.md': article('A', ['Rabat']),
      'b.md': article('B', ['Paris']),
    };
    const { run, target } = memoryRun(files, createMemoryLock());
    await run();
    expect(target.objects.has('tags/rabat/rss.xml')).toBe(true);

    // The Rabat tag goes away while another article is broken: that run removes nothing.
    files['a.md'] = article('A', ['Paris']);
    files['broken.md'] = '---\ntitle: Broken\n---\nno date\n';
    const unclean = await run();
    expect(unclean.articles.skipped.map((s) => s.file)).toEqual(['memory:broken.md']);
    expect(unclean.files.removed).toEqual([]);
    expect(unclean.files.pendingRemoval).toEqual([
      'tags/rabat/atom.xml',
      'tags/rabat/feed.json',
      'tags/rabat/rss.xml',
    ]);

    // Fixed: the next run is clean and removes what the earlier one had to leave.
    delete files['broken.md'];
    const clean = await run();
    expect(clean.files.removed).toEqual([
      'tags/rabat/atom.xml',
      'tags/rabat/feed.json',
      'tags/rabat/rss.xml',
    ]);
    expect(clean.files.pendingRemoval).toEqual([]);
    expect([...target.objects.keys()].filter((p) => p.startsWith('tags/rabat/'))).toEqual([]);
  });

  it('a pending removal is not skipped by the shortcut for unchanged collections', async () => {
    const files: Record<string, string> = {
      'a.md': article('A', ['Rabat']),
      'b.md': article('B', ['Paris']),
    };
    const lock = createMemoryLock();
    const { run, target } = memoryRun(files, lock);
    await run();
    files['a.md'] = article('A', ['Paris']);
    files['broken.md'] = '---\ntitle: Broken\n---\n';
    await run();
    // A write to the feeds folder behind feedwright's back is not a change of the collection; the
    // broken article stays, so removal waits, and the pending list survives unchanged runs.
    const again = await run();
    expect(again.files.pendingRemoval).toHaveLength(3);
    expect(target.objects.has('tags/rabat/rss.xml')).toBe(true);
  });
});

describe('language feeds that disappear are stale feeds too', () => {
  it('when the live articles fall back to one language, remove_stale deletes the language feeds', async () => {
    // Found by the differential test: a French article deleted left languages/en/ and languages/fr/
    // published for ever, though a fresh build makes neither.
    const files: Record<string, string> = {
      'a.md': article('A', [], { language: 'fr' }),
      'b.md': article('B', []),
    };
    const { run, target } = memoryRun(files, createMemoryLock());
    await run();
    expect(target.objects.has('languages/fr/rss.xml')).toBe(true);

    delete files['a.md'];
    const after = await run();

    expect(after.files.removed).toEqual([
      'languages/en/atom.xml',
      'languages/en/feed.json',
      'languages/en/rss.xml',
      'languages/fr/atom.xml',
      'languages/fr/feed.json',
      'languages/fr/rss.xml',
    ]);
    expect([...target.objects.keys()].filter((p) => p.startsWith('languages/'))).toEqual([]);
  });
});

describe('translations in an incremental run', () => {
  it('index.html changing alone renders the latest items without reading their other-language versions', async () => {
    // Found by the differential test: with the main feed unchanged, a new language feed changed only
    // the pages; rendering their latest item reached for its French version, which no changed group
    // had loaded, and the run threw "b.md: not loaded for rendering".
    const files: Record<string, string> = {
      'a.md': articleText({ title: 'A', date: '2025-12-01T12:00:00Z', translation_key: 'rabat' }),
      'b.md': articleText({
        title: 'B',
        date: '2025-12-01T10:00:00Z',
        translation_key: 'rabat',
        language: 'fr',
      }),
    };
    const config = parseSiteConfig(SITE_YAML.replace('item_limit: 50', 'item_limit: 1'), 'site.yml');
    const { run, target } = memoryRun(files, createMemoryLock());
    await run({ config });

    files['c.md'] = articleText({ title: 'C', date: '2025-12-01T09:00:00Z', language: 'ar' });
    const after = await run({ config });

    expect(after.ok).toBe(true);
    expect(after.files.written).toEqual(
      expect.arrayContaining(['languages/ar/rss.xml', 'index.html', 'feeds.opml']),
    );
    expect(after.files.written).not.toContain('atom.xml');
    const fresh = createMemoryTarget();
    await publishFeeds(
      { source: createMemorySource(files), target: fresh, now: () => NOW, fullRun: true, allowShrink: true },
      config,
    );
    expect(target.objects.get('index.html')?.body).toBe(fresh.objects.get('index.html')?.body);
  });
});

describe('a run killed after some writes', () => {
  it('leaves no manifest that claims what it never wrote: a later revert is published', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'feedwright-crash-'));
    const content = path.join(root, 'articles');
    const out = path.join(root, 'public');
    const stateDir = path.join(root, '.feedwright', 'public');
    await mkdir(content);
    const original = article('Original headline', ['Rabat']);
    await writeFile(path.join(content, 'a.md'), original);
    let lockClock = NOW;
    const build = (target: FeedTarget, lockOptions: { crashed?: () => boolean } = {}) => {
      const lock = createFsLock({
        file: path.join(stateDir, 'lock.json'),
        manifestFile: path.join(stateDir, 'manifest.json'),
        clock: () => lockClock,
      });
      // A killed process never ends its session: the wrapper drops `end` once it has "died".
      const dying = withSessions(lock, (session) => ({
        ...session,
        end: async (manifest) => (lockOptions.crashed?.() ? false : session.end(manifest)),
      }));
      return publishFeeds(
        { source: createFsSource({ dir: content }), target, lock: dying, now: () => NOW },
        testConfig(),
      );
    };
    await build(createFsTarget({ dir: out }));
    const published = await readFile(path.join(out, 'rss.xml'), 'utf8');

    // An edit, and a run that dies after writing one file.
    await writeFile(path.join(content, 'a.md'), article('Edited headline', ['Rabat']));
    let writes = 0;
    let dead = false;
    const inner = createFsTarget({ dir: out });
    const killedAfterOne: FeedTarget = {
      ...inner,
      async write(file) {
        if (writes === 1) {
          dead = true;
          throw new Error('killed');
        }
        writes += 1;
        await inner.write(file);
      },
    };
    await build(killedAfterOne, { crashed: () => dead }).catch(() => undefined);
    expect(await readFile(path.join(out, 'rss.xml'), 'utf8')).toContain('Edited headline');

    // The editor reverts; the dead run's lock has long expired.
    await writeFile(path.join(content, 'a.md'), original);
    lockClock = new Date(NOW.getTime() + 3_600_000);
    const after = await build(createFsTarget({ dir: out }));
    expect(after.ok).toBe(true);
    expect(after.state.reused).toBe(false);
    expect(await readFile(path.join(out, 'rss.xml'), 'utf8')).toBe(published);
  });
});

describe('WebSub after a killed run', () => {
  // Found by the differential test (its WebSub oracle left out what killed runs wrote): a run killed
  // after writing a feed file tells no hub, and the run after it finds that file current (no manifest:
  // it runs full and compares bytes). A run that takes over a dead run's lease announces every feed file.
  it('the run after a killed one tells the hubs of the feed files the killed run changed', async () => {
    const files: Record<string, string> = { 'a.md': article('Original headline', ['Rabat']) };
    const config = testConfig('websub: { hubs: ["https://hub.site.test/"] }');
    let lockClock = NOW;
    const lock = createMemoryLock({ clock: () => lockClock });
    const target = createMemoryTarget();
    const run = (deps: { target: FeedTarget; lock: RunLock; told?: string[] }) =>
      publishFeeds(
        {
          source: createMemorySource(files),
          target: deps.target,
          lock: deps.lock,
          now: () => NOW,
          allowShrink: true,
          ...(deps.told === undefined
            ? {}
            : {
                notifyHubs: async (topics: string[]) => {
                  deps.told?.push(...topics);
                  return [];
                },
              }),
        },
        config,
      );
    await run({ target, lock, told: [] });

    // An edit; the run writes rss.xml and dies: it never ends its session, and a dead process tells no hub.
    files['a.md'] = article('Edited headline', ['Rabat']);
    let writes = 0;
    const dying: FeedTarget = {
      ...target,
      async write(file) {
        if (writes === 1) throw new Error('killed');
        writes += 1;
        await target.write(file);
      },
    };
    await run({
      target: dying,
      lock: withSessions(lock, (session) => ({ ...session, end: async () => false })),
    });
    expect(target.objects.get('rss.xml')?.body).toContain('Edited headline');

    lockClock = new Date(NOW.getTime() + 3_600_000);
    const told: string[] = [];
    const after = await run({ target, lock, told });

    expect(after.ok).toBe(true);
    expect(told).toContain('https://feeds.site.test/rss.xml');
  });
});

describe('saved state is keyed on the code that renders', () => {
  it('state made by other code (a new markdown-it, a security fix) is not reused: every item is read and compared', async () => {
    const files = { 'a.md': article('A', ['Rabat']), 'b.md': article('B', ['Paris']) };
    const { run } = memoryRun(files, createMemoryLock());
    await run({ codeIdentity: 'code-1' });
    const same = await run({ codeIdentity: 'code-1' });
    expect(same.state).toEqual({ reused: true });
    expect(same.articles.read).toBe(0);

    const upgraded = await run({ codeIdentity: 'code-2' });
    expect(upgraded.state).toEqual({ reused: false, note: 'outdated' });
    expect(upgraded.articles.read).toBe(2);
  });
});

describe('damaged saved state means a full run, never a failure loop', () => {
  /** A lock whose stored manifest the test can damage. */
  function lockWithState() {
    let stored: unknown;
    const wrapped = withSessions(createMemoryLock(), (session) => ({
      ...session,
      ...(stored === undefined ? {} : { manifest: stored }),
      end: async (manifest) => {
        if (manifest !== undefined) stored = manifest;
        return session.end(manifest);
      },
    }));
    return {
      lock: wrapped,
      damage: (change: (m: Record<string, unknown>) => void) => change(stored as Record<string, unknown>),
    };
  }

  const damages: Array<[string, (m: Record<string, unknown>) => void, string]> = [
    [
      'an index shard altered after it was written (an author that is null)',
      (m) => {
        const inline = m.inline as Record<string, string>;
        for (const id of Object.keys(inline)) inline[id] = (inline[id] ?? '').replace('"p":[', '"p":[null,');
        // Without the listing's digest the run must read the shards (see the next describe for with).
        delete m.listing;
      },
      'does not match its name',
    ],
    [
      'an index shard missing',
      (m) => {
        m.inline = {};
        delete m.listing;
      },
      'missing',
    ],
    [
      'an index root that lists the wrong number of shards',
      (m) => {
        (m.index as { shards: string[] }).shards.push('');
        delete m.listing;
      },
      'the index root is not as written',
    ],
    [
      'an output path that climbs out of the feeds folder',
      (m) => {
        const outputs = m.outputs as unknown as Record<string, { files: Record<string, unknown> }>;
        const main = outputs['feed:main'];
        if (main) main.files['../../etc/passwd'] = { hash: 'a'.repeat(64) };
      },
      'invalid: outputs.feed:main.files',
    ],
    [
      'an item count of 1e308',
      (m) => {
        const outputs = m.outputs as unknown as Record<string, { files: Record<string, { items?: number }> }>;
        const rss = outputs['feed:main']?.files['rss.xml'];
        if (rss) rss.items = 1e308;
      },
      'invalid: outputs.feed:main.files.rss.xml.items',
    ],
    [
      'a pending removal outside the feeds',
      (m) => {
        m.pendingRemovals = ['/etc/passwd'];
      },
      'invalid: pendingRemovals[0]',
    ],
  ];

  it.each(damages)(
    '%s: the run is full, succeeds, and saves good state again',
    async (_name, damage, note) => {
      const files = { 'a.md': article('A', ['Rabat']), 'b.md': article('B', ['Paris']) };
      const { lock, damage: applyDamage } = lockWithState();
      const target = createMemoryTarget();
      const { run } = memoryRun(files, lock, target);
      const first = await run();
      const before = new Map([...target.objects].map(([p, o]) => [p, o.body]));
      applyDamage(damage);

      const afterDamage: RunSummary = await run();
      expect(afterDamage.ok).toBe(true);
      expect(afterDamage.state.reused).toBe(false);
      expect(afterDamage.state.note).toContain(note);
      expect(afterDamage.articles.read).toBe(2);
      expect(afterDamage.files.refused).toEqual([]);
      expect(new Map([...target.objects].map(([p, o]) => [p, o.body]))).toEqual(before);
      expect(first.files.written.length).toBeGreaterThan(0);

      const next = await run();
      expect(next.state).toEqual({ reused: true });
      expect(next.articles.read).toBe(0);
    },
  );
});

describe('a run with nothing to do reads no shard', () => {
  it('does not notice a damaged shard while the listing is unchanged; the first change finds it and runs full', async () => {
    let stored: Record<string, unknown> | undefined;
    const lock = withSessions(createMemoryLock(), (session) => ({
      ...session,
      ...(stored === undefined ? {} : { manifest: stored }),
      end: async (manifest) => {
        if (manifest !== undefined) stored = manifest as Record<string, unknown>;
        return session.end(manifest);
      },
    }));
    const files: Record<string, string> = {
      'a.md': article('A', ['Rabat']),
      'b.md': article('B', ['Paris']),
    };
    const { run } = memoryRun(files, lock);
    await run();
    const inline = (stored?.inline ?? {}) as Record<string, string>;
    for (const id of Object.keys(inline)) inline[id] = 'not json';

    const unchanged = await run();
    expect(unchanged.state).toEqual({ reused: true });
    expect(unchanged.articles.read).toBe(0);

    files['b.md'] = article('B, edited', ['Paris']);
    const changed = await run();
    expect(changed.ok).toBe(true);
    expect(changed.state.note).toContain('does not match its name');
    expect(changed.articles.read).toBe(2);
  });
});
