import { z } from 'zod';
import type { Config } from '../config.js';
import { ArticleError } from '../errors.js';
import { canonicalLanguage, describeIssues, isHttpUrl } from '../validation.js';
import type { Article, ArticleImage, ArticleWarning } from './article.js';
import { parseIsoDate } from './dates.js';
import { parseFrontMatterYaml, splitFrontMatter } from './front-matter.js';
import { deepestNesting, MAX_MARKDOWN_NESTING } from './nesting.js';
import { SLUG, slugify } from './slug.js';
import { cleanText } from './text.js';

/** One stored article file as a source hands it over. */
export interface ArticleFile {
  /** Shown in messages, e.g. `content/articles/rabat.md`. */
  file: string;
  /** The source's own key, kept on the article so its body can be read again. */
  key?: string;
  /** File name without `.md`; the default slug and the stable part of the default id. */
  name: string;
  bytes: Uint8Array;
}

export type ParseResult =
  | { ok: true; article: Article; body: string; warnings: ArticleWarning[] }
  | { ok: false; errors: ArticleError[]; warnings: ArticleWarning[] };

/** The front matter alone, valid: what the run index keeps of an article whose body is not needed yet. */
export type FrontMatterResult =
  | { ok: true; article: Article; warnings: ArticleWarning[] }
  | { ok: false; errors: ArticleError[]; warnings: ArticleWarning[] };

const KNOWN_FIELDS = new Set([
  'title',
  'date',
  'updated',
  'summary',
  'authors',
  'categories',
  'tags',
  'image',
  'draft',
  'slug',
  'link',
  'id',
  'images',
  'language',
  'translation_key',
  'translations',
  'corrections',
  'retracted',
]);
const LIKELY_MEANT: Record<string, string> = {
  author: 'authors',
  category: 'categories',
  tag: 'tags',
  lang: 'language',
  correction: 'corrections',
  retraction: 'retracted',
  translation: 'translations',
};
const MAX_NESTING = 16;

const IMAGE_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

const asList = (value: unknown) =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
const scalarText = z
  .union([z.string(), z.number()], {
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be text'),
  })
  .transform((v) => String(v).trim());
const httpUrl = z
  .string({ error: 'must be a URL' })
  .refine(isHttpUrl, { error: 'must be an absolute http(s) URL' });

const person = z.preprocess(
  (value) => (typeof value === 'string' ? { name: value } : value),
  z.strictObject(
    {
      name: scalarText.pipe(z.string().min(1, 'must not be empty').max(200, 'is longer than 200 characters')),
      email: z.email({ error: 'must be an email address' }).optional(),
      url: httpUrl.optional(),
    },
    { error: 'must be a name or {name, email, url}' },
  ),
);

const label = scalarText
  .transform((v) => v.replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .max(100, 'is longer than 100 characters')
      .refine((v) => !/[<>]/.test(v), { error: 'must not contain "<" or ">"' }),
  );
const labels = z.preprocess(asList, z.array(label).max(50, 'has more than 50 entries'));

const dimension = z
  .number({ error: 'must be a number of pixels' })
  .int('must be a whole number of pixels')
  .min(1, 'must be at least 1')
  .max(100_000, 'is over 100,000 pixels');

const imageSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { url: value } : value),
  z.strictObject(
    {
      url: z.string({ error: 'must be a URL' }).min(1),
      alt: scalarText.optional(),
      type: z
        .string()
        .regex(/^image\/[a-z0-9.+-]+$/i, 'must be an image MIME type such as image/jpeg')
        .optional(),
      length: z.number().int().min(0, 'must be a byte count').optional(),
      width: dimension.optional(),
      height: dimension.optional(),
      credit: scalarText.pipe(z.string().min(1).max(200, 'is longer than 200 characters')).optional(),
    },
    { error: 'must be a URL or {url, alt, type, length, width, height, credit}' },
  ),
);

