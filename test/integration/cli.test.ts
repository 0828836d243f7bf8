import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../functions/cli.js';
import { articleText, SITE_YAML } from '../support/fixtures.js';

async function contentDir(articles: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'feedwright-content-'));
  await mkdir(path.join(dir, 'articles'));
  await writeFile(path.join(dir, 'site.yml'), SITE_YAML);
  for (const [name, text] of Object.entries(articles))
    await writeFile(path.join(dir, 'articles', name), text);
  return dir;
}

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const GOOD = articleText({ title: 'Good', date: '2025-04-14' });
const BROKEN = articleText({ title: 'Broken', date: '14/04/2025' });

describe('feedwright build', () => {
  it('writes the three feeds, skips a broken article with its reason and says where the files are', async () => {
    const content = await contentDir({ 'good.md': GOOD, 'broken.md': BROKEN });
    const out = path.join(content, 'out');
    const result = await cli(['build', '--content', content, '--out', out, '--now', '2025-05-01T00:00:00Z']);
    expect(result.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      'atom.xml',
      'authors',
      'feed.json',
      'feeds.opml',
      'index.html',
      'rss.xml',
    ]);
    expect((await readdir(path.join(out, 'authors', 'test-desk'))).sort()).toEqual([
      'atom.xml',
      'feed.json',
      'rss.xml',
    ]);
    expect(result.out).toContain('2 article file(s): 1 published, 1 skipped');
    expect(result.out).toContain(
      `skipped ${path.join(content, 'articles', 'broken.md')}: date: "14/04/2025" is not an ISO 8601 date`,
    );
    expect(result.out).toContain(`Feeds are in ${out}`);
    expect(JSON.parse(await readFile(path.join(out, 'feed.json'), 'utf8')).items).toHaveLength(1);
  });

  it('rewrites nothing when nothing changed', async () => {
    const content = await contentDir({ 'good.md': GOOD });
    const out = path.join(content, 'out');
    await cli(['build', '--content', content, '--out', out]);
    const second = await cli(['build', '--content', content, '--out', out]);
    expect(second.out).toContain('0 file(s) written, 8 unchanged, 0 refused');
    // The manifest in .feedwright/out/, beside the output folder, spared reading the article again.
    expect(second.out).toContain('1 article file(s): 1 published, none skipped; 0 read this run');
  });

  it('reads only the changed article on the next build, and --full reads them all', async () => {
    const content = await contentDir({
      'a.md': GOOD,
      'b.md': articleText({ title: 'Other', date: '2025-04-13' }),
    });
    const out = path.join(content, 'out');
    await cli(['build', '--content', content, '--out', out]);
    await writeFile(
      path.join(content, 'articles', 'a.md'),
      articleText({ title: 'Good, edited', date: '2025-04-14' }),
    );
    const edited = await cli(['build', '--content', content, '--out', out]);
    expect(edited.out).toContain('; 1 read this run');
    expect(JSON.parse(await readFile(path.join(out, 'feed.json'), 'utf8')).items[0].title).toBe(
      'Good, edited',
    );
    const full = await cli(['build', '--content', content, '--out', out, '--full']);
    expect(full.out).toContain('; 2 read this run');
    expect(full.out).toContain('0 file(s) written');
  });

  it('names the site.yml key at fault and exits 1', async () => {
    const content = await contentDir({ 'good.md': GOOD });
    await writeFile(path.join(content, 'site.yml'), SITE_YAML.replace('https://site.test/', 'nope'));
    const result = await cli(['build', '--content', content, '--out', path.join(content, 'out')]);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `feedwright: ${path.join(content, 'site.yml')}: home_url: must be an absolute http(s) URL`,
    );
  });

  it('refuses a --now that is not a date', async () => {
    const content = await contentDir({});
    const result = await cli(['build', '--content', content, '--now', 'tomorrow']);
    expect(result.code).toBe(1);
    expect(result.err).toBe('feedwright: --now: "tomorrow" is not an ISO 8601 date');
  });
});

describe('feedwright validate', () => {
  it('exits 0 for a clean collection', async () => {
    const result = await cli(['validate', '--content', await contentDir({ 'good.md': GOOD })]);
    expect(result).toMatchObject({ code: 0, out: '1 article file(s): 1 valid, 0 with errors' });
  });

  it('exits 1 and names file and field for each error', async () => {
    const content = await contentDir({ 'good.md': GOOD, 'broken.md': BROKEN });
    const result = await cli(['validate', '--content', content]);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `error ${path.join(content, 'articles', 'broken.md')}: date: "14/04/2025" is not an ISO 8601 date`,
    );
    expect(result.out).toBe('2 article file(s): 1 valid, 1 with errors');
  });
});

