import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../functions/cli.js';
import { articleText, SITE_YAML } from '../support/fixtures.js';
import { freshBucket, s3Server, stubS3ServerEnv, testS3Client } from '../support/s3.js';
import { type S3Proxy, startS3Proxy } from '../support/s3-proxy.js';

const NOW = '2026-01-01T00:00:00Z';
const SITE = `${SITE_YAML}\nfeeds:\n  remove_stale: true\n  authors: { enabled: false }\n`;
const article = (title: string, day: number, tags: string[]) =>
  articleText({ title, date: `2025-12-0${day}T10:00:00Z`, tags });
const id = (slug: string) => `tag:site.test,2025:${slug}`;

/** A content folder (site.yml, articles/) in a fresh temp folder, which also holds the output and its state. */
async function newsroom(): Promise<{
  root: string;
  content: string;
  write(name: string, text?: string): Promise<void>;
}> {
  const root = await mkdtemp(path.join(tmpdir(), 'feedwright-plan-'));
  const content = path.join(root, 'content');
  await mkdir(path.join(content, 'articles'), { recursive: true });
  await writeFile(path.join(content, 'site.yml'), SITE);
  const write = async (name: string, text?: string) => {
    const file = path.join(content, 'articles', name);
    if (text === undefined) await rm(file);
    else await writeFile(file, text);
  };
  await write('a.md', article('A', 1, ['Rabat']));
  await write('b.md', article('B', 2, ['Casablanca']));
  return { root, content, write };
}

/** The edit every test plans: one article corrected, one withdrawn (its tag's feed goes stale), one new. */
async function edit(write: (name: string, text?: string) => Promise<void>): Promise<void> {
  await write('a.md', article('A, corrected', 1, ['Rabat']));
  await write('b.md');
  await write('c.md', article('C', 3, ['Rabat']));
}

async function cli(args: string[]) {
  const lines: string[] = [];
  const code = await main(args, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, output: lines.join('\n') };
}

/** Every file below `dir` (the output, the run state, the hash cache…): its bytes and when it was last written. */
async function tree(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of (await readdir(dir, { recursive: true })).sort()) {
    const file = path.join(dir, entry);
    const info = await stat(file);
    if (!info.isFile()) continue;
    const digest = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
    files[entry] = `${digest} ${info.mtimeMs}`;
  }
  return files;
}

/** What the plan's feed block for `key` says, up to the next feed. */
function block(output: string, key: string): string {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`feed ${key} -> `));
  if (start === -1) return '';
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('  '));
  return lines.slice(start, end).join('\n');
}

const EXPECTED_MAIN = [
  'feed main -> ./',
  `  + ${id('c')}  added`,
  `  ~ ${id('a')}  updated`,
  `  - ${id('b')}  removed`,
  '  files: rss.xml atom.xml feed.json would be written',
].join('\n');

