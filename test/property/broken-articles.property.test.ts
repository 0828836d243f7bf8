/**
 * Properties of the whole pipeline over generated collections: every valid article is published with
 * its title intact, whatever Unicode it holds; one broken article among valid neighbours is skipped
 * with a message naming its file (and field, when one field is at fault), or published when the
 * damage is benign; the neighbours are always published; nothing throws.
 */
import fc from 'fast-check';
import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { deepestNesting, MAX_MARKDOWN_NESTING } from '../../functions/lib/articles/nesting.js';
import { cleanText } from '../../functions/lib/articles/text.js';
import type { RunSummary } from '../../functions/lib/pipeline.js';
import { articleText, runInMemory } from '../support/fixtures.js';
import { child, childrenNamed, NS, parseXml } from '../support/xml.js';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
// Each run builds every feed of a small collection; generous so PROPERTY_RUNS=2000 fits.
const TIMEOUT = 30_000 + NUM_RUNS * 400;
const NOW = new Date('2026-01-01T00:00:00Z');

// ---------------------------------------------------------------------------
// Valid articles
// ---------------------------------------------------------------------------

/** Text of any kind: scripts, emoji, combining marks, controls, quotes, markup, lone surrogates. */
const mixedText = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({
      unit: fc.constantFrom(
        ...['a', 'Z', '7', ' ', '\t', '\n', '\u00a0', '\u200b', '\ufeff', '\u0000', '\u0007', '\u0085'],
        ...['é', 'e\u0301', 'ß', 'İ', '中', 'ش', 'ע', '🙂', '👩🏽‍💻', '\ud800', '\udfff', '\ufffe', '\ufdd0'],
        ...['<', '>', '&', '&amp;', '"', "'", '`', ']]>', '<![CDATA[', '<b>', '#', '*', ':', '- ', '---'],
      ),
      maxLength,
    }),
  );

/** What the parser makes of a text field: XML-unsafe characters removed, then trimmed. */
const asPublished = (text: string) => cleanText(text).trim();

const title = mixedText(80).filter((t) => {
  const published = asPublished(t);
  return published.length > 0 && published.length <= 1000;
});
const label = mixedText(30).filter((t) => {
  const published = asPublished(t).replace(/\s+/g, ' ');
  return published.length > 0 && published.length <= 100 && !/[<>]/.test(published);
});
const authorName = mixedText(30).filter((t) => asPublished(t).length > 0);
const author = fc.oneof(
  authorName,
  fc.record(
    {
      name: authorName,
      email: fc.constantFrom('desk@site.test', 'a.b+c@example.org'),
      url: fc.constantFrom('https://site.test/people/a', 'http://example.org/~b'),
    },
    { requiredKeys: ['name'] },
  ),
);
const body = fc
  .oneof(
    mixedText(200),
    fc.constantFrom(
      'Plain body.\n',
      '# Heading\n\nText with *em* and [a link](../x/).\n',
      '> quote\n\n- a\n- b\n',
    ),
  )
  // Fences in the body would end the front matter early once a corruption removes the real one.
  .filter((b) => !/^(?:---|\.\.\.)[ \t]*$/m.test(cleanText(b).replace(/^\uFEFF/, '')))
  .filter((b) => deepestNesting(cleanText(b)).depth <= MAX_MARKDOWN_NESTING);

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');
const SHAPES = ['Z', 'offset', 'compact offset', 'fraction', 'no offset', 'space', 'date only'] as const;

/** `instant` as ISO 8601 text in one of the shapes front matter accepts; the site's time zone is UTC. */
function isoText(instant: number, offsetMinutes: number, shape: (typeof SHAPES)[number]): string {
  const offset = ['offset', 'compact offset', 'fraction'].includes(shape) ? offsetMinutes : 0;
  const wall = new Date(instant + offset * 60_000);
  const day = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  const time = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  switch (shape) {
    case 'Z':
      return `${day}T${time}Z`;
    case 'offset':
      return `${day}T${time}${zone}`;
    case 'compact offset':
      return `${day}T${time}${zone.replace(':', '')}`;
    case 'fraction':
      return `${day}T${time}.${pad(wall.getUTCMilliseconds(), 3)}${zone}`;
    case 'no offset':
      return `${day}T${time}`;
    case 'space':
      return `${day} ${time.slice(0, 5)}`;
    case 'date only':
      return day;
  }
}

