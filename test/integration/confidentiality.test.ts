import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { main } from '../../functions/cli.js';
import { parseSiteConfig } from '../../functions/lib/config.js';
import { createS3Lock } from '../../functions/lib/locks/s3.js';
import { publishFeeds } from '../../functions/lib/pipeline.js';
import { startPreviewServer } from '../../functions/lib/preview.js';
import { createMemorySource } from '../../functions/lib/sources/memory.js';
import { createS3Target } from '../../functions/lib/targets/s3.js';
import { articleText, SITE_YAML } from '../support/fixtures.js';
import { freshBucket, testS3Client } from '../support/s3.js';

/**
 * Nothing a reader can fetch holds what is not meant for them: no draft, no
 * embargoed article, no partner's secret path outside that partner's own
 * feed. The run state holds partners' secret paths and which files are
 * drafts or embargoed (never their titles), so it must live elsewhere.
 */
const SECRETS = {
  draft: 'Draft-only headline 7f3a',
  embargoed: 'Embargoed headline 91c2',
  partner: 'p4rtn3r5ecret0a1b2c',
};
const NOW = '2026-01-01T00:00:00Z';
const SITE = `${SITE_YAML}\nfeeds:\n  remove_stale: true\npartners:\n  - name: Wire\n    slug: wire\n    secret: ${SECRETS.partner}\n`;
const ARTICLES = {
  'public.md': articleText({ title: 'Public headline', date: '2025-12-30T10:00:00Z', tags: ['Rabat'] }),
  'draft.md': articleText({
    title: SECRETS.draft,
    date: '2025-12-30T11:00:00Z',
    draft: true,
    tags: ['Rabat'],
  }),
  'embargoed.md': articleText(
    { title: SECRETS.embargoed, summary: SECRETS.embargoed, date: '2099-01-01T00:00:00Z', tags: ['Rabat'] },
    `${SECRETS.embargoed} body.\n`,
  ),
};
const PARTNER_DIR = `partners/wire-${SECRETS.partner}/`;

async function contentFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'feedwright-secrets-'));
  await mkdir(path.join(dir, 'articles'));
  await writeFile(path.join(dir, 'site.yml'), SITE);
  for (const [name, text] of Object.entries(ARTICLES))
    await writeFile(path.join(dir, 'articles', name), text);
  return dir;
}

async function build(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(['build', '--now', NOW, ...args], {
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
  });
  return { code, out: lines.join('\n') };
}

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

function expectNothingSecret(where: string, body: string): void {
  expect(body, where).not.toContain(SECRETS.draft);
  expect(body, where).not.toContain(SECRETS.embargoed);
  if (!where.includes(PARTNER_DIR)) expect(body, where).not.toContain(SECRETS.partner);
}

describe('a local build keeps its run state out of the output folder', () => {
  it('no file in the output folder, and nothing preview serves, holds a draft, an embargo or a partner secret', async () => {
    const content = await contentFolder();
    const out = path.join(content, 'public');
    expect((await build(['--content', content, '--out', out])).code).toBe(0);

    const published = await filesBelow(out);
    expect(published).toContain(`${PARTNER_DIR}rss.xml`);
    expect(published.filter((p) => p.startsWith('.'))).toEqual([]);
    for (const file of published) expectNothingSecret(file, await readFile(path.join(out, file), 'utf8'));

    const preview = await startPreviewServer({ dir: out });
    try {
      for (const file of published) {
        const response = await fetch(new URL(file, preview.url));
        expect(response.status, file).toBe(200);
        expectNothingSecret(file, await response.text());
      }
      for (const hidden of ['.feedwright/manifest.json', '.feedwright/run-state.json', '.feedwright/']) {
        expect((await fetch(new URL(hidden, preview.url))).status, hidden).toBe(404);
      }
    } finally {
      await preview.close();
    }

    // The state is beside the output folder, and it does hold what must stay private (the partner's
    // secret path; which files are drafts and embargoed): the checks above can fail. Titles it never holds.
    const stateDir = path.join(content, '.feedwright', 'public');
    const shards = await readdir(path.join(stateDir, 'index'));
    expect(shards.length).toBeGreaterThan(0);
    const state = [
      await readFile(path.join(stateDir, 'manifest.json'), 'utf8'),
      ...(await Promise.all(shards.map((name) => readFile(path.join(stateDir, 'index', name), 'utf8')))),
    ].join('\n');
    for (const secret of [SECRETS.partner, 'draft.md', 'embargoed.md']) expect(state).toContain(secret);
    expect(state).not.toContain(SECRETS.draft);
    expect(state).not.toContain(SECRETS.embargoed);
  });

  it('removes the run state an older version left inside the output folder', async () => {
    const content = await contentFolder();
    const out = path.join(content, 'public');
    await mkdir(path.join(out, '.feedwright'), { recursive: true });
    await writeFile(path.join(out, '.feedwright', 'manifest.json'), JSON.stringify({ title: SECRETS.draft }));
    const result = await build(['--content', content, '--out', out]);
    expect(result.code).toBe(0);
    expect(await filesBelow(out)).not.toContain('.feedwright/manifest.json');
  });

  it('refuses a state folder inside the output folder', async () => {
    const content = await contentFolder();
    const out = path.join(content, 'public');
    const result = await build(['--content', content, '--out', out, '--state', path.join(out, 'state')]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('--state: ');
    expect(result.out).toContain('must not contain each other');
  });
});

describe('on S3 the run state lives outside the feeds prefix', () => {
  it('publishes no secret under the feeds prefix, and removes a run state left there by an older version', async () => {
    const client = testS3Client();
    const bucket = await freshBucket(client, 'secrets');
    const legacy = 'feeds/.feedwright/run-state.json';
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: legacy, Body: JSON.stringify({ manifest: SECRETS }) }),
    );
    const summary = await publishFeeds(
      {
        source: createMemorySource(ARTICLES),
        target: createS3Target({ client, bucket, prefix: 'feeds/' }),
        lock: createS3Lock({ client, bucket, key: '.feedwright/feeds/run-state.json' }),
        now: () => new Date(NOW),
      },
      parseSiteConfig(SITE, 'site.yml'),
    );
    expect(summary.ok).toBe(true);
    expect(summary.files.removed).toContain('.feedwright/run-state.json');
    const target = createS3Target({ client, bucket, prefix: 'feeds/' });
    const keys = await target.list();
    expect(keys).toContain(`${PARTNER_DIR}feed.json`);
    expect(keys.filter((k) => k.startsWith('.'))).toEqual([]);
    for (const key of keys) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `feeds/${key}` }));
      expectNothingSecret(key, (await object.Body?.transformToString('utf-8')) ?? '');
    }
  });
});
