/**
 * Bad input gets a clear error, and nothing is lost: every file in test/fixtures/bad-articles/ (plus
 * a few generated here, whose bytes git could mangle or which are too big to commit) goes through the
 * real CLI and through loadArticles + publishFeeds with the memory target. Each broken article is
 * skipped with one exact `<file>: <field>: <reason>` message per problem; each hostile but valid one
 * is published with the hostile part neutralised; the good articles are in every feed they belong to.
 */
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomUtils, parseDocument } from 'htmlparser2';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../functions/cli.js';
import { loadSiteConfig } from '../../functions/lib/load-config.js';
import { loadArticles, publishFeeds } from '../../functions/lib/pipeline.js';
import { createMemorySource } from '../../functions/lib/sources/memory.js';
import { createMemoryTarget } from '../../functions/lib/targets/memory.js';
import { SITE_YAML } from '../support/fixtures.js';
import { checkFeed } from '../support/w3c-feed-rules.js';
import { child, childrenNamed, NS, parseXml, type XmlElement } from '../support/xml.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/bad-articles/', import.meta.url));
const FEEDS_URL = 'https://feeds.site.test/';
const NOW = '2026-01-01T00:00:00Z';
const MAX_ARTICLE_BYTES = 1_048_576;

/** One problem as the run reports it; a function when the reason names another file (duplicates). */
interface Problem {
  field?: string;
  reason: string | ((fileOf: (name: string) => string) => string);
}

interface PublishedItem {
  title: string;
  /** Text that must survive in the content of every format. */
  text?: string[];
  /** Text that must be gone from the content (it was script, not prose). */
  goneText?: string[];
  /** Links and images that must survive, made absolute. */
  hrefs?: string[];
  srcs?: string[];
  /** Feed folders the item must be in; default: the main feed and the site author's. */
  feeds?: string[];
  summary?: string;
}

