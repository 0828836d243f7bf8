/**
 * The front matter fast path: for the plain front matter it reads, it gives
 * exactly what the full yaml parser gives (core schema, unique keys), and for
 * anything else it answers undefined so that the full parser takes over.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { parseFrontMatterYaml, splitFrontMatter } from '../../functions/lib/articles/front-matter.js';
import { parsePlainFrontMatter, resolvePlainScalar } from '../../functions/lib/articles/front-matter-fast.js';
import { generateCollection } from '../../scripts/corpus.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const PROPERTY_RUNS = Math.max(2000, Number(process.env.PROPERTY_RUNS ?? 0));
// Each run parses once with each parser, well under a millisecond; generous for PROPERTY_RUNS=100000.
const PROPERTY_TIMEOUT = 30_000 + PROPERTY_RUNS * 2;

/** What the full parser makes of the text: the reference the fast path must match. */
function fullParse(yaml: string): { errors: readonly unknown[]; value: unknown } {
  const doc = parseDocument(yaml, { schema: 'core', uniqueKeys: true });
  return { errors: doc.errors, value: doc.toJS({ maxAliasCount: 100 }) };
}

/**
 * Where two parsed values first differ, or undefined when they are the same:
 * same prototypes, own keys in the same order with the same property
 * attributes, and leaves equal by Object.is (so -0 differs from 0 and NaN
 * equals NaN).
 */