describe('feedwright plan, on a folder', () => {
  it('shows what build then does, and writes nothing: no output, no run state, no hash cache, no lock', async () => {
    const { root, content, write } = await newsroom();
    const out = path.join(root, 'public');
    const flags = ['--content', content, '--out', out, '--now', NOW];
    expect((await cli(['build', ...flags])).code).toBe(0);
    await edit(write);
    const before = await tree(root);

    const plan = await cli(['plan', ...flags]);
    expect(await tree(root)).toEqual(before);
    expect(plan.code).toBe(0);
    expect(plan.output).toContain(`Plan for ${out} (a dry run: nothing is written)`);
    expect(block(plan.output, 'main')).toBe(EXPECTED_MAIN);
    expect(block(plan.output, 'tag:rabat')).toBe(
      [
        'feed tag:rabat -> tags/rabat/',
        `  + ${id('c')}  added`,
        `  ~ ${id('a')}  updated`,
        '  files: rss.xml atom.xml feed.json would be written',
      ].join('\n'),
    );
    expect(plan.output).toContain('stale feed tags/casablanca/: atom.xml feed.json rss.xml would be removed');
    const planned =
      /Plan: .*; (\d+) file\(s\) would be written, (\d+) removed, 0 refused; (\d+) unchanged\.$/.exec(
        plan.output,
      );
    expect(planned).not.toBeNull();

    const build = await cli(['build', ...flags]);
    expect(build.output).toContain(
      `${planned?.[1]} file(s) written, ${planned?.[3]} unchanged, 0 refused, ${planned?.[2]} stale removed`,
    );
    const after = await cli(['plan', ...flags]);
    expect(after.code).toBe(0);
    expect(after.output.split('\n').at(-1)).toMatch(/^Nothing would change: \d+ file\(s\) as published\.$/);
  });

  it('before any build, plans every item as added and makes no folder at all', async () => {
    const { root, content } = await newsroom();
    const plan = await cli(['plan', '--content', content, '--out', path.join(root, 'public'), '--now', NOW]);
    expect(plan.code).toBe(0);
    expect(block(plan.output, 'main')).toBe(
      [
        'feed main -> ./',
        `  + ${id('a')}  added`,
        `  + ${id('b')}  added`,
        '  files: rss.xml atom.xml feed.json would be written',
      ].join('\n'),
    );
    expect((await readdir(root)).sort()).toEqual(['content']);
  });

  it('exits 1 when a guard would refuse, naming the items the feed would lose; --allow-shrink plans the write', async () => {
    const { root, content, write } = await newsroom();
    const flags = ['--content', content, '--out', path.join(root, 'public'), '--now', NOW];
    await cli(['build', ...flags]);
    await write('a.md');
    await write('b.md');
    const before = await tree(root);

    const refused = await cli(['plan', ...flags]);
    expect(refused.code).toBe(1);
    expect(block(refused.output, 'main')).toContain(
      `  - ${id('a')}  removed\n  - ${id('b')}  removed\n  files: rss.xml atom.xml feed.json refused`,
    );
    expect(refused.output).toContain('WOULD REFUSE feed.json:');
    const allowed = await cli(['plan', ...flags, '--allow-shrink']);
    expect(allowed.code).toBe(0);
    expect(block(allowed.output, 'main')).toContain('files: rss.xml atom.xml feed.json would be written');
    expect(await tree(root)).toEqual(before);
  });
});

describe('feedwright publish --dry-run and plan --bucket, on the local S3 server', () => {
  let proxy: S3Proxy;
  beforeAll(async () => {
    proxy = await startS3Proxy(s3Server().endpoint);
  });
  afterAll(() => proxy.close());
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('show what publish then does, and send no PUT and no DELETE', async () => {
    stubS3ServerEnv();
    const bucket = await freshBucket(testS3Client(), 'plan');
    const { content, write } = await newsroom();
    const s3 = [
      '--bucket',
      bucket,
      '--prefix',
      'news/',
      '--endpoint',
      proxy.url,
      '--content',
      content,
      '--now',
      NOW,
    ];
    expect((await cli(['publish', ...s3])).code).toBe(0);
    await edit(write);

    proxy.reset();
    const dryRun = await cli(['publish', '--dry-run', ...s3]);
    expect(proxy.count('PUT')).toBe(0);
    expect(proxy.count('DELETE')).toBe(0);
    expect(dryRun.code).toBe(0);
    expect(dryRun.output).toContain(`Plan for s3://${bucket}/news/ (a dry run: nothing is written)`);
    expect(block(dryRun.output, 'main')).toBe(EXPECTED_MAIN);
    expect(dryRun.output).toContain(
      'stale feed tags/casablanca/: atom.xml feed.json rss.xml would be removed',
    );
    // The run state, and the published feed.json of each feed that changes (main and tag:rabat), nothing else.
    expect(proxy.count('GET', /\/news\/(?:tags\/rabat\/)?feed\.json/)).toBe(2);

    proxy.reset();
    const plan = await cli(['plan', ...s3]);
    expect(proxy.count('PUT') + proxy.count('DELETE')).toBe(0);
    expect(plan).toEqual(dryRun);

    const written = /; (\d+) file\(s\) would be written, (\d+) removed/.exec(dryRun.output);
    proxy.reset();
    const publish = await cli(['publish', ...s3]);
    expect(publish.output).toContain(`${written?.[1]} file(s) written,`);
    expect(publish.output).toContain(`, ${written?.[2]} stale removed`);
    // The stale feed files; the run also deletes the index shards its new state replaced.
    expect(proxy.count('DELETE', new RegExp(`^/${bucket}/news/`))).toBe(Number(written?.[2]));
  });
});