interface Case {
  /** File name in articles/. */
  file: string;
  /** What the file holds, for the test name. */
  holds: string;
  /** Written by the test (bytes git could mangle, or megabytes); committed otherwise. */
  generate?: () => Uint8Array;
  skipped?: Problem[];
  published?: PublishedItem;
  warnings?: string[];
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

const CASES: Case[] = [
  // The good articles: everything else is measured against them.
  {
    file: '00-good-rabat.md',
    holds: 'a good article with a category and tags',
    published: {
      title: 'Morocco’s Interior Minister Holds Talks with French Peer in Rabat',
      text: ['The two ministers discussed migration and security cooperation.'],
      feeds: ['', 'categories/politics/', 'tags/morocco/', 'tags/security/', 'authors/test-desk/'],
    },
  },
  {
    file: '01-good-paris.md',
    holds: 'a good article with accents, authors and a relative link',
    published: {
      title: 'Économie : la croissance ralentit à Paris',
      summary: 'A short summary, written by hand.',
      hrefs: ['https://site.test/economie/'],
      feeds: ['', 'categories/économie/', 'authors/amina-el-idrissi/', 'authors/jean-dupont/'],
    },
  },
  // Broken front matter.
  {
    file: 'malformed-yaml.md',
    holds: 'malformed YAML (an unclosed quote)',
    skipped: [{ reason: 'malformed YAML (front matter line 3): Missing closing "quote' }],
  },
  {
    file: 'duplicate-key.md',
    holds: 'the same key twice',
    skipped: [{ reason: 'malformed YAML (front matter line 3): Map keys must be unique' }],
  },
  {
    file: 'alias-bomb.md',
    holds: 'a YAML alias bomb ("billion laughs")',
    skipped: [{ reason: 'malformed YAML: Excessive alias count indicates a resource exhaustion attack' }],
  },
  { file: 'empty.md', holds: 'nothing', skipped: [{ reason: 'the file is empty' }] },
  {
    file: 'no-front-matter.md',
    holds: 'Markdown without front matter',
    skipped: [{ reason: 'front matter must start on the first line with "---"' }],
  },
  {
    file: 'unclosed-front-matter.md',
    holds: 'front matter that never closes',
    skipped: [{ reason: 'front matter is never closed with a "---" line' }],
  },
  // Missing and wrong-typed fields.
  { file: 'missing-title.md', holds: 'no title', skipped: [{ field: 'title', reason: 'is required' }] },
  {
    file: 'missing-date.md',
    holds: 'no date',
    skipped: [{ field: 'date', reason: 'is required' }],
  },
  {
    file: 'title-list.md',
    holds: 'a title that is a list',
    skipped: [{ field: 'title', reason: 'must be text' }],
  },
  {
    file: 'draft-yes.md',
    holds: 'draft: "yes"',
    skipped: [{ field: 'draft', reason: 'must be true or false' }],
  },
  {
    file: 'categories-mapping.md',
    holds: 'categories as a mapping',
    skipped: [{ field: 'categories[0]', reason: 'must be text' }],
  },
  {
    file: 'category-angle.md',
    holds: 'a category "<script>"',
    skipped: [{ field: 'categories[1]', reason: 'must not contain "<" or ">"' }],
  },
  {
    file: 'long-title.md',
    holds: 'a 10,000-character title',
    skipped: [{ field: 'title', reason: 'is longer than 1,000 characters' }],
  },
  // Impossible dates.
  {
    file: 'date-february-30.md',
    holds: 'date 2025-02-30',
    skipped: [{ field: 'date', reason: '"2025-02-30" is not an ISO 8601 date' }],
  },
  {
    file: 'date-month-13.md',
    holds: 'date 2025-13-01',
    skipped: [{ field: 'date', reason: '"2025-13-01" is not an ISO 8601 date' }],
  },
  {
    file: 'date-hour-24.md',
    holds: 'time 24:00',
    skipped: [{ field: 'date', reason: '"2025-04-14T24:00:00Z" is not an ISO 8601 date' }],
  },
  // Identity clashes and hostile paths or URLs in front matter.
  {
    file: 'duplicate-slug.md',
    holds: 'the slug of 00-good-rabat.md',
    skipped: [
      {
        field: 'slug',
        reason: (fileOf) => `"00-good-rabat" is already used by ${fileOf('00-good-rabat.md')}`,
      },
    ],
  },
  {
    file: 'duplicate-id.md',
    holds: 'the id of 00-good-rabat.md',
    skipped: [
      {
        field: 'id',
        reason: (fileOf) =>
          `tag:site.test,2025:00-good-rabat is already used by ${fileOf('00-good-rabat.md')}`,
      },
    ],
  },
  {
    file: 'slug-traversal.md',
    holds: 'slug: ../../x',
    skipped: [
      { field: 'slug', reason: 'must be letters and digits joined by "-" or "_" (no "/", "." or spaces)' },
    ],
  },
  {
    file: 'link-javascript.md',
    holds: 'link: javascript:alert(1)',
    skipped: [{ field: 'link', reason: 'must be an absolute http(s) URL' }],
  },
  {
    file: 'image-javascript.md',
    holds: 'image: javascript:alert(1)',
    skipped: [{ field: 'image.url', reason: 'must be an http(s) URL' }],
  },
  // Bytes.
  {
    file: 'oversize.md',
    holds: 'one byte more than max_article_bytes (generated)',
    generate: () => {
      const head = '---\ntitle: Too big\ndate: 2025-04-14\n---\n';
      return utf8(`${head}${'word '.repeat(MAX_ARTICLE_BYTES / 5)}`.slice(0, MAX_ARTICLE_BYTES + 1));
    },
    skipped: [
      { reason: `the file is ${MAX_ARTICLE_BYTES + 1} bytes, over the limit of ${MAX_ARTICLE_BYTES}` },
    ],
  },
  {
    file: 'not-utf8.md',
    holds: 'Latin-1 and stray bytes, not UTF-8 (generated)',
    generate: () =>
      bytes('---\ntitle: Caf', [0xe9], '\ndate: 2025-04-14\n---\nBody ', [0xff, 0xfe, 0xc3, 0x28], '\n'),
    skipped: [{ reason: 'the file is not valid UTF-8 text' }],
  },
  {
    file: 'bom.md',
    holds: 'a UTF-8 byte order mark (generated)',
    generate: () =>
      bytes(
        [0xef, 0xbb, 0xbf],
        '---\ntitle: Starts with a byte order mark\ndate: 2025-04-11\n---\nBOM body.\n',
      ),
    published: { title: 'Starts with a byte order mark', text: ['BOM body.'] },
  },
  {
    file: 'crlf.md',
    holds: 'CRLF line endings (generated)',
    generate: () =>
      utf8(
        '---\r\ntitle: Windows line endings\r\ndate: 2025-04-11\r\n---\r\nFirst paragraph\r\nstill first.\r\n\r\nSecond paragraph.\r\n',
      ),
    published: {
      title: 'Windows line endings',
      text: ['First paragraph\nstill first.', 'Second paragraph.'],
    },
  },
  {
    file: 'control-characters.md',
    holds: 'raw NUL, C0, DEL, C1 and noncharacters in title, summary and body (generated)',
    generate: () =>
      utf8(
        '---\ntitle: "Control\u0000 characters\u0007 in\u001b the\u007f title\u0085 too\uffff"\n' +
          'summary: Raw\u0001 plain\u009f scalar\u0000\ndate: 2025-04-11\n---\n' +
          'Body\u0000 with\u0001 raw\u001f control\u009f characters\ufffe.\n',
      ),
    published: {
      title: 'Control characters in the title too',
      summary: 'Raw plain scalar',
      text: ['Body with raw control characters.'],
    },
  },
  {
    file: 'control-escapes.md',
    holds: 'control characters written as YAML escapes (\\0 \\a \\e \\x7f \\N \\uFFFE)',
    published: { title: 'Control characters written as YAML escapes', summary: 'A summary with controls' },
  },
  // Hostile text that is published, neutralised.
  {
    file: 'cdata-end.md',
    holds: '"]]>" in title and body',
    published: {
      title: 'CDATA ends with ]]> and starts again',
      text: ['A body that closes CDATA: ]]> and goes on.', 'if (a[b[0]]>1) { return "]]>"; }'],
    },
  },
  {
    file: 'script-body.md',
    holds: '<script> in the body',
    published: {
      title: 'A body with scripts',
      text: ['Before the scripts.', 'Inline scripts too.', 'After the scripts.'],
      goneText: ['alert(', 'document.cookie'],
    },
  },
  {
    file: 'javascript-link.md',
    holds: 'javascript: links (Markdown, HTML, tab-split, spaced, reference, autolink)',
    published: {
      title: 'Links to javascript: URLs',
      text: ['HTML link', 'tab-split link', 'spaced link'],
    },
  },
  {
    file: 'data-link.md',
    holds: 'data: links and images',
    published: { title: 'Links to data: URLs', text: ['HTML data link'] },
  },
  {
    file: 'event-attributes.md',
    holds: 'on*= attributes on p, img, a, svg, details, input, body',
    published: {
      title: 'Event handler attributes',
      text: ['A paragraph with a click handler.', 'link with handlers'],
      hrefs: ['https://example.org/'],
      srcs: ['https://site.test/event-attributes/photo.jpg'],
    },
  },
  {
    file: 'unknown-field.md',
    holds: 'unknown fields "author" and "colour"',
    published: { title: 'An article with unknown fields' },
    warnings: ['author: unknown field, ignored (did you mean "authors"?)', 'colour: unknown field, ignored'],
  },
  // Deep nesting: refused rather than silently cut (README, "Writing articles").
  {
    file: 'deep-blockquotes.md',
    holds: '5,000 nested blockquotes on one line',
    skipped: [{ field: 'body', reason: 'Markdown nested 5000 levels deep at body line 1; at most 32' }],
  },
  {
    file: 'deep-list.md',
    holds: '5,000 nested list levels on one line',
    skipped: [{ field: 'body', reason: 'Markdown nested 5000 levels deep at body line 1; at most 32' }],
  },
  {
    // Found by this table: nesting by indentation, one item per line, was once measured as depth 1 and
    // markdown-it (maxNesting 96) silently dropped "level 47" to "level 99". deepestNesting now counts it.
    file: 'deep-indented-list.md',
    holds: '100 nested list levels, one per line, by indentation',
    skipped: [{ field: 'body', reason: 'Markdown nested 100 levels deep at body line 100; at most 32' }],
  },
];

/** Describes the expected outcome in the test name, so the report reads like a specification. */
function outcome(c: Case): string {
  if (c.published) {
    const warned = c.warnings ? `, with ${c.warnings.length} warning(s)` : '';
    return `published as "${c.published.title}"${warned}`;
  }
  const problems = (c.skipped ?? []).map((p) => {
    const reason = typeof p.reason === 'string' ? p.reason : p.reason((name) => `…/${name}`);
    return `${p.field ? `${p.field}: ` : ''}${reason}`;
  });
  return `skipped: ${problems.join('; ')}`;
}

const defaultId = (file: string) => `tag:site.test,2025:${file.slice(0, -3)}`;

function expectedMessages(c: Case, fileOf: (name: string) => string): string[] {
  return (c.skipped ?? []).map((p) => {
    const reason = typeof p.reason === 'string' ? p.reason : p.reason(fileOf);
    return `${fileOf(c.file)}: ${p.field ? `${p.field}: ` : ''}${reason}`;
  });
}

/** What one way of running the pipeline produced, in the shape the assertions need. */
interface Run {
  fileOf: (name: string) => string;
  /** `<file>: <field>: <reason>` for every skipped problem, in report order. */
  skipped: string[];
  /** Every warning message. */
  warnings: string[];
  /** Every line people read (CLI stdout and stderr; the summary's messages). */
  report: string[];
  exitCode: number;
  /** Every feed file written: `rss.xml`, `categories/politics/atom.xml`, … */
  paths: string[];
  read: (feedPath: string) => string | undefined;
}

let contentDir: string;
const runs = new Map<string, Run>();
let validate: { code: number; out: string[]; err: string[] };
let loadedAlone: { skipped: string[]; warnings: string[] };

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const lines = (sink: string[]) => (text: string) => sink.push(...text.split('\n'));
  const code = await main(args, { out: lines(out), err: lines(err) });
  return { code, out, err };
}