function frontMatterSchema(config: Config) {
  const isoDate = z
    .union([z.string(), z.number()], {
      error: (issue) =>
        issue.input === undefined
          ? 'is required'
          : 'must be an ISO 8601 date such as 2025-04-14T10:00:00+01:00',
    })
    .transform((value, ctx) => {
      const date = parseIsoDate(String(value), config.timeZone);
      if (!date) {
        ctx.addIssue({ code: 'custom', message: `${JSON.stringify(String(value))} is not an ISO 8601 date` });
        return z.NEVER;
      }
      return date;
    });
  return z.object({
    title: scalarText.pipe(
      z.string().min(1, 'must not be empty').max(1000, 'is longer than 1,000 characters'),
    ),
    date: isoDate,
    updated: isoDate.optional(),
    summary: scalarText.pipe(z.string().max(10_000, 'is longer than 10,000 characters')).optional(),
    authors: z.preprocess(asList, z.array(person).max(20, 'has more than 20 entries')),
    categories: labels,
    tags: labels,
    image: imageSchema.optional(),
    images: z.preprocess(asList, z.array(imageSchema).max(20, 'has more than 20 entries')),
    language: z
      .string({ error: 'must be a BCP 47 language tag such as "fr" or "ar-MA"' })
      .transform((value, ctx) => {
        const tag = canonicalLanguage(value.trim());
        if (!tag) {
          ctx.addIssue({
            code: 'custom',
            message: `${JSON.stringify(value)} is not a BCP 47 language tag such as "fr" or "ar-MA"`,
          });
          return z.NEVER;
        }
        return tag;
      })
      .optional(),
    translation_key: scalarText
      .pipe(z.string().min(1, 'must not be empty').max(200, 'is longer than 200 characters'))
      .optional(),
    translations: z.preprocess(
      asList,
      z
        .array(
          z.string({ error: 'must be an article id' }).refine(isPermanentUri, {
            error: 'must be an article id such as tag:example.com,2025:my-article',
          }),
        )
        .max(50, 'has more than 50 entries'),
    ),
    corrections: z.preprocess(
      asList,
      z
        .array(
          z.strictObject(
            {
              date: isoDate,
              text: scalarText.pipe(
                z.string().min(1, 'must not be empty').max(2000, 'is longer than 2,000 characters'),
              ),
            },
            { error: 'must be {date, text}' },
          ),
        )
        .max(100, 'has more than 100 entries'),
    ),
    retracted: z
      .strictObject(
        {
          date: isoDate,
          reason: scalarText.pipe(
            z.string().min(1, 'must say why').max(2000, 'is longer than 2,000 characters'),
          ),
        },
        { error: 'must be {date, reason}' },
      )
      .optional(),
    draft: z.boolean({ error: 'must be true or false' }).default(false),
    slug: z
      .string({ error: 'must be text' })
      .transform((v) => v.trim().normalize('NFC'))
      .pipe(z.string().regex(SLUG, 'must be letters and digits joined by "-" or "_" (no "/", "." or spaces)'))
      .optional(),
    link: httpUrl.optional(),
    id: z
      .string({ error: 'must be text' })
      .refine(isPermanentUri, { error: 'must be a URI such as tag:example.com,2025:my-article' })
      .optional(),
  });
}

const schemas = new WeakMap<Config, ReturnType<typeof frontMatterSchema>>();

const UTF8 = new TextDecoder('utf-8', { fatal: true });

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
const DOT = 0x2e;
const isBlank = (byte: number | undefined) => byte === 0x20 || byte === 0x09;

/**
 * The bytes of a file up to the end of its front matter's closing fence
 * (the first later line that is `---` or `...`, as splitFrontMatter finds
 * it, with CR, LF and CRLF all ending lines), or all of them when the file
 * does not open with a fence line or never closes it (then the full text
 * gives the same error). The cut falls on a line break, never inside a
 * character.
 */
export function frontMatterBytes(bytes: Uint8Array): Uint8Array {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes[at] !== DASH || bytes[at + 1] !== DASH || bytes[at + 2] !== DASH) return bytes;
  at += 3;
  if (bytes[at] !== LF && bytes[at] !== CR) return bytes;
  for (;;) {
    // `at` is on a line break: step over it (CRLF is one) to the next line's start.
    at += bytes[at] === CR && bytes[at + 1] === LF ? 2 : 1;
    if (at >= bytes.length) return bytes;
    const fence = bytes[at];
    if ((fence === DASH || fence === DOT) && bytes[at + 1] === fence && bytes[at + 2] === fence) {
      let end = at + 3;
      while (isBlank(bytes[end])) end += 1;
      if (end >= bytes.length || bytes[end] === LF || bytes[end] === CR) return bytes.subarray(0, end);
    }
    while (at < bytes.length && bytes[at] !== LF && bytes[at] !== CR) at += 1;
    if (at >= bytes.length) return bytes;
  }
}

