import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Article } from '../../functions/lib/articles/article.js';
import { type ParseResult, parseArticle } from '../../functions/lib/articles/parse.js';
import { type Config, parseSiteConfig } from '../../functions/lib/config.js';
import {
  CATEGORIES,
  type CollectionOptions,
  DEFAULT_START_DATE,
  type GeneratedArticle,
  generateCollection,
  generateSiteYaml,
  MAX_BODY_BYTES,
  MIN_BODY_BYTES,
  TAGS,
  writeCollection,
} from '../../scripts/corpus.js';
import { main } from '../../scripts/generate-corpus.js';

function siteConfig(options: CollectionOptions): Config {
  return parseSiteConfig(generateSiteYaml(options), 'synthetic/site.yml');
}

function parseGenerated(article: GeneratedArticle, config: Config): ParseResult {
  return parseArticle(
    {
      file: `synthetic/articles/${article.name}`,
      name: article.name.replace(/\.md$/, ''),
      bytes: new TextEncoder().encode(article.text),
    },
    config,
  );
}

/** Parses every article, failing with the parser's own messages if any is refused or warned about. */
function parseAll(options: CollectionOptions): Array<Article & { body: string }> {
  const config = siteConfig(options);
  return generateCollection(options).map((generated) => {
    const result = parseGenerated(generated, config);
    const problems = [
      ...(result.ok ? [] : result.errors.map((e) => e.message)),
      ...result.warnings.map((w) => w.message),
    ];
    expect(problems, generated.text).toEqual([]);
    if (!result.ok) throw new Error('unreachable: problems were listed above');
    return { ...result.article, body: result.body };
  });
}

const bodyBytes = (article: { body: string }) => Buffer.byteLength(article.body, 'utf8');