const messageOf = (s: { file: string; field?: string; reason: string }) =>
  `${s.file}: ${s.field ? `${s.field}: ` : ''}${s.reason}`;
const messageOfRefused = (r: { path: string; reason: string }) => `${r.path}: ${r.reason}`;
const isFeedFile = (p: string) => /(?:^|\/)(?:rss\.xml|atom\.xml|feed\.json)$/.test(p);

beforeAll(async () => {
  // A temp copy of the fixture folder plus the generated files: the repository keeps plain text only.
  contentDir = await mkdtemp(path.join(tmpdir(), 'feedwright-bad-articles-'));
  await cp(FIXTURES, contentDir, { recursive: true });
  const articlesDir = path.join(contentDir, 'articles');
  for (const c of CASES) {
    if (c.generate) await writeFile(path.join(articlesDir, c.file), c.generate());
  }

  // 1. The real CLI, building into a folder.
  const out = path.join(contentDir, 'out');
  const build = await cli(['build', '--content', contentDir, '--out', out, '--now', NOW]);
  const built = new Map<string, string>();
  for (const entry of await readdir(out, { recursive: true })) {
    const p = entry.split(path.sep).join('/');
    if (isFeedFile(p)) built.set(p, await readFile(path.join(out, entry), 'utf8'));
  }
  const after = (prefix: string) => (l: string) => (l.startsWith(prefix) ? [l.slice(prefix.length)] : []);
  runs.set('CLI build', {
    exitCode: build.code,
    fileOf: (name) => path.join(articlesDir, name),
    skipped: build.out.flatMap(after('  skipped ')),
    warnings: build.out.flatMap(after('  warning ')),
    report: [...build.out, ...build.err],
    paths: [...built.keys()].sort(),
    read: (p) => built.get(p),
  });
  validate = await cli(['validate', '--content', contentDir]);

  // 2. loadArticles + publishFeeds: the same bytes from a memory source, feeds to the memory target.
  const files: Record<string, Uint8Array> = {};
  for (const name of await readdir(articlesDir)) files[name] = await readFile(path.join(articlesDir, name));
  const config = await loadSiteConfig(contentDir);
  const source = createMemorySource(files);
  const collection = await loadArticles(source, config);
  const target = createMemoryTarget();
  const summary = await publishFeeds({ source, target, now: () => new Date(NOW) }, config);
  loadedAlone = {
    skipped: collection.skipped.map(messageOf),
    warnings: collection.warnings.map((w) => w.message),
  };
  const skipped = summary.articles.skipped.map(messageOf);
  runs.set('loadArticles + publishFeeds (memory target)', {
    exitCode: summary.ok ? 0 : 1,
    fileOf: (name) => `memory:${name}`,
    skipped,
    warnings: summary.articles.warnings,
    report: [
      ...skipped,
      ...summary.articles.warnings,
      ...summary.warnings,
      ...summary.files.refused.map(messageOfRefused),
    ],
    paths: [...target.objects.keys()].filter(isFeedFile).sort(),
    read: (p) => target.objects.get(p)?.body,
  });
}, 120_000);