function firstDifference(a: unknown, b: unknown, at = '$'): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b) ? undefined : `${at}: ${String(a)} vs ${String(b)}`;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at}: different prototypes`;
  const keysA = Reflect.ownKeys(a);
  const keysB = Reflect.ownKeys(b);
  if (keysA.join('\u0000') !== keysB.join('\u0000')) return `${at}: keys ${keysA.join()} vs ${keysB.join()}`;
  for (const key of keysA) {
    const propertyA = Object.getOwnPropertyDescriptor(a, key);
    const propertyB = Object.getOwnPropertyDescriptor(b, key);
    const where = `${at}.${String(key)}`;
    if (
      propertyA?.writable !== propertyB?.writable ||
      propertyA?.enumerable !== propertyB?.enumerable ||
      propertyA?.configurable !== propertyB?.configurable
    ) {
      return `${where}: different property attributes`;
    }
    const difference = firstDifference(propertyA?.value, propertyB?.value, where);
    if (difference) return difference;
  }
  return undefined;
}

/** True if some mapping in the value has an own `constructor` key, which confuses toStrictEqual's type check. */
function hasConstructorKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (!Array.isArray(value) && Object.hasOwn(value, 'constructor')) return true;
  return Object.values(value).some(hasConstructorKey);
}

/** Asserts that the fast path's value is the full parser's, as toStrictEqual and firstDifference see it. */
function expectSameValue(fast: unknown, full: unknown, yaml: string): void {
  if (!hasConstructorKey(full)) expect(fast, yaml).toStrictEqual(full);
  expect(firstDifference(fast, full), yaml).toBeUndefined();
}

/** Asserts that the fast path answers, with the full parser's value; returns that value. */
function expectFastAndEqual(yaml: string): Record<string, unknown> | undefined {
  const fast = parsePlainFrontMatter(yaml);
  expect(fast, `fast path gave up on:\n${yaml}`).toBeDefined();
  const full = fullParse(yaml);
  expect(full.errors).toEqual([]);
  expectSameValue(fast, full.value, yaml);
  return fast;
}

describe('parsePlainFrontMatter reads plain front matter exactly as the full parser does', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['one key', 'title: Hello', { title: 'Hello' }],
    [
      'plain scalars with inner punctuation',
      'title: Hello, world [draft] {x} a:b a#b it\'s "so"',
      {
        title: 'Hello, world [draft] {x} a:b a#b it\'s "so"',
      },
    ],
    [
      'a URL-like id with colons and commas',
      'id: tag:site.test,2025:talks',
      { id: 'tag:site.test,2025:talks' },
    ],
    [
      'dates and times stay strings',
      'date: 2025-04-14T12:00:00+01:00\nd: 2025-04-14\nt: 12:30',
      {
        date: '2025-04-14T12:00:00+01:00',
        d: '2025-04-14',
        t: '12:30',
      },
    ],
    ['trailing spaces and comments', 'a: b   \nc: d # note\ne: f#g', { a: 'b', c: 'd', e: 'f#g' }],
    [
      'blank lines and comment lines anywhere',
      '\n# top\ntitle: A\n\n   # indented\nslug: a\n',
      {
        title: 'A',
        slug: 'a',
      },
    ],
    ['an empty value is null', 'a:\nb: # nothing\nc:', { a: null, b: null, c: null }],
    ['keys with digits, underscores and dashes', '_a: 1\nb-2: 2\nc_3-d: 3', { _a: 1, 'b-2': 2, 'c_3-d': 3 }],
    [
      'keys that are prototype names become own properties',
      'constructor: 1\ntoString: 2',
      {
        constructor: 1,
        toString: 2,
      },
    ],
    [
      'single quotes',
      "a: 'it''s # not a comment: really'\nb: ''",
      { a: "it's # not a comment: really", b: '' },
    ],
    [
      'double quotes with escapes',
      'a: "say \\"hi\\" \\\\ \\/ \\n\\t\\r\\0 \\x41 \\u00e9 \\U0001F680 \\ud83d\\ude80"',
      {
        a: 'say "hi" \\ / \n\t\r\0 A é 🚀 🚀',
      },
    ],
    ['quoted strings followed by a comment', 'a: "x" # c\nb: \'y\'   ', { a: 'x', b: 'y' }],
    [
      'flow sequences',
      'a: [x, "y z", \'w\', 1, true, ~]\nb: []\nc: [ spaced , out ]',
      {
        a: ['x', 'y z', 'w', 1, true, null],
        b: [],
        c: ['spaced', 'out'],
      },
    ],
    [
      'block sequences, indented or not',
      'a:\n  - x\n  - "y"\n  -\nb:\n- 1\n- [p, q]\nc: 2',
      {
        a: ['x', 'y', null],
        b: [1, ['p', 'q']],
        c: 2,
      },
    ],
    ['comments inside a block sequence', 'a:\n  - x\n# between\n\n  - y # after', { a: ['x', 'y'] }],
    [
      'a block sequence of small mappings (authors)',
      'authors:\n  - name: Amina\n    email: a@site.test\n  - Jean\n  - name: Zoë\n    url:\n',
      { authors: [{ name: 'Amina', email: 'a@site.test' }, 'Jean', { name: 'Zoë', url: null }] },
    ],
    [
      'a one-level nested mapping',
      'image:\n  url: /img/a.jpg\n  alt: "A view"\ndraft: true',
      {
        image: { url: '/img/a.jpg', alt: 'A view' },
        draft: true,
      },
    ],
    [
      'Unicode text',
      'title: déjà vu — مرحبا 🚀 中文\u00a0nbsp',
      { title: 'déjà vu — مرحبا 🚀 中文\u00a0nbsp' },
    ],
  ])('%s', (_name, yaml, expected) => {
    const fast = expectFastAndEqual(yaml);
    if (hasConstructorKey(expected)) expect(firstDifference(fast, expected)).toBeUndefined();
    else expect(fast).toStrictEqual(expected);
  });

  it('resolves plain scalars with the yaml package core schema and its number conversions', () => {
    const cases: [string, unknown][] = [
      ['~', null],
      ['null', null],
      ['Null', null],
      ['NULL', null],
      ['nULL', 'nULL'],
      ['true', true],
      ['True', true],
      ['TRUE', true],
      ['false', false],
      ['tRUE', 'tRUE'],
      ['yes', 'yes'],
      ['no', 'no'],
      ['on', 'on'],
      ['off', 'off'],
      ['y', 'y'],
      ['0', 0],
      ['-0', -0],
      ['+1', 1],
      ['017', 17], // decimal in YAML 1.2, not octal
      ['0o17', 15],
      ['0O17', '0O17'],
      ['0o8', '0o8'],
      ['0x1F', 31],
      ['0X1F', '0X1F'],
      ['-0x1F', '-0x1F'], // no sign on hex or octal in the core schema
      ['12345678901234567890', 12345678901234567000], // parseInt: precision lost, no BigInt
      ['1_000', '1_000'],
      ['1e3', 1000],
      ['1E-3', 0.001],
      ['.5', 0.5],
      ['5.', 5],
      ['-0.0', -0],
      ['+.5e1', 5],
      ['.', '.'],
      ['1e', '1e'],
      ['.inf', Number.POSITIVE_INFINITY],
      ['-.Inf', Number.NEGATIVE_INFINITY],
      ['+.INF', Number.POSITIVE_INFINITY],
      ['.nan', Number.NaN],
      ['.NaN', Number.NaN],
      ['-.nan', '-.nan'],
      ['NaN', 'NaN'],
      ['Infinity', 'Infinity'],
      ['2025-04-14', '2025-04-14'],
      ['12:30', '12:30'],
    ];
    for (const [text, expected] of cases) {
      expect(Object.is(resolvePlainScalar(text), expected), `${text} -> ${String(expected)}`).toBe(true);
      const fast = expectFastAndEqual(`v: ${text}`);
      expect(Object.is(fast?.v, expected), `v: ${text}`).toBe(true);
    }
  });
});

describe('parsePlainFrontMatter gives up on what it does not fully understand', () => {
  it.each<[string, string]>([
    ['an empty document', ''],
    ['a comment-only document', '# nothing\n\n'],
    ['a duplicate key', 'a: 1\na: 2'],
    ['a duplicate key inside an author', 'authors:\n  - name: A\n    name: B'],
    ['a tab in indentation', 'a:\n\t- x'],
    ['a tab anywhere', 'a: x\ty'],
    ['a carriage return', 'a: x\r\nb: y'],
    ['a byte order mark', '\ufeffa: x'],
    ['a control character', 'a: x\u0007'],
    ['a NEL', 'a: x\u0085y'],
    ['an anchor', 'a: &x 1'],
    ['an alias', 'a: *x'],
    ['a tag', 'a: !!str 1'],
    ['a non-specific tag', 'a: ! x'],
    ['a complex key', '? a\n: b'],
    ['a quoted key', '"a": b'],
    ['a key with a space', 'a b: c'],
    ['a key that is null', 'null: x'],
    ['a key that is a boolean', 'True: x'],
    ['a numeric key', '1: x'],
    ['a key too long for the fast path', `${'k'.repeat(129)}: x`],
    ['a space before the colon', 'a : b'],
    ['no space after the colon', 'a:b'],
    ['a literal block scalar', 'a: |\n  text'],
    ['a folded block scalar', 'a: >\n  text'],
    ['a multi-line plain scalar', 'a: one\n  two'],
    ['a multi-line double-quoted scalar', 'a: "one\n  two"'],
    ['an escaped line break', 'a: "one\\\n  two"'],
    ['an unknown escape', 'a: "\\q"'],
    ['a multi-line single-quoted scalar', "a: 'one\n  two'"],
    ['a flow mapping', 'a: {b: 1}'],
    ['a nested flow sequence', 'a: [b, [c]]'],
    ['a pair in a flow sequence', 'a: [b: c]'],
    ['a trailing comma in a flow sequence', 'a: [b, ]'],
    ['an empty entry in a flow sequence', 'a: [b, , c]'],
    ['a comment in a flow sequence', 'a: [b #c\n]'],
    ['a flow sequence over two lines', 'a: [b,\n  c]'],
    ['text after a flow sequence', 'a: [b] c'],
    ['text after a quoted scalar', 'a: "b" c'],
    ['a comment without a space after a quote', 'a: "b"#c'],
    ['a mapping in a plain value', 'a: b: c'],
    ['a value ending with a colon', 'a: b:'],
    ['a sequence on the key line', 'a: - b'],
    ['a lone dash value', 'a: -'],
    ['a question mark value', 'a: ?'],
    ['a reserved @', 'a: @x'],
    ['a reserved backtick', 'a: `x`'],
    ['a directive character', 'a: %x'],
    ['a document start marker', '---\na: 1'],
    ['a document end marker', 'a: 1\n...'],
    ['a directive', '%YAML 1.2\n---\na: 1'],
    ['a top-level sequence', '- a\n- b'],
    ['a top-level scalar', 'just text'],
    ['an indented first key', '  a: 1'],
    ['a stray sequence item after a scalar', 'a: 1\n- b'],
    ['mis-aligned sequence items', 'a:\n  - b\n    - c'],
    ['a sequence item continued on the next line', 'a:\n  - b\n    c'],
    ['a sequence item holding a sequence', 'a:\n  - - b'],
    ['an empty sequence item followed by a nested block', 'a:\n  -\n    b'],
    ['a mis-aligned author field', 'authors:\n  - name: A\n     email: b'],
    ['an author field holding a sequence', 'authors:\n  - name:\n    - A'],
    ['a two-level nested mapping', 'image:\n  size:\n    w: 1'],
    ['a nested mapping field holding a block sequence', 'image:\n  tags:\n  - a'],
  ])('%s', (_name, yaml) => {
    expect(parsePlainFrontMatter(yaml)).toBeUndefined();
  });
});

describe('parseFrontMatterYaml with the fast path in front', () => {
  it('answers plain front matter with the same value', () => {
    expect(parseFrontMatterYaml('title: A\ntags: [x, y]')).toStrictEqual({
      ok: true,
      value: { title: 'A', tags: ['x', 'y'] },
    });
  });

  it('still words the full parser errors for what the fast path refuses', () => {
    const result = parseFrontMatterYaml('title: A\ntitle: B');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.reason).toMatch(/^malformed YAML \(front matter line 2\): Map keys must be unique/);
  });

  it('still reads what only the full parser understands', () => {
    expect(parseFrontMatterYaml('a: &x 1\nb: *x')).toStrictEqual({ ok: true, value: { a: 1, b: 1 } });
  });
});

// ---------------------------------------------------------------------------
// Property: whenever the fast path answers, it answers what the full parser does.

/** One entry per line: keeps long pools of YAML snippets readable (the formatter puts array items one a line). */
const oneALine = (text: string): string[] => text.split('\n').slice(1, -1);

/** Raw YAML text for a value that the fast path should read, including the core schema's traps. */
const HANDLED_VALUES = [
  ...oneALine(`