/**
 * A date between 1971 and late 2025 (before NOW). `instant` is never earlier than what the text
 * means (shapes without seconds or time round down), so `instant + delay` is a valid `updated`.
 */
const isoDate = fc
  .record({
    instant: fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2025, 10, 30) }),
    offsetMinutes: fc.integer({ min: -12 * 60, max: 14 * 60 }),
    shape: fc.constantFrom(...SHAPES),
  })
  .map(({ instant, offsetMinutes, shape }) => ({ instant, text: isoText(instant, offsetMinutes, shape) }));

interface ValidFields {
  title: string;
  date: string;
  updated?: string;
  summary?: string;
  authors?: unknown;
  categories?: unknown;
  tags?: unknown;
}

const validFields: fc.Arbitrary<ValidFields> = fc
  .record(
    {
      title,
      date: isoDate,
      updatedAfter: fc.integer({ min: 0, max: 400 * 86_400_000 }),
      summary: mixedText(120),
      authors: fc.oneof(author, fc.array(author, { maxLength: 3 })),
      categories: fc.oneof(label, fc.array(label, { maxLength: 4 })),
      tags: fc.oneof(label, fc.array(label, { maxLength: 4 })),
    },
    { requiredKeys: ['title', 'date'] },
  )
  .map(({ date, updatedAfter, ...fields }) => {
    if (updatedAfter === undefined) return { ...fields, date: date.text };
    // Held before NOW, so no embargo applies.
    const updated = Math.min(date.instant + updatedAfter, Date.UTC(2025, 11, 31));
    return { ...fields, date: date.text, updated: new Date(updated).toISOString() };
  });

const validArticle = fc.record({ fields: validFields, body });

// ---------------------------------------------------------------------------
// Reading the main feed back
// ---------------------------------------------------------------------------

const idOf = (name: string) => `tag:site.test,2025:${name}`;

/** Title of each item by id, in every format of the main feed, as a reader decodes it. */
function titlesById(read: (path: string) => string): Record<string, Map<string, string>> {
  const json = JSON.parse(read('feed.json')) as { items: Array<{ id: string; title: string }> };
  const rss = childrenNamed(child(parseXml(read('rss.xml')), 'channel'), 'item');
  const atom = childrenNamed(parseXml(read('atom.xml')), `${NS.atom} entry`);
  const atomTitle = (entry: (typeof atom)[number]) => {
    const t = child(entry, `${NS.atom} title`);
    return t.attributes.type === 'html' ? DomUtils.textContent(parseDocument(t.text)) : t.text;
  };
  return {
    'feed.json': new Map(json.items.map((i) => [i.id, i.title])),
    'rss.xml': new Map(rss.map((i) => [child(i, 'guid').text, child(i, 'title').text])),
    'atom.xml': new Map(atom.map((e) => [child(e, `${NS.atom} id`).text, atomTitle(e)])),
  };
}

function expectPublished(
  summary: RunSummary,
  titles: ReturnType<typeof titlesById>,
  name: string,
  expectedTitle: string,
) {
  for (const [format, byId] of Object.entries(titles)) {
    expect(byId.get(idOf(name)), `${name} in ${format}`).toBe(expectedTitle);
  }
  expect(summary.articles.skipped.filter((s) => s.file === `memory:${name}.md`)).toEqual([]);
}

describe('valid articles with any Unicode text', () => {
  it(
    'are all published, each with its title (XML-unsafe characters removed, trimmed) in every format',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(validArticle, { minLength: 1, maxLength: 5 }), async (articles) => {
          const files = Object.fromEntries(
            articles.map((a, i) => [`valid-${i}.md`, articleText({ ...a.fields }, a.body)]),
          );
          const { summary, body } = await runInMemory(files, { now: NOW });
          expect(summary.articles.skipped).toEqual([]);
          expect(summary.articles.warnings).toEqual([]);
          expect(summary.ok).toBe(true);
          expect(summary.articles.live).toBe(articles.length);
          const titles = titlesById(body);
          articles.forEach((a, i) => {
            expectPublished(summary, titles, `valid-${i}`, asPublished(a.fields.title));
          });
        }),
        { numRuns: NUM_RUNS },
      );
    },
    TIMEOUT,
  );
});