const RUN_NAMES = ['CLI build', 'loadArticles + publishFeeds (memory target)'] as const;
function run(name: string) {
  const r = runs.get(name);
  if (!r) throw new Error(`${name} did not run`);
  const read = (p: string) => {
    const body = r.read(p);
    if (body === undefined) throw new Error(`${name}: nothing published at ${p}`);
    return body;
  };
  return { ...r, read };
}

// ---------------------------------------------------------------------------
// Reading items back out of the three formats
// ---------------------------------------------------------------------------

interface FeedItem {
  id: string;
  title: string;
  html: string;
  summary?: string;
}

/** HTML text as a reader shows it: entities decoded, tags gone. */
const htmlText = (html: string) => DomUtils.textContent(parseDocument(html));

function itemsOf(feedPath: string, body: string): FeedItem[] {
  if (feedPath.endsWith('feed.json')) {
    const json = JSON.parse(body) as {
      items: Array<{ id: string; title: string; content_html: string; summary?: string }>;
    };
    return json.items.map((i) => ({ id: i.id, title: i.title, html: i.content_html, summary: i.summary }));
  }
  const root = parseXml(body);
  if (feedPath.endsWith('rss.xml')) {
    return childrenNamed(child(root, 'channel'), 'item').map((item) => ({
      id: child(item, 'guid').text,
      title: child(item, 'title').text,
      html: child(item, `${NS.content} encoded`).text,
      summary: htmlText(child(item, 'description').text),
    }));
  }
  return childrenNamed(root, `${NS.atom} entry`).map((entry) => {
    const text = (e: XmlElement) => (e.attributes.type === 'html' ? htmlText(e.text) : e.text);
    const summary = entry.children.find((c) => c.name === `${NS.atom} summary`);
    return {
      id: child(entry, `${NS.atom} id`).text,
      title: text(child(entry, `${NS.atom} title`)),
      html: child(entry, `${NS.atom} content`).text,
      ...(summary ? { summary: text(summary) } : {}),
    };
  });
}