yes
no
on
off
y
true
False
TRUE
tRUE
null
Null
NULL
nULL
~
0
-0
+0
-0.0
017
0o17
0o8
0O17
0x1F
0X1F
-0x1
1e3
1E-3
1e
.5
5.
+1
+.5e1
.
..
1_000
1,000
12345678901234567890
1.5.6
.inf
-.Inf
+.INF
.nan
.NaN
-.nan
NaN
Infinity
2025-04-14
2025-04-14T12:00:00+01:00
12:30
tag:site.test,2025:x
http://x.test/a?b=c#d
C++
c#
Q&A
a, b
a ,b
a:b
a :b
a#b
a # b
a  #  b
-a
--
a\\b
'quoted'
'it''s'
''
'a' # c
'a: b'
"a \\"b\\""
""
"a" # c
"\\u00e9\\n\\t\\/"
"\\ud83d\\ude80"
"\\ud800"
"\\U0001F680"
"\\_\\N\\L\\P\\e\\a\\ "
"# not"
[a, b]
[a,b]
[]
[ ]
[a b, c]
["a, b", 'c']
[c#, a"b]
[-a, -1]
[a] # c
[~, 0x1F, .5]
déjà vu
🚀 launch
مرحبا بكم
中文
e\u0301
👩🏽‍💻
`),
  ...['\u00a0nbsp', '\ud800', '\udfff', 'trailing   ', 'two  spaces', '', ' '],
];

/** Raw YAML text for a value that is nearly handled: the fast path should give up on most of these. */
const TRAP_VALUES = [
  ...oneALine(`
'
'open
'a'#c
'a'b
"
"open
"a"#c
"\\q"
"\\"
"\\x4"
"\\U00110000"
#comment
a: b
key: value
a:
a ::b
[a, [b]]
[a,]
[a, , b]
[,a]
[a #b]
[a:b]
[a: b]
[-]
[- a]
[?a]
[:a]
[a] b
[a]#c
[a
[a, {b: 1}]
{a: 1}
{}
{a
&anchor a
*alias
!tag a
!!str 1
! a
|
|-
>
%x
@x
\`x\`
- item
-
---
...
? a
?
?a
:a
:
`),
  ...['a\u00a0: b', '  leading', 'a\tb', 'a\rb', '\u0085', '\ufeff', '\u2028'],
];

const KEYS = [
  'title',
  'date',
  'tags',
  'a',
  'b',
  '_x',
  'my-key',
  'K9',
  'null',
  'True',
  'y',
  'on',
  '__proto__',
];
const keyArb = fc.oneof(
  { weight: 16, arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_-]{0,6}$/) },
  { weight: 4, arbitrary: fc.constantFrom(...KEYS) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('constructor', 'a b', '"q"', '1', '-k', 'k:', 'k'.repeat(129), ''),
  },
);
const valueArb = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...HANDLED_VALUES) },
  { weight: 2, arbitrary: fc.constantFrom(...TRAP_VALUES) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom(...HANDLED_VALUES, ...TRAP_VALUES), { maxLength: 3 })
      .map((parts) => parts.join(' ')),
  },
);
/** Usually `usual`, now and then one of `unusual`. */
const mostly = (usual: string, ...unusual: string[]) =>
  fc.oneof(
    { weight: 10, arbitrary: fc.constant(usual) },
    { weight: 1, arbitrary: fc.constantFrom(...unusual) },
  );

