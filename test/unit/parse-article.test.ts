import { describe, expect, it } from 'vitest';
import { type ParseResult, parseArticle } from '../../functions/lib/articles/parse.js';
import { articleText, testConfig } from '../support/fixtures.js';

const FILE = 'content/articles/x.md';

function parse(text: string | Uint8Array, name = 'x', config = testConfig()): ParseResult {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return parseArticle({ file: FILE, name, bytes }, config);
}

function errorsOf(result: ParseResult): string[] {
  if (result.ok) throw new Error('expected the article to be refused');
  return result.errors.map((e) => e.message);
}

describe('parseArticle', () => {
  it('reads every front matter field', () => {
    const result = parse(
      articleText(
        {
          title: 'Talks in Rabat',
          date: '2025-04-14T12:00:00+01:00',
          updated: '2025-04-15T09:00:00+01:00',
          summary: 'Ministers met.',
          authors: ['Amina', { name: 'Jean', email: 'jean@site.test', url: 'https://site.test/jean' }],
          categories: 'Politics',
          tags: ['Morocco', 'France'],
          image: { url: '/img/rabat.jpg', alt: 'Rabat' },
          slug: 'talks-in-rabat',
          id: 'tag:site.test,2025:talks',
        },
        'Hello **world**.\n',
      ),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([]);
    expect(result.article).toEqual({
      file: FILE,
      id: 'tag:site.test,2025:talks',
      slug: 'talks-in-rabat',
      title: 'Talks in Rabat',
      date: new Date('2025-04-14T11:00:00Z'),
      updated: new Date('2025-04-15T08:00:00Z'),
      summary: 'Ministers met.',
      authors: [{ name: 'Amina' }, { name: 'Jean', email: 'jean@site.test', url: 'https://site.test/jean' }],
      categories: ['Politics'],
      tags: ['Morocco', 'France'],
      image: { url: 'https://site.test/img/rabat.jpg', type: 'image/jpeg', length: 0, alt: 'Rabat' },
      images: [{ url: 'https://site.test/img/rabat.jpg', type: 'image/jpeg', length: 0, alt: 'Rabat' }],
      draft: false,
      link: 'https://site.test/talks-in-rabat/',
      key: 'x',
      language: 'en',
      corrections: [],
      translations: [],
    });
    expect(result.body).toBe('Hello **world**.\n');
  });

  it('reads the language, other-language versions, corrections, a retraction and every image', () => {
    const result = parse(
      articleText({
        title: 'Entretiens à Rabat',
        date: '2025-04-14T12:00:00+01:00',
        updated: '2025-04-15T09:00:00+01:00',
        language: 'fr-ma',
        translation_key: 'rabat-talks',
        translations: ['tag:site.test,2025:talks', 'tag:site.test,2025:talks-ar'],
        corrections: [
          { date: '2025-04-16T10:00:00+01:00', text: 'The meeting was on Monday, not Tuesday.' },
          { date: '2025-04-15T10:00:00+01:00', text: 'Spelling of a name.' },
        ],
        retracted: { date: '2025-04-20T08:00:00+01:00', reason: 'The story could not be confirmed.' },
        image: { url: '/img/rabat.jpg', alt: 'Rabat', width: 1200, height: 800, credit: 'MAP' },
        images: ['/img/rabat.jpg', { url: 'https://cdn.site.test/paris', type: 'image/webp', alt: 'Paris' }],
      }),
    );
    if (!result.ok) throw new Error(errorsOf(result).join());
    const { article } = result;
    // Canonical case, so it compares equal to the same tag written otherwise.
    expect(article.language).toBe('fr-MA');
    expect(article.translationKey).toBe('rabat-talks');
    expect(article.translations).toEqual(['tag:site.test,2025:talks', 'tag:site.test,2025:talks-ar']);
    // Oldest first; the latest correction is later than `updated`, so it becomes the item's update.
    expect(article.corrections.map((c) => c.text)).toEqual([
      'Spelling of a name.',
      'The meeting was on Monday, not Tuesday.',
    ]);
    expect(article.updated).toEqual(new Date('2025-04-16T09:00:00Z'));
    expect(article.retracted).toEqual({
      date: new Date('2025-04-20T07:00:00Z'),
      reason: 'The story could not be confirmed.',
    });
    // The main image first; the same URL listed again is one image.
    expect(article.images).toEqual([
      {
        url: 'https://site.test/img/rabat.jpg',
        type: 'image/jpeg',
        length: 0,
        alt: 'Rabat',
        width: 1200,
        height: 800,
        credit: 'MAP',
      },
      { url: 'https://cdn.site.test/paris', type: 'image/webp', length: 0, alt: 'Paris' },
    ]);
    expect(article.image).toEqual(article.images[0]);
  });

  it.each([
    [{ language: 'français' }, 'language: "français" is not a BCP 47 language tag such as "fr" or "ar-MA"'],
    [{ corrections: [{ date: '2025-04-10', text: 'x' }] }, 'corrections[0].date: is earlier than date'],
    [{ corrections: [{ text: 'no date' }] }, 'corrections[0].date: is required'],
    [{ retracted: { date: '2025-04-15' } }, 'retracted.reason: is required'],
    [{ retracted: true }, 'retracted: must be {date, reason}'],
    [{ translations: ['not an id'] }, 'translations[0]: must be an article id such as'],
    [{ images: [{ url: '/x.jpg', width: 0 }] }, 'images[0].width: must be at least 1'],
    [
      { images: [{ url: '/photo' }] },
      'images[0].type: is needed when the URL does not end in a known image extension',
    ],
  ])('names the field at fault in the new fields: %j', (fields, message) => {
    const result = parse(articleText({ title: 'T', date: '2025-04-14', ...fields }));
    expect(result.ok).toBe(false);
    expect(errorsOf(result).join('\n')).toContain(message);
  });

  it('defaults slug from the file name, link from home_url + slug, author from the site, id from the file name', () => {
    const result = parse(articleText({ title: 'T', date: '2025-04-14' }), 'Hello World');
    if (!result.ok) throw new Error(errorsOf(result).join());
    expect(result.article.slug).toBe('hello-world');
    expect(result.article.link).toBe('https://site.test/hello-world/');
    expect(result.article.authors).toEqual([{ name: 'Test Desk' }]);
    expect(result.article.id).toBe('tag:site.test,2025:hello-world');
  });

  it('keeps the default id when slug, title and link are edited', () => {
    const before = parse(articleText({ title: 'Old', date: '2025-04-14' }), 'story');
    const after = parse(
      articleText({ title: 'New title', date: '2025-04-14', slug: 'new-slug', link: 'https://other.test/x' }),
      'story',
    );
    expect(before.ok && after.ok).toBe(true);
    if (before.ok && after.ok) expect(after.article.id).toBe(before.article.id);
  });

  it('names the file and the field of a bad date', () => {
    expect(errorsOf(parse(articleText({ title: 'T', date: '14/04/2025' })))).toEqual([
      'content/articles/x.md: date: "14/04/2025" is not an ISO 8601 date',
    ]);
  });

  it('reports every bad field at once', () => {
    const messages = errorsOf(
      parse(
        articleText({
          date: '2025-02-30',
          draft: 'yes',
          authors: [{ email: 'not-an-email' }],
          link: '/relative',
        }),
      ),
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        'content/articles/x.md: title: is required',
        'content/articles/x.md: date: "2025-02-30" is not an ISO 8601 date',
        'content/articles/x.md: draft: must be true or false',
        'content/articles/x.md: link: must be an absolute http(s) URL',
      ]),
    );
    expect(messages.some((m) => m.startsWith('content/articles/x.md: authors[0].'))).toBe(true);
  });

  it('warns about unknown fields and suggests the likely one', () => {
    const result = parse(articleText({ title: 'T', date: '2025-04-14', author: 'Amina', colour: 'red' }));
    expect(result.warnings.map((w) => w.message)).toEqual([
      'content/articles/x.md: author: unknown field, ignored (did you mean "authors"?)',
      'content/articles/x.md: colour: unknown field, ignored',
    ]);
    expect(result.ok).toBe(true);
  });

  it.each([
    ['', 'content/articles/x.md: the file is empty'],
    ['Just text', 'content/articles/x.md: front matter must start on the first line with "---"'],
    ['---\ntitle: T\n', 'content/articles/x.md: front matter is never closed with a "---" line'],
    [
      '---\n- a\n- b\n---\n',
      'content/articles/x.md: front matter must be a YAML mapping of fields (title: …, date: …)',
    ],
  ])('refuses a broken file: %j', (text, message) => {
    expect(errorsOf(parse(text))).toEqual([message]);
  });

  it('refuses malformed YAML with its line', () => {
    const [message] = errorsOf(parse('---\ntitle: T\ndate: [unclosed\n---\n'));
    expect(message).toMatch(/^content\/articles\/x\.md: malformed YAML \(front matter line \d+\): /);
  });

  it('defuses YAML alias bombs', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'title: T',
      'date: 2025-04-14',
    ].join('\n');
    const [message] = errorsOf(parse(`---\n${bomb}\n---\n`));
    expect(message).toMatch(/^content\/articles\/x\.md: malformed YAML: .*alias/i);
  });

  it('accepts a UTF-8 BOM and CRLF line endings', () => {
    const result = parse(
      `\uFEFF${articleText({ title: 'T', date: '2025-04-14' }, 'Line one\nLine two\n').replace(/\n/g, '\r\n')}`,
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.body).toBe('Line one\nLine two\n');
  });

  it('refuses bytes that are not UTF-8 and files over the size limit', () => {
    expect(errorsOf(parse(new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe])))).toEqual([
      'content/articles/x.md: the file is not valid UTF-8 text',
    ]);
    const big = articleText({ title: 'T', date: '2025-04-14' }, 'x'.repeat(2 * 1024 * 1024));
    expect(errorsOf(parse(big))[0]).toMatch(/over the limit of 1048576$/);
  });

  it('refuses Markdown nested deeper than the renderer keeps, instead of dropping text', () => {
    const deep = articleText({ title: 'T', date: '2025-04-14' }, `intro\n${'> '.repeat(5000)}deep\n`);
    expect(errorsOf(parse(deep))).toEqual([
      'content/articles/x.md: body: Markdown nested 5000 levels deep at body line 2; at most 32',
    ]);
    const lists = articleText({ title: 'T', date: '2025-04-14' }, `${'- '.repeat(40)}x\n`);
    expect(errorsOf(parse(lists))[0]).toContain('body: Markdown nested 40 levels deep');
    expect(
      parse(articleText({ title: 'T', date: '2025-04-14' }, `${'> '.repeat(32)}ok\n1. a\n- b\n`)).ok,
    ).toBe(true);
  });

  it('removes XML-illegal characters from every text field', () => {
    const result = parse(
      articleText({ title: 'A\u0000B\u0007', date: '2025-04-14', summary: 'S\ud800' }, 'x\u0001y'),
    );
    if (!result.ok) throw new Error(errorsOf(result).join());
    expect([result.article.title, result.article.summary, result.body]).toEqual(['AB', 'S', 'xy']);
  });

  it.each([
    [{ slug: '../../x' }, 'slug: must be letters and digits joined by "-" or "_" (no "/", "." or spaces)'],
    [{ id: 'not a uri' }, 'id: must be a URI such as tag:example.com,2025:my-article'],
    [{ title: 'x'.repeat(10_000) }, 'title: is longer than 1,000 characters'],
    [{ categories: ['a<b'] }, 'categories[0]: must not contain "<" or ">"'],
    [
      { image: 'https://cdn.test/photo' },
      'image.type: is needed when the URL does not end in a known image extension',
    ],
    [{ image: 'javascript:alert(1)' }, 'image.url: must be an http(s) URL'],
    [{ updated: '2025-01-01' }, 'updated: is earlier than date'],
  ])('refuses %j', (fields, reason) => {
    expect(errorsOf(parse(articleText({ title: 'T', date: '2025-04-14', ...fields })))).toEqual([
      `content/articles/x.md: ${reason}`,
    ]);
  });
});

describe('nesting depth', () => {
  it('counts list levels nested by indentation, one per line', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    const result = parse(articleText({ title: 'T', date: '2025-04-14' }, `${lines}\n`));
    expect(errorsOf(result)).toEqual([
      'content/articles/x.md: body: Markdown nested 40 levels deep at body line 40; at most 32',
    ]);
  });

  it('does not count indentation inside fenced code blocks', () => {
    const code = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}step(${i});`).join('\n');
    const result = parse(
      articleText({ title: 'T', date: '2025-04-14' }, `Intro\n\n\`\`\`js\n${code}\n\`\`\`\n\nAfter.\n`),
    );
    expect(result.ok).toBe(true);
  });
});