const HOSTILE_ELEMENTS = new Set(
  ['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input'].concat([
    'button',
    'textarea',
    'svg',
    'math',
    'base',
    'meta',
    'link',
    'body',
    'details',
    'template',
    'noscript',
  ]),
);

/** README's promise for content HTML: no script, style, frames, objects, forms, on* or javascript:/data: URLs. */
function hostileParts(html: string): string[] {
  const problems: string[] = [];
  const visit = (nodes: ReturnType<typeof parseDocument>['children']) => {
    for (const node of nodes) {
      if (!DomUtils.isTag(node)) continue;
      if (HOSTILE_ELEMENTS.has(node.name)) problems.push(`<${node.name}>`);
      for (const [name, value] of Object.entries(node.attribs)) {
        if (name.startsWith('on') || name === 'style') problems.push(`<${node.name} ${name}>`);
        if (['href', 'src', 'cite'].includes(name)) {
          // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers strip exactly these characters
          const trimmed = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
          const scheme = URL.canParse(trimmed) ? new URL(trimmed).protocol : 'relative';
          if (!['http:', 'https:', 'mailto:'].includes(scheme))
            problems.push(`<${node.name} ${name}="${value}">`);
        }
      }
      visit(node.children);
    }
  };
  visit(parseDocument(html).children);
  return problems;
}