const gapArb = mostly(' ', '  ', '');
const commentArb = mostly('', ' # note', '  #x', '#x', ' ');
const indentArb = fc.constantFrom('  ', '', '    ', ' ');
/** A shift that mis-aligns a line, now and then. */
const driftArb = mostly('', ' ', '  ');

/** `key: value`, sometimes with a comment. */
const scalarEntry = fc
  .tuple(keyArb, gapArb, valueArb, commentArb)
  .map(([key, gap, value, comment]) => `${key}:${gap}${value}${comment}`);

/** `key:` then `- item` lines, mostly aligned, sometimes with comments or blank lines between. */
const sequenceEntry = fc
  .tuple(
    keyArb,
    commentArb,
    indentArb,
    fc.array(fc.tuple(driftArb, gapArb, valueArb, commentArb, mostly('', '\n', '\n# c', '\n  # c')), {
      maxLength: 4,
    }),
  )
  .map(([key, comment, indent, items]) =>
    [
      `${key}:${comment}`,
      ...items.map(
        ([drift, gap, value, itemComment, after]) => `${indent}${drift}-${gap}${value}${itemComment}${after}`,
      ),
    ].join('\n'),
  );

/** A block sequence of small mappings, the shape of authors, with occasional mis-alignment. */
const mappingSequenceEntry = fc
  .tuple(
    keyArb,
    indentArb,
    fc.array(fc.array(fc.tuple(keyArb, gapArb, valueArb, driftArb), { minLength: 1, maxLength: 3 }), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([key, indent, items]) =>
    [
      `${key}:`,
      ...items.flatMap((pairs) =>
        pairs.map(([pairKey, gap, value, drift], i) =>
          i === 0 ? `${indent}- ${pairKey}:${gap}${value}` : `${indent}  ${drift}${pairKey}:${gap}${value}`,
        ),
      ),
    ].join('\n'),
  );

/** `key:` then an indented one-level mapping, sometimes deeper or mis-aligned. */
const nestedMappingEntry = fc
  .tuple(
    keyArb,
    fc.constantFrom('  ', '    ', ' '),
    fc.array(fc.tuple(keyArb, gapArb, valueArb, driftArb), { minLength: 1, maxLength: 3 }),
  )
  .map(([key, indent, pairs]) =>
    [
      `${key}:`,
      ...pairs.map(([pairKey, gap, value, drift]) => `${indent}${drift}${pairKey}:${gap}${value}`),
    ].join('\n'),
  );

/** Lines that are harmless between entries. */
const harmlessLine = fc.constantFrom('# comment', '', '   ', '  # indented comment', '#', '    #');

/** Lines that break a plain mapping, or that the fast path leaves to the full parser. */
const strayLine = fc.constantFrom(
  ...oneALine(`
---
...
--- # x
%YAML 1.2
- stray
  continuation
    deeper
? complex
: value
a b: c
"quoted": key
'single': key
key : v
&a a: 1
[a, b]: c
key: |
  block text
`),
  ...['key:\tv', '\t'],
);

const frontMatterArb = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 10, arbitrary: scalarEntry },
        { weight: 3, arbitrary: sequenceEntry },
        { weight: 2, arbitrary: mappingSequenceEntry },
        { weight: 2, arbitrary: nestedMappingEntry },
        { weight: 2, arbitrary: harmlessLine },
        { weight: 1, arbitrary: strayLine },
      ),
      { maxLength: 6 },
    ),
    fc.constantFrom('', '\n', '\n\n'),
  )
  .map(([entries, end]) => entries.join('\n') + end);

