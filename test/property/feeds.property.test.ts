import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, escapeHtml } from '../../functions/lib/articles/text.js';
import { checkOutput } from '../../functions/lib/feeds/check.js';
import { articleText, runInMemory } from '../support/fixtures.js';
import { child, childrenNamed, NS, parseXml } from '../support/xml.js';

/** Pieces that break naive feed writers, mixed with arbitrary code points (lone surrogates included). */
const hostile = fc.constantFrom(
  '<',
  '>',
  '&',
  '&amp;',
  '&lt;',
  '"',
  "'",
  ']]>',
  ']]>]]>',
  '<![CDATA[',
  '\u0000',
  '\u0001',
  '\u000b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\ud800',
  '\udfff',
  '\ufffe',
  '\u202e',
  '\u200f',
  'مرحبا',
  'שלום',
  '😀',
  '👩🏽‍💻',
  'é',
  'e\u0301',
  '<b>',
  '</title>',
  '<script>alert(1)</script>',
  '\n',
  '\t',
  ' ',
);
const hostileText = fc
  .array(fc.oneof(hostile, fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 12 })
  .map((parts) => parts.join(''));

const normalise = (text: string) => cleanText(text).trim();
const labelOf = (text: string) => normalise(text).replace(/\s+/g, ' ');

describe('every text field, any Unicode', () => {
  it('gives well-formed feeds that read back as the same text, less removed characters', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileText,
        hostileText,
        hostileText,
        hostileText.filter((t) => !/[<>]/.test(t)),
        hostileText,
        async (rawTitle, rawSummary, rawAuthor, rawCategory, body) => {
          const title = `T${rawTitle}`;
          const summary = `S${rawSummary}`;
          const author = `A${rawAuthor}`;
          const category = `C${rawCategory}`;
          const text = articleText(
            { title, date: '2025-04-14T12:00:00+01:00', summary, authors: [author], categories: [category] },
            body,
          );
          const { summary: run, body: published } = await runInMemory({ 'x.md': text });
          expect(run.articles.skipped).toEqual([]);
          expect(run.files.refused).toEqual([]);
          for (const path of ['rss.xml', 'atom.xml', 'feed.json']) {
            expect(() => checkOutput({ path, body: published(path), contentType: '' })).not.toThrow();
          }

          const item = child(child(parseXml(published('rss.xml')), 'channel'), 'item');
          expect(child(item, 'title').text).toBe(normalise(title));
          expect(child(item, 'description').text).toBe(escapeHtml(normalise(summary)));
          expect(child(item, `${NS.dc} creator`).text).toBe(normalise(author));
          expect(childrenNamed(item, 'category').map((c) => c.text)).toEqual([labelOf(category)]);

          const entry = child(parseXml(published('atom.xml')), `${NS.atom} entry`);
          expect(child(entry, `${NS.atom} title`).text).toBe(escapeHtml(normalise(title)));
          expect(child(entry, `${NS.atom} category`).attributes.term).toBe(labelOf(category));
          expect(child(child(entry, `${NS.atom} author`), `${NS.atom} name`).text).toBe(normalise(author));

          const json = JSON.parse(published('feed.json'));
          expect(json.items[0].title).toBe(normalise(title));
          expect(json.items[0].summary).toBe(normalise(summary));
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
    );
  });
});