/**
 * Parses and validates one article file. Never throws for bad input: every
 * problem comes back as an ArticleError naming the file and the field, e.g.
 * `content/articles/x.md: date: "14/04/2025" is not an ISO 8601 date`.
 */
export function parseArticle(input: ArticleFile, config: Config): ParseResult {
  return parseArticleFile(input, config, true);
}

/**
 * Parses and validates the front matter only: the body is neither scanned
 * nor cleaned. A run does this for every new or changed article, and the
 * whole of parseArticle only for the items some feed publishes — over an
 * archive, most bodies are never needed. The article is the one
 * parseArticle would give, if the body passes its checks.
 */
export function parseFrontMatterOnly(input: ArticleFile, config: Config): FrontMatterResult {
  return parseArticleFile(input, config, false);
}

function parseArticleFile(input: ArticleFile, config: Config, withBody: true): ParseResult;
function parseArticleFile(input: ArticleFile, config: Config, withBody: false): FrontMatterResult;
function parseArticleFile(
  input: ArticleFile,
  config: Config,
  withBody: boolean,
): ParseResult | FrontMatterResult {
  const warnings: ArticleWarning[] = [];
  const fail = (field: string | undefined, reason: string): ParseResult => ({
    ok: false,
    errors: [new ArticleError(input.file, field, reason)],
    warnings,
  });

  if (input.bytes.byteLength > config.maxArticleBytes) {
    return fail(
      undefined,
      `the file is ${input.bytes.byteLength} bytes, over the limit of ${config.maxArticleBytes}`,
    );
  }
  let text: string;
  try {
    // Without the body, only the front matter is decoded (and checked as UTF-8): the body's bytes wait
    // until the article is published, when the whole file is decoded and checked.
    text = UTF8.decode(withBody ? input.bytes : frontMatterBytes(input.bytes));
  } catch {
    return fail(undefined, 'the file is not valid UTF-8 text');
  }
  const split = splitFrontMatter(text);
  if (!split.ok) return fail(undefined, split.reason);
  const yaml = parseFrontMatterYaml(split.yaml);
  if (!yaml.ok) return fail(undefined, yaml.reason);
  if (typeof yaml.value !== 'object' || yaml.value === null || Array.isArray(yaml.value)) {
    return fail(undefined, 'front matter must be a YAML mapping of fields (title: …, date: …)');
  }
  const raw = cleanStrings(yaml.value, 0);
  if (raw === TOO_DEEP) return fail(undefined, `front matter is nested more than ${MAX_NESTING} levels deep`);

  for (const key of Object.keys(raw as object)) {
    if (KNOWN_FIELDS.has(key)) continue;
    const hint = LIKELY_MEANT[key] ? ` (did you mean "${LIKELY_MEANT[key]}"?)` : '';
    warnings.push({
      file: input.file,
      field: key,
      message: `${input.file}: ${key}: unknown field, ignored${hint}`,
    });
  }

  let schema = schemas.get(config);
  if (!schema) {
    schema = frontMatterSchema(config);
    schemas.set(config, schema);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      errors: describeIssues(parsed.error).map(
        ({ field, reason }) => new ArticleError(input.file, field, reason),
      ),
      warnings,
    };
  }
  const fm = parsed.data;
  const nesting = withBody ? deepestNesting(split.body) : { depth: 0, line: 0 };
  if (nesting.depth > MAX_MARKDOWN_NESTING) {
    return fail(
      'body',
      `Markdown nested ${nesting.depth} levels deep at body line ${nesting.line}; at most ${MAX_MARKDOWN_NESTING}`,
    );
  }

  const nameSlug = slugify(input.name);
  const slug = fm.slug ?? nameSlug;
  if (!slug)
    return fail('slug', `cannot be derived from the file name "${input.name}"; set slug in front matter`);
  const link = fm.link ? new URL(fm.link).href : new URL(`${slug}/`, config.homeUrl).href;
  // The default id leans on the file name, not on slug, title or link, so editing those never makes
  // readers show the item twice. Pin `id` in front matter before renaming a published file.
  const id = fm.id ? normaliseUri(fm.id) : normaliseUri(`tag:${config.idAuthority}:${nameSlug || slug}`);

  const images: ArticleImage[] = [];
  const declared = [
    ...(fm.image ? [{ field: 'image', image: fm.image }] : []),
    ...fm.images.map((image, index) => ({ field: `images[${index}]`, image })),
  ];
  for (const { field, image } of declared) {
    const resolved = resolveImage(image, link);
    if (typeof resolved === 'string')
      return fail(`${field}.${resolved.split(':')[0]}`, resolved.slice(resolved.indexOf(':') + 2));
    // The same picture named twice (as `image` and again in `images`) is one picture.
    if (!images.some((known) => known.url === resolved.url)) images.push(resolved);
  }
  const image = images[0];

  const corrections = [...fm.corrections].sort((a, b) => a.date.getTime() - b.date.getTime());
  for (const [index, correction] of fm.corrections.entries()) {
    if (correction.date < fm.date) return fail(`corrections[${index}].date`, 'is earlier than date');
  }
  // A correction is an update: the item's `updated` is the latest correction, unless `updated` is later.
  const lastCorrection = corrections.at(-1)?.date;
  const updated =
    lastCorrection && (!fm.updated || lastCorrection > fm.updated) ? lastCorrection : fm.updated;
  if (fm.retracted && fm.retracted.date < fm.date) return fail('retracted.date', 'is earlier than date');
  const translations = [...new Set(fm.translations.map(normaliseUri))].filter((other) => other !== id);

  const article: Article = {
    file: input.file,
    id,
    slug,
    title: fm.title,
    date: fm.date,
    authors: fm.authors.length > 0 ? dedupeBy(fm.authors, (a) => a.name) : [config.author],
    categories: dedupeBy(fm.categories, (c) => c),
    tags: dedupeBy(fm.tags, (t) => t),
    draft: fm.draft,
    link,
    key: input.key ?? input.name,
    ...(updated && updated.getTime() !== fm.date.getTime() ? { updated } : {}),
    ...(fm.summary ? { summary: fm.summary } : {}),
    ...(image ? { image } : {}),
    images,
    language: fm.language ?? config.language,
    corrections,
    ...(fm.retracted ? { retracted: fm.retracted } : {}),
    ...(fm.translation_key ? { translationKey: fm.translation_key } : {}),
    translations,
  };
  if (article.updated && article.updated < article.date) {
    return fail('updated', 'is earlier than date');
  }
  return withBody
    ? { ok: true, article, body: cleanText(split.body), warnings }
    : { ok: true, article, warnings };
}