/** Small strings over YAML's significant characters, for what the grammar does not think of. */
const yamlNoiseArb = fc
  .tuple(
    fc.constantFrom('', 'k: ', 'k:\n  - ', 'k:\n- ', 'k: [', 'k:\n  - n: ', 'k:\n  n: '),
    fc.string({
      unit: fc.constantFrom(
        ...['a', 'b', 'k', ' ', ' ', '\n', ':', '-', '#', '"', "'", '[', ']', ',', '{', '}', '\\', '0'],
        ...['1', '.', 'e', 'x', 'o', '~', '&', '*', '!', '|', '>', '?', '%', '@', 'é', '🚀', 'u', 'n', 'N'],
      ),
      maxLength: 30,
    }),
  )
  .map(([prefix, text]) => prefix + text);

/** Front matter as tools write it: the yaml package's own output for fields of any text. */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...HANDLED_VALUES, ...TRAP_VALUES),
);
const fieldValue = fc.oneof(
  { weight: 4, arbitrary: anyText },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
  { weight: 1, arbitrary: fc.array(anyText, { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.record({ name: anyText, email: anyText }, { requiredKeys: ['name'] }), {
      maxLength: 3,
    }),
  },
  { weight: 1, arbitrary: fc.record({ url: anyText, alt: anyText }, { requiredKeys: [] }) },
);
const writtenFrontMatterArb = fc
  .tuple(
    fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_-]{0,8}$/), fieldValue, { minKeys: 1, maxKeys: 6 }),
    fc.constantFrom(0, 80),
  )
  .map(([fields, lineWidth]) => stringify(fields, { lineWidth }));

