/**
 * A run indexes an article from its front matter alone and parses it whole only when a feed
 * publishes it. Both must agree: whatever the bytes (line endings of every kind, fences of dots or
 * dashes with trailing blanks, a BOM, broken UTF-8 before or after the fence), the front matter read
 * from the cut bytes is the front matter read from the whole text, and an article that parses whole
 * parses the same from its front matter alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from '../../functions/lib/articles/front-matter.js';
import { frontMatterBytes, parseArticle, parseFrontMatterOnly } from '../../functions/lib/articles/parse.js';
import { testConfig } from '../support/fixtures.js';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 500);
const config = testConfig();

const lineBreak = fc.constantFrom('\n', '\r\n', '\r');
const line = fc.oneof(
  fc.constantFrom(
    '---',
    '...',
    '--- ',
    '---\t',
    '----',
    ' ---',
    '-- -',
    '..',
    'title: A',
    'date: 2025-04-14T10:00:00Z',
    'tags: [a, b]',
    '# heading',
    '',
    'Hôtel — مرحبا 🇲🇦',
  ),
  fc.string({ maxLength: 12 }),
);
/** Raw bytes, sometimes with a BOM and sometimes with broken UTF-8 spliced in. */
const fileBytes = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.tuple(line, lineBreak), { maxLength: 14 }),
    fc.option(fc.nat(14)),
    fc.option(fc.constantFrom([0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80])),
  )
  .map(([bom, lines, spliceAt, broken]) => {
    const parts = lines.map(([text, end]) => Buffer.from(`${text}${end}`, 'utf8'));
    if (broken && spliceAt !== null) parts.splice(Math.min(spliceAt, parts.length), 0, Buffer.from(broken));
    return new Uint8Array(Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), ...parts]));
  });
/** Articles that open with a fence most of the time, so most cases reach the closing fence. */
const articleBytes = fc.oneof(
  fileBytes,
  fc
    .tuple(lineBreak, fileBytes)
    .map(([end, rest]) => new Uint8Array(Buffer.concat([Buffer.from(`---${end}`), rest]))),
  fc
    .tuple(lineBreak, fc.constantFrom('---', '...', '---  '), fileBytes)
    .map(
      ([end, fence, rest]) =>
        new Uint8Array(
          Buffer.concat([
            Buffer.from(`---${end}title: T${end}date: 2025-04-14T10:00:00Z${end}${fence}${end}`),
            rest,
          ]),
        ),
    ),
);

const decodeLoosely = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes);

describe('the front matter alone agrees with the whole file', () => {
  it('cuts on a line break at the end of the closing fence, so the YAML is the same', () => {
    fc.assert(
      fc.property(articleBytes, (bytes) => {
        const cut = frontMatterBytes(bytes);
        expect(bytes.subarray(0, cut.length)).toEqual(cut);
        const whole = splitFrontMatter(decodeLoosely(bytes));
        const part = splitFrontMatter(decodeLoosely(cut));
        expect(part.ok).toBe(whole.ok);
        if (whole.ok && part.ok) expect(part.yaml).toBe(whole.yaml);
        if (!whole.ok && !part.ok) expect(part.reason).toBe(whole.reason);
      }),
      { numRuns: NUM_RUNS * 4 },
    );
  });

  it('an article that parses whole parses the same from its front matter alone', () => {
    fc.assert(
      fc.property(articleBytes, (bytes) => {
        const input = { file: 'memory:a.md', name: 'a', key: 'a.md', bytes };
        const whole = parseArticle(input, config);
        const alone = parseFrontMatterOnly(input, config);
        if (whole.ok) {
          expect(alone.ok).toBe(true);
          if (alone.ok) expect(alone.article).toEqual(whole.article);
        }
        // The other way round only the body's own checks (UTF-8, nesting) may differ.
        if (alone.ok && !whole.ok)
          expect(whole.errors.every((e) => e.field === 'body' || e.field === undefined)).toBe(true);
      }),
      { numRuns: NUM_RUNS * 4 },
    );
  });

  it('finds the fence after CR, LF and CRLF line ends alike', () => {
    for (const end of ['\n', '\r\n', '\r']) {
      const text = `---${end}title: A${end}---${end}Body ${end}`;
      const cut = frontMatterBytes(Buffer.from(text));
      expect(Buffer.from(cut).toString()).toBe(`---${end}title: A${end}---`);
    }
    expect(frontMatterBytes(Buffer.from('no fence\n'))).toHaveLength(9);
    expect(frontMatterBytes(Buffer.from('---\ntitle: never closed\n'))).toHaveLength(24);
  });
});