/**
 * An image's URL resolved against the article's link, and its type from
 * the front matter or the URL's extension; or `field: reason`.
 */
function resolveImage(
  image: {
    url: string;
    alt?: string;
    type?: string;
    length?: number;
    width?: number;
    height?: number;
    credit?: string;
  },
  link: string,
): ArticleImage | string {
  let url: URL;
  try {
    url = new URL(image.url, link);
  } catch {
    return `url: ${JSON.stringify(image.url)} is not a URL`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'url: must be an http(s) URL';
  const extension = /\.([a-z0-9]+)$/i.exec(url.pathname)?.[1]?.toLowerCase();
  const type = image.type ?? (extension ? IMAGE_TYPES[extension] : undefined);
  if (!type) return 'type: is needed when the URL does not end in a known image extension';
  return {
    url: url.href,
    type,
    length: image.length ?? 0,
    ...(image.alt ? { alt: image.alt } : {}),
    ...(image.width ? { width: image.width } : {}),
    ...(image.height ? { height: image.height } : {}),
    ...(image.credit ? { credit: image.credit } : {}),
  };
}

function isPermanentUri(value: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** The same spelling in every feed: Atom passes ids through WHATWG URL parsing, so we do it once here. */
function normaliseUri(value: string): string {
  return new URL(value).href;
}

function dedupeBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item).toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const TOO_DEEP = Symbol('too deep');

/** Removes XML-illegal characters from every string, refusing absurd nesting. */
function cleanStrings(value: unknown, depth: number): unknown {
  if (depth > MAX_NESTING) return TOO_DEEP;
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const cleaned = cleanStrings(item, depth + 1);
      if (cleaned === TOO_DEEP) return TOO_DEEP;
      out.push(cleaned);
    }
    return out;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const cleaned = cleanStrings(item, depth + 1);
      if (cleaned === TOO_DEEP) return TOO_DEEP;
      out[cleanText(key)] = cleaned;
    }
    return out;
  }
  return value;
}