describe('parsePlainFrontMatter property: an answer is always the full parser answer', () => {
  const checkAgreement = (yaml: string): boolean => {
    const fast = parsePlainFrontMatter(yaml);
    if (fast === undefined) return false;
    const full = fullParse(yaml);
    expect(full.errors, `the fast path accepted YAML the full parser rejects:\n${yaml}`).toEqual([]);
    expectSameValue(fast, full.value, yaml);
    return true;
  };

  it(
    'holds over generated front matter of handled and nearly-handled forms',
    () => {
      let answered = 0;
      fc.assert(
        fc.property(frontMatterArb, (yaml) => {
          if (checkAgreement(yaml)) answered += 1;
        }),
        { numRuns: PROPERTY_RUNS },
      );
      // The grammar must keep exercising the fast path, not only its refusals.
      expect(answered).toBeGreaterThan(PROPERTY_RUNS * 0.15);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'holds over short strings of YAML-significant characters',
    () => {
      let answered = 0;
      fc.assert(
        fc.property(yamlNoiseArb, (yaml) => {
          if (checkAgreement(yaml)) answered += 1;
        }),
        { numRuns: PROPERTY_RUNS },
      );
      expect(answered).toBeGreaterThan(PROPERTY_RUNS * 0.05);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'holds over front matter written by the yaml package',
    () => {
      let answered = 0;
      fc.assert(
        fc.property(writtenFrontMatterArb, (yaml) => {
          if (checkAgreement(yaml)) answered += 1;
        }),
        { numRuns: PROPERTY_RUNS },
      );
      // Nearly all of it is plain; what is not (folded lines, block scalars) goes to the full parser.
      expect(answered).toBeGreaterThan(PROPERTY_RUNS * 0.5);
    },
    PROPERTY_TIMEOUT,
  );
});

// ---------------------------------------------------------------------------
// Coverage: the front matter we actually see takes the fast path.

describe('real and benchmark front matter takes the fast path', () => {
  let corpusDir = '';
  beforeAll(() => {
    corpusDir = mkdtempSync(path.join(tmpdir(), 'feedwright-fm-fast-'));
    execFileSync(process.execPath, [path.join(REPO, 'scripts/bench/gen-corpus.mjs'), corpusDir, '300'], {
      stdio: 'ignore',
    });
  });
  afterAll(() => {
    if (corpusDir) rmSync(corpusDir, { recursive: true, force: true });
  });

  const frontMatterOf = (text: string, file: string): string => {
    const split = splitFrontMatter(text);
    if (!split.ok) throw new Error(`${file}: ${split.reason}`);
    return split.yaml;
  };

  it('every article of the benchmark corpus (scripts/bench/gen-corpus.mjs, 300 articles)', () => {
    const files = readdirSync(corpusDir).filter((name) => name.endsWith('.md'));
    expect(files).toHaveLength(300);
    for (const file of files) {
      expectFastAndEqual(frontMatterOf(readFileSync(path.join(corpusDir, file), 'utf8'), file));
    }
  });

  it('every article of the synthetic collection (scripts/corpus.ts, 1,000 articles)', () => {
    for (const article of generateCollection({ count: 1000, seed: 1 })) {
      expectFastAndEqual(frontMatterOf(article.text, article.name));
    }
  });

  it('every article in content/articles', () => {
    const dir = path.join(REPO, 'content/articles');
    const files = readdirSync(dir).filter((name) => name.endsWith('.md'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files)
      expectFastAndEqual(frontMatterOf(readFileSync(path.join(dir, file), 'utf8'), file));
  });

  it('test/fixtures/seed-article.txt has no front matter to read', () => {
    // It is a bare body that fixtures wrap in their own front matter; nothing for the fast path here.
    const text = readFileSync(path.join(REPO, 'test/fixtures/seed-article.txt'), 'utf8');
    expect(splitFrontMatter(text).ok).toBe(false);
  });
});