// ---------------------------------------------------------------------------
// One broken article among valid neighbours
// ---------------------------------------------------------------------------

/** What the run must say about the corrupted file. */
type Expectation =
  | { skipped: { field: string | undefined; reason: string | RegExp } }
  | { published: { title: string; warning?: string } };

interface Corruption {
  name: string;
  /** `dice` are random naturals for the corruption's own choices (where to cut, which junk). */
  apply: (
    fields: ValidFields,
    body: string,
    dice: [number, number],
  ) => { file: string | Uint8Array; expect: Expectation };
}

const encode = (text: string) => new TextEncoder().encode(text);
/** A die roll mapped to min..max inclusive. */
const between = (die: number, min: number, max: number) => min + (die % (Math.max(min, max) - min + 1));
const pick = <T>(die: number, items: readonly T[]): T => items[die % items.length] as T;

const CORRUPTIONS: Corruption[] = [
  {
    name: 'truncate the front matter',
    apply: (fields, body, [die]) => {
      const text = articleText({ ...fields }, body);
      const close = text.indexOf('\n---\n', 3) + 1;
      return {
        file: text.slice(0, between(die, 4, close - 1)),
        expect: { skipped: { field: undefined, reason: 'front matter is never closed with a "---" line' } },
      };
    },
  },
  {
    name: 'drop the closing fence',
    apply: (fields, body) => {
      const text = articleText({ ...fields }, body);
      const close = text.indexOf('\n---\n', 3) + 1;
      return {
        file: text.slice(0, close) + text.slice(close + 4),
        expect: { skipped: { field: undefined, reason: 'front matter is never closed with a "---" line' } },
      };
    },
  },
  {
    name: 'replace the date with junk',
    apply: (fields, body, [die]) => {
      const junk = [
        '14/04/2025',
        'yesterday',
        '2025-02-30',
        '2025-13-01',
        '2025-04-14T24:00',
        '2025-4-1',
        'now',
      ];
      const date = pick(die, junk);
      return {
        file: articleText({ ...fields, date }, body),
        expect: { skipped: { field: 'date', reason: `${JSON.stringify(date)} is not an ISO 8601 date` } },
      };
    },
  },
  {
    name: 'make the title a list',
    apply: (fields, body) => ({
      file: articleText({ ...fields, title: [fields.title, 'second half'] }, body),
      expect: { skipped: { field: 'title', reason: 'must be text' } },
    }),
  },
  {
    name: 'inject bytes that are not UTF-8',
    apply: (fields, body, [die, other]) => {
      const bytes = encode(articleText({ ...fields }, body));
      const at = between(die, 0, bytes.length);
      const invalid = [
        [0xff],
        [0xc3, 0x28],
        [0xe2, 0x82],
        [0xed, 0xa0, 0x80],
        [0xf8, 0x88, 0x80, 0x80, 0x80],
      ];
      const inject = pick(other, invalid);
      return {
        file: new Uint8Array([...bytes.subarray(0, at), ...inject, ...bytes.subarray(at)]),
        expect: { skipped: { field: undefined, reason: 'the file is not valid UTF-8 text' } },
      };
    },
  },
  {
    name: 'add an unknown field (a warning only)',
    apply: (fields, body) => ({
      file: articleText({ ...fields, colour: 'blue' }, body),
      expect: { published: { title: asPublished(fields.title), warning: 'colour: unknown field, ignored' } },
    }),
  },
  {
    name: 'duplicate a key',
    apply: (fields, body) => {
      const text = articleText({ ...fields }, body);
      const close = text.indexOf('\n---\n', 3) + 1;
      return {
        file: `${text.slice(0, close)}title: Again\n${text.slice(close)}`,
        expect: {
          skipped: {
            field: undefined,
            reason: /^malformed YAML \(front matter line \d+\): Map keys must be unique/,
          },
        },
      };
    },
  },
  {
    name: 'make the title huge',
    apply: (fields, body, [die]) => ({
      file: articleText({ ...fields, title: 'T'.repeat(between(die, 1001, 20_000)) }, body),
      expect: { skipped: { field: 'title', reason: 'is longer than 1,000 characters' } },
    }),
  },
  {
    // One line of container markers; deep nesting by indentation is a fixture case (deep-indented-list.md).
    name: 'nest the body deeper than 32 levels',
    apply: (fields, body, [die, other]) => {
      const depth = between(die, MAX_MARKDOWN_NESTING + 1, 5000);
      const markers = Array.from({ length: depth }, (_, i) =>
        pick(other + i * 7, ['> ', '- ', '* ', '+ ', '1. ']),
      );
      return {
        file: articleText({ ...fields }, `${markers.join('')}deep\n${body}`),
        expect: {
          skipped: {
            field: 'body',
            reason: `Markdown nested ${depth} levels deep at body line 1; at most ${MAX_MARKDOWN_NESTING}`,
          },
        },
      };
    },
  },
  {
    name: 'add a byte order mark (benign)',
    apply: (fields, body) => ({
      file: `\uFEFF${articleText({ ...fields }, body)}`,
      expect: { published: { title: asPublished(fields.title) } },
    }),
  },
  {
    name: 'use CRLF line endings (benign)',
    apply: (fields, body) => ({
      file: articleText({ ...fields }, body).replace(/\n/g, '\r\n'),
      expect: { published: { title: asPublished(fields.title) } },
    }),
  },
];