describe('feedwright usage', () => {
  it('shows help and refuses unknown commands and options', async () => {
    expect((await cli(['--help'])).out).toContain('Usage: feedwright <command>');
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['build', '--bogus'])).code).toBe(2);
  });
});

describe('feedwright preview', () => {
  it('serves the built folder on 127.0.0.1 as the bucket would, until interrupted', async () => {
    const { spawn } = await import('node:child_process');
    const content = await contentDir({ 'good.md': GOOD });
    const out = path.join(content, 'out');
    await cli(['build', '--content', content, '--out', out]);
    const child = spawn(process.execPath, [
      '--import',
      'tsx',
      'functions/cli.ts',
      'preview',
      '--out',
      out,
      '--port',
      '0',
    ]);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(chunk.toString());
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`preview exited with ${code}`)));
      });
      const first = await fetch(`${url}rss.xml`);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
      const etag = first.headers.get('etag') ?? '';
      expect((await fetch(`${url}rss.xml`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });
});

describe('errors people can act on', () => {
  it('names the flag to type when publish has no bucket', async () => {
    const content = await contentDir({ 'good.md': GOOD });
    const saved = process.env.FEEDS_BUCKET;
    delete process.env.FEEDS_BUCKET;
    try {
      const result = await cli(['publish', '--content', content]);
      expect(result.code).toBe(1);
      expect(result.err).toContain('--bucket is required (or set FEEDS_BUCKET)');
    } finally {
      if (saved !== undefined) process.env.FEEDS_BUCKET = saved;
    }
  });

  it('says once where a site.yml YAML error is, and how to fix the usual one', async () => {
    const content = await contentDir({ 'good.md': GOOD });
    await writeFile(path.join(content, 'site.yml'), 'title: Breaking: news\n');
    const result = await cli(['build', '--content', content, '--out', path.join(content, 'out')]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('site.yml: not valid YAML (line 1, column 8)');
    expect(result.err).toContain('quote a value that contains ": "');
    expect(result.err.split('Nested mappings are not allowed')).toHaveLength(2);
  });

  it('refuses a mistyped flag with a suggestion, and exits 2', async () => {
    const result = await cli(['build', '--bukcet', 'x']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('unknown option --bukcet (did you mean --bucket?)');
  });
});

describe('one schema for the flags and the Lambda variables', () => {
  it('checks an s3:// --content as CONTENT_BUCKET and CONTENT_PREFIX are checked, naming the flag', async () => {
    const dotted = await cli(['validate', '--content', 's3://newsroom/desk/../other/']);
    expect(dotted.code).toBe(1);
    expect(dotted.err).toContain('--content: "desk/../other/" must not contain "." or ".." segments');
    const badBucket = await cli(['validate', '--content', 's3://News_Room/desk/']);
    expect(badBucket.code).toBe(1);
    expect(badBucket.err).toContain('--content: must be an S3 bucket name');
  });

  it('lets --content decide over CONTENT_BUCKET in the environment', async () => {
    const content = await contentDir({ 'good.md': GOOD });
    const saved = process.env.CONTENT_BUCKET;
    process.env.CONTENT_BUCKET = 'not-this-bucket';
    try {
      const result = await cli(['validate', '--content', content]);
      expect(result).toMatchObject({ code: 0, out: '1 article file(s): 1 valid, 0 with errors' });
    } finally {
      if (saved === undefined) delete process.env.CONTENT_BUCKET;
      else process.env.CONTENT_BUCKET = saved;
    }
  });
});

describe('the progress line', () => {
  it('shows how far a long build has gone on the terminal line, then the summary', async () => {
    const articles: Record<string, string> = {};
    for (let i = 0; i < 1_500; i++)
      articles[`a-${i}.md`] = articleText({ title: `Article ${i}`, date: '2025-04-14' });
    const content = await contentDir(articles);
    const lines: string[] = [];
    const out: string[] = [];
    const code = await main(['build', '--content', content, '--out', path.join(content, 'out')], {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      progress: (l) => lines.push(l),
      progressAfterMs: 0,
    });
    expect(code).toBe(0);
    expect(lines).toContain('Reading articles: 1,500 of 1,500 (100%)');
    expect(lines.at(-1)).toMatch(/^Publishing feeds: (\d+) of \1 \(100%\)$/);
    expect(out.join('\n')).toContain('1500');
  });
});