function attributeValues(html: string, tag: string, attribute: string): string[] {
  return DomUtils.getElementsByTagName(tag, parseDocument(html).children)
    .map((e) => e.attribs[attribute])
    .filter((v): v is string => v !== undefined);
}

// ---------------------------------------------------------------------------
// The specification, one row per fixture
// ---------------------------------------------------------------------------

describe(`the bad-articles collection: ${CASES.length} fixture files`, () => {
  it('has exactly one table row per article file, and site.yml is the tests’ site', async () => {
    const onDisk = await readdir(path.join(contentDir, 'articles'));
    expect(onDisk.sort()).toEqual(CASES.map((c) => c.file).sort());
    expect(await readFile(path.join(FIXTURES, 'site.yml'), 'utf8')).toBe(SITE_YAML);
    // Generated bytes stay out of the repository.
    const committed = await readdir(path.join(FIXTURES, 'articles'));
    expect(committed.sort()).toEqual(
      CASES.filter((c) => !c.generate)
        .map((c) => c.file)
        .sort(),
    );
  });
});

describe.each(RUN_NAMES)('%s', (runName) => {
  it('finishes without a crash: exit code 0, every feed written', () => {
    const r = run(runName);
    expect(r.exitCode).toBe(0);
    expect(r.paths).toEqual(expect.arrayContaining(['rss.xml', 'atom.xml', 'feed.json']));
  });

  it('prints no stack trace', () => {
    const traces = run(runName).report.filter((line) => /^\s+at /.test(line));
    expect(traces).toEqual([]);
  });

  it('reports no file that is not in the table, and no problem twice', () => {
    const r = run(runName);
    const known = new Set(CASES.map((c) => r.fileOf(c.file)));
    const files = [...r.skipped, ...r.warnings].map((m) => m.slice(0, m.indexOf('.md: ') + 3));
    expect(files.filter((f) => !known.has(f))).toEqual([]);
    expect(r.skipped.filter((m, i) => r.skipped.indexOf(m) !== i)).toEqual([]);
  });

  it('writes only well-formed feeds with no W3C validator errors or warnings', () => {
    const r = run(runName);
    const findings: string[] = [];
    for (const p of r.paths) {
      const body = r.read(p);
      if (p.endsWith('feed.json')) {
        expect(JSON.parse(body).version, p).toBe('https://jsonfeed.org/version/1.1');
        continue;
      }
      expect(() => parseXml(body), p).not.toThrow();
      for (const f of checkFeed(body, { selfUrl: new URL(p, FEEDS_URL).href }))
        findings.push(`${p}: ${f.level} ${f.rule}: ${f.message}`);
    }
    expect(findings).toEqual([]);
  });

  it.each(CASES.map((c) => [`${c.file} (${c.holds}): ${outcome(c)}`, c] as const))('%s', (_, c) => {
    const r = run(runName);
    const file = r.fileOf(c.file);
    const mine = (m: string) => m.startsWith(`${file}: `);

    // Every problem once, with its exact message; warnings likewise.
    const expected = expectedMessages(c, r.fileOf);
    expect(r.skipped.filter(mine)).toEqual(expected);
    for (const message of expected) expect(r.report.filter((l) => l.includes(message))).toHaveLength(1);
    expect(r.warnings.filter(mine)).toEqual((c.warnings ?? []).map((w) => `${file}: ${w}`));
    if (runName === 'CLI build') {
      // `feedwright validate` names the same problems, as errors and warnings.
      expect(validate.err.filter((l) => l.startsWith(`error ${file}: `))).toEqual(
        expected.map((m) => `error ${m}`),
      );
      expect(validate.err.filter((l) => l.startsWith(`warning ${file}: `))).toEqual(
        (c.warnings ?? []).map((w) => `warning ${file}: ${w}`),
      );
    }

    const mainItems = ['rss.xml', 'atom.xml', 'feed.json'].map((p) => ({ p, items: itemsOf(p, r.read(p)) }));
    if (!c.published) {
      // Skipped: in no feed. (A duplicate id's item is the good article's, checked in its own row.)
      if (c.skipped?.[0]?.field !== 'id') {
        for (const { p, items } of mainItems)
          expect(
            items.map((i) => i.id),
            p,
          ).not.toContain(defaultId(c.file));
      }
      return;
    }

    const item = c.published;
    for (const dir of item.feeds ?? ['', 'authors/test-desk/']) {
      for (const format of ['rss.xml', 'atom.xml', 'feed.json']) {
        const p = `${dir}${format}`;
        const found = itemsOf(p, r.read(p)).filter((i) => i.id === defaultId(c.file));
        expect(
          found.map((i) => i.title),
          p,
        ).toEqual([item.title]);
        const [published] = found;
        if (!published) continue;
        expect(hostileParts(published.html), p).toEqual([]);
        expect(published.html, p).not.toContain('\r');
        const text = htmlText(published.html);
        for (const t of item.text ?? []) expect(text, p).toContain(t);
        for (const t of item.goneText ?? []) expect(text, p).not.toContain(t);
        for (const href of item.hrefs ?? [])
          expect(attributeValues(published.html, 'a', 'href'), p).toContain(href);
        for (const src of item.srcs ?? [])
          expect(attributeValues(published.html, 'img', 'src'), p).toContain(src);
        if (item.summary !== undefined) expect(published.summary, p).toBe(item.summary);
      }
    }
  });
});

describe('loadArticles on its own', () => {
  it('reports exactly the problems and warnings publishFeeds reports', () => {
    const r = run('loadArticles + publishFeeds (memory target)');
    expect(loadedAlone).toEqual({ skipped: r.skipped, warnings: r.warnings });
  });
});

describe('feedwright validate on the same folder', () => {
  it('exits 1, names only files of the table, each problem once, and no stack trace', () => {
    const fileOf = (name: string) => path.join(contentDir, 'articles', name);
    const known = new Set(CASES.map((c) => fileOf(c.file)));
    expect(validate.code).toBe(1);
    const lines = validate.err.filter((l) => l !== '');
    expect(lines.filter((l) => !/^(?:error|warning) /.test(l))).toEqual([]);
    const fileOfLine = (l: string) => l.slice(l.indexOf(' ') + 1, l.indexOf('.md: ') + 3);
    expect(lines.filter((l) => !known.has(fileOfLine(l)))).toEqual([]);
    expect(lines.filter((l, i) => lines.indexOf(l) !== i)).toEqual([]);
  });
});