describe('generateCollection', () => {
  it('gives identical articles for the same count and seed', () => {
    expect(generateCollection({ count: 200, seed: 7 })).toEqual(generateCollection({ count: 200, seed: 7 }));
  });

  it('gives a different collection for a different seed', () => {
    const first = generateCollection({ count: 50, seed: 7 });
    const second = generateCollection({ count: 50, seed: 8 });
    const same = first.filter((article, i) => article.text === second[i]?.text);
    expect(same).toEqual([]);
  });

  it('makes the same first articles whatever the count, so a small collection is a prefix of a larger one', () => {
    expect(generateCollection({ count: 1500, seed: 3 }).slice(0, 100)).toEqual(
      generateCollection({ count: 100, seed: 3 }),
    );
  });

  it('gives exactly count articles, with unique .md names that sort in generation order', () => {
    const articles = generateCollection({ count: 500, seed: 1 });
    const names = articles.map((a) => a.name);

    expect(articles).toHaveLength(500);
    expect(new Set(names).size).toBe(500);
    expect([...names].sort()).toEqual(names);
    for (const name of names) expect(name).toMatch(/^a\d{6}-[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*\.md$/u);
  });

  it('gives no articles for count 0', () => {
    expect(generateCollection({ count: 0 })).toEqual([]);
  });

  it('refuses a count that is negative or not whole, and a start date without an offset', () => {
    expect(() => generateCollection({ count: -1 })).toThrow(/count: -1 must be a whole number/);
    expect(() => generateCollection({ count: 2.5 })).toThrow(RangeError);
    expect(() => generateCollection({ count: 1, startDate: '2025-06-01' })).toThrow(
      /startDate: .* with an offset/,
    );
    expect(() => generateCollection({ count: 1, startDate: '2025-02-30T00:00:00Z' })).toThrow(RangeError);
  });

  it('writes 500 articles that the project parser accepts without any error or warning', () => {
    expect(parseAll({ count: 500, seed: 1 })).toHaveLength(500);
  });

  it('writes parseable articles for any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 32 }), (seed) => {
        parseAll({ count: 20, seed });
      }),
      { numRuns: 25 },
    );
  });

  it('uses every category of the pool, 1 to 3 per article, and 0 to 5 tags from the tag pool', () => {
    const articles = parseAll({ count: 500, seed: 1 });

    const categories = new Set(articles.flatMap((a) => a.categories));
    expect([...categories].sort()).toEqual([...CATEGORIES].sort());
    for (const article of articles) {
      expect(article.categories.length).toBeGreaterThanOrEqual(1);
      expect(article.categories.length).toBeLessThanOrEqual(3);
      expect(article.tags.length).toBeLessThanOrEqual(5);
      for (const tag of article.tags) expect(TAGS).toContain(tag);
    }
  });

  it('keeps every body between 300 B and 8 KB, averaging 2 to 3 KB with a long tail', () => {
    const sizes = parseAll({ count: 500, seed: 1 }).map(bodyBytes);
    const average = sizes.reduce((sum, size) => sum + size, 0) / sizes.length;
    const median = [...sizes].sort((a, b) => a - b)[sizes.length >> 1] ?? 0;

    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(MIN_BODY_BYTES);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(average).toBeGreaterThanOrEqual(2000);
    expect(average).toBeLessThanOrEqual(3000);
    // Long-tailed: a few long reads pull the mean above the median.
    expect(average).toBeGreaterThan(median);
  });

  it('dates articles in the years before startDate, a few after it (embargoed), some on the very same instant', () => {
    const articles = parseAll({ count: 500, seed: 1 });
    const start = Date.parse(DEFAULT_START_DATE);
    const times = articles.map((a) => a.date.getTime());

    const embargoed = times.filter((t) => t > start);
    expect(embargoed.length).toBeGreaterThan(0);
    expect(embargoed.length).toBeLessThan(articles.length * 0.05);
    expect(Math.min(...times)).toBeGreaterThan(start - 7 * 365 * 86_400_000);
    const sharing = times.filter((t, i) => times.indexOf(t) !== i);
    expect(sharing.length).toBeGreaterThan(0);
    for (const article of articles) {
      if (article.updated) expect(article.updated.getTime()).toBeGreaterThan(article.date.getTime());
    }
  });

  it('follows startDate', () => {
    const articles = parseAll({ count: 100, seed: 1, startDate: '2010-01-01T00:00:00+01:00' });
    const before = articles.filter((a) => a.date < new Date('2010-01-01T00:00:00+01:00'));

    expect(before.length).toBeGreaterThan(90);
  });

  it('exercises every front matter field and the Markdown and scripts that feeds must carry', () => {
    const generated = generateCollection({ count: 500, seed: 1 });
    const articles = parseAll({ count: 500, seed: 1 });
    const some = (test: (article: Article) => boolean) => articles.some(test);
    const someText = (pattern: RegExp) => generated.some((g) => pattern.test(g.text));

    expect(some((a) => a.updated !== undefined)).toBe(true);
    expect(some((a) => a.summary !== undefined)).toBe(true);
    expect(some((a) => a.draft)).toBe(true);
    expect(some((a) => a.authors.length === 2)).toBe(true);
    expect(some((a) => a.authors.some((p) => p.email !== undefined && p.url !== undefined))).toBe(true);
    expect(some((a) => a.image?.url.startsWith('https://synthetic.example/') ?? false)).toBe(true);
    expect(some((a) => a.image?.url.startsWith('https://cdn.synthetic.example/') ?? false)).toBe(true);
    expect(some((a) => a.image?.type === 'image/webp')).toBe(true);
    expect(some((a) => /&/.test(a.title) && /</.test(a.title))).toBe(true);
    expect(some((a) => /["“]/.test(a.title))).toBe(true);
    expect(some((a) => /\p{Script=Arabic}/u.test(a.title))).toBe(true);
    expect(some((a) => /\p{Extended_Pictographic}/u.test(a.title))).toBe(true);
    expect(some((a) => /[éèàçñ]/.test(a.title))).toBe(true);

    expect(someText(/^#{2,3} /m)).toBe(true);
    expect(someText(/^[-*] /m)).toBe(true);
    expect(someText(/^1\. /m)).toBe(true);
    expect(someText(/^> /m)).toBe(true);
    expect(someText(/^```\w+\n/m)).toBe(true);
    expect(someText(/\*\*\w+\*\*/)).toBe(true);
    expect(someText(/`[^`\n]+`/)).toBe(true);
    expect(someText(/^\| --- \|/m)).toBe(true);
    for (const link of ['](https://', '](../', '](/', '](#']) {
      expect(generated.some((g) => g.text.includes(link))).toBe(true);
    }
    expect(someText(/!\[[^\]]*\]\(\/images\//)).toBe(true);
    expect(someText(/!\[[^\]]*\]\(https:\/\//)).toBe(true);
  });

  it('generates 10,000 articles quickly enough for benchmarks (time reported, not asserted)', () => {
    const started = performance.now();
    const articles = generateCollection({ count: 10_000, seed: 1 });
    const elapsed = performance.now() - started;
    const bytes = articles.reduce((sum, a) => sum + Buffer.byteLength(a.text, 'utf8'), 0);

    console.info(`generateCollection: 10,000 articles, ${bytes} bytes in ${Math.round(elapsed)} ms`);
    expect(articles).toHaveLength(10_000);
  });
});

describe('generateSiteYaml', () => {
  it('is a valid site config with the keys of content/site.yml and synthetic values', async () => {
    const demo = parseYaml(await readFile(new URL('../../content/site.yml', import.meta.url), 'utf8'));
    const yaml = generateSiteYaml({ count: 10, seed: 4 });

    const config = parseSiteConfig(yaml, 'site.yml');

    expect(Object.keys(parseYaml(yaml)).sort()).toEqual(Object.keys(demo).sort());
    expect(config).toMatchObject({
      homeUrl: 'https://synthetic.example/',
      feedsUrl: 'https://feeds.synthetic.example/',
      idAuthority: 'synthetic.example,2025',
      timeZone: 'UTC',
    });
  });
});

describe('writeCollection', () => {
  const dirs: string[] = [];
  const freshDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'feedwright-corpus-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('writes site.yml and the generated articles, and returns the bytes written', async () => {
    const dir = await freshDir();
    const options = { count: 30, seed: 5 };

    const bytes = await writeCollection(dir, options);

    const expected = generateCollection(options);
    const names = (await readdir(path.join(dir, 'articles'))).sort();
    expect(names).toEqual(expected.map((a) => a.name));
    for (const article of expected) {
      expect(await readFile(path.join(dir, 'articles', article.name), 'utf8')).toBe(article.text);
    }
    expect(await readFile(path.join(dir, 'site.yml'), 'utf8')).toBe(generateSiteYaml(options));
    let onDisk = (await stat(path.join(dir, 'site.yml'))).size;
    for (const name of names) onDisk += (await stat(path.join(dir, 'articles', name))).size;
    expect(bytes).toBe(onDisk);
  });

  it('refuses an articles folder that already holds files', async () => {
    const dir = await freshDir();
    await writeCollection(dir, { count: 3 });

    await expect(writeCollection(dir, { count: 3 })).rejects.toThrow(/already holds 3 file\(s\)/);
  });

  it('is what `generate-corpus --count N --out DIR` runs', async () => {
    const dir = await freshDir();
    const out: string[] = [];
    const err: string[] = [];

    const code = await main(['--count', '12', '--seed', '9', '--out', dir], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });

    expect({ code, err }).toEqual({ code: 0, err: [] });
    const articles = generateCollection({ count: 12, seed: 9 });
    expect(await readdir(path.join(dir, 'articles'))).toHaveLength(12);
    const bytes = articles.reduce((sum, a) => sum + Buffer.byteLength(a.text), 0);
    const siteBytes = Buffer.byteLength(generateSiteYaml({ count: 12, seed: 9 }));
    expect(out).toEqual([`12 articles, ${bytes + siteBytes} bytes, in ${path.resolve(dir)}`]);
  });

  it.each([
    [[], /--count is required/],
    [['--count', '5'], /--out is required/],
    [['--count', 'ten', '--out', 'x'], /--count: "ten" is not a whole number/],
    [['--count', '1e3', '--out', 'x'], /--count: "1e3" is not a whole number/],
    [['--count=-1', '--out', 'x'], /--count: -1 must be between 0 and 1000000/],
    [['--count', '5', '--seed', '0x10', '--out', 'x'], /--seed: "0x10" is not a whole number/],
    [['--count', '5', '--start-date', '2025-06-01', '--out', 'x'], /--start-date: "2025-06-01" must be/],
    [['--count', '5', '--out', 'x', '--colour'], /Unknown option '--colour'/],
  ])('the CLI refuses %j with a clear message and exit code 2', async (argv, message) => {
    const err: string[] = [];

    const code = await main(argv, { out: () => {}, err: (l) => err.push(l) });

    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });

  it('the CLI reports a folder it cannot write to, with exit code 1', async () => {
    const dir = await freshDir();
    const file = path.join(dir, 'not-a-folder');
    await writeFile(file, 'x');
    const err: string[] = [];

    const code = await main(['--count', '1', '--out', file], { out: () => {}, err: (l) => err.push(l) });

    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/generate-corpus: .*not-a-folder/);
  });
});