describe('one broken article among valid neighbours', () => {
  it(
    'never throws: the broken one is skipped naming its file (and field), or published when benign; the neighbours always are',
    async () => {
      const scenario = fc.record({
        neighbours: fc.array(validArticle, { minLength: 1, maxLength: 3 }),
        victim: validArticle,
        corruption: fc.constantFrom(...CORRUPTIONS),
        position: fc.nat(3),
        dice: fc.tuple(fc.nat(), fc.nat()),
      });
      await fc.assert(
        fc.asyncProperty(scenario, async ({ neighbours, victim, corruption, position, dice }) => {
          const { file, expect: expected } = corruption.apply(victim.fields, victim.body, dice);
          // Files list in name order: the broken one sorts anywhere among its neighbours.
          const letter = (i: number) => String.fromCharCode(97 + i);
          const victimName = `${letter(Math.min(position, neighbours.length))}-broken`;
          const files: Record<string, string | Uint8Array> = { [`${victimName}.md`]: file };
          neighbours.forEach((n, i) => {
            files[`${letter(i)}-valid.md`] = articleText({ ...n.fields }, n.body);
          });

          const { summary, body } = await runInMemory(files, { now: NOW });
          const titles = titlesById(body);
          expect(summary.ok).toBe(true);
          neighbours.forEach((n, i) => {
            expectPublished(summary, titles, `${letter(i)}-valid`, asPublished(n.fields.title));
          });
          expect(summary.articles.live).toBe(neighbours.length + ('published' in expected ? 1 : 0));

          const victimFile = `memory:${victimName}.md`;
          const problems = summary.articles.skipped.filter((s) => s.file === victimFile);
          expect(summary.articles.skipped.filter((s) => s.file !== victimFile)).toEqual([]);
          if ('published' in expected) {
            expect(problems).toEqual([]);
            expectPublished(summary, titles, victimName, expected.published.title);
            const warnings = expected.published.warning
              ? [`${victimFile}: ${expected.published.warning}`]
              : [];
            expect(summary.articles.warnings).toEqual(warnings);
            return;
          }
          expect(problems).toHaveLength(1);
          const [problem] = problems;
          expect(problem?.field).toBe(expected.skipped.field);
          // As people read it: `<file>: <field>: <reason>`, or `<file>: <reason>` when the whole file is bad.
          const where = expected.skipped.field
            ? `${victimFile}: ${expected.skipped.field}: `
            : `${victimFile}: `;
          const message = problem
            ? `${problem.file}: ${problem.field ? `${problem.field}: ` : ''}${problem.reason}`
            : '';
          expect(message.slice(0, where.length)).toBe(where);
          if (typeof expected.skipped.reason === 'string')
            expect(problem?.reason).toBe(expected.skipped.reason);
          else expect(problem?.reason).toMatch(expected.skipped.reason);
          for (const byId of Object.values(titles)) expect(byId.has(idOf(victimName))).toBe(false);
        }),
        { numRuns: NUM_RUNS },
      );
    },
    TIMEOUT,
  );
});
