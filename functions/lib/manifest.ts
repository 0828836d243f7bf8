import { z } from 'zod';
import type { Article } from './articles/article.js';
import { SLUG } from './articles/slug.js';
import { isSafePath } from './targets/target.js';
import { describeIssues, isHttpUrl } from './validation.js';

/**
 * What a run remembers for the next one, kept where no reader can fetch it
 * (a private S3 key, a folder outside the output): per source key its
 * version (content hash or ETag) and parsed front matter, per output group
 * its fingerprint and published files, and the stale feed files still to
 * remove. With it, a run over an unchanged collection reads no article and
 * writes nothing.
 *
 * Saved state is input like any other: it is parsed by the schemas below,
 * and anything that does not parse means a full run, never a failure loop
 * and never a wrong feed.
 */

const isoInstant = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'is not a date');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'is not a sha256');
const safePath = z.string().refine(isSafePath, 'is not a safe output path');
/** Item counts the guards compare: a hostile `1e308` would refuse every feed forever. */
const itemCount = z.number().int().min(0).max(1_000_000);
const text = z.string().max(100_000);
const name = z.string().min(1).max(200);
const label = z
  .string()
  .min(1)
  .max(100)
  .refine((v) => !/[<>]/.test(v), 'must not contain "<" or ">"');

const PersonSchema = z.strictObject({
  name,
  email: z.string().max(320).optional(),
  url: z.string().refine(isHttpUrl, 'is not an http(s) URL').optional(),
});

/** An Article as JSON: dates as ISO strings. */
export const StoredArticleSchema = z.strictObject({
  file: text,
  id: z.string().min(1).max(2_000),
  slug: z.string().regex(SLUG, 'is not a slug'),
  title: z.string().min(1).max(1_000),
  date: isoInstant,
  updated: isoInstant.optional(),
  summary: z.string().max(10_000).optional(),
  authors: z.array(PersonSchema).min(1).max(20),
  categories: z.array(label).max(50),
  tags: z.array(label).max(50),
  image: z
    .strictObject({
      url: z.string().refine(isHttpUrl, 'is not an http(s) URL'),
      type: z.string().regex(/^image\/[a-z0-9.+-]+$/i),
      alt: z.string().max(10_000).optional(),
      length: z.number().int().min(0),
    })
    .optional(),
  draft: z.boolean(),
  link: z.string().refine(isHttpUrl, 'is not an http(s) URL'),
  key: z.string().min(1).max(2_000),
  bodyHash: sha256,
});
export type StoredArticle = z.infer<typeof StoredArticleSchema>;

const ArticleWarningSchema = z.strictObject({ file: text, field: text, message: text });
const SkippedSchema = z.strictObject({ file: text, field: text.optional(), reason: text });

export const SourceRecordSchema = z.strictObject({
  version: z.string().min(1).max(200),
  parsed: z.discriminatedUnion('ok', [
    z.strictObject({
      ok: z.literal(true),
      article: StoredArticleSchema,
      warnings: z.array(ArticleWarningSchema),
    }),
    z.strictObject({
      ok: z.literal(false),
      errors: z.array(SkippedSchema).min(1),
      warnings: z.array(ArticleWarningSchema),
    }),
  ]),
});
export type SourceRecord = z.infer<typeof SourceRecordSchema>;

export const OutputRecordSchema = z.strictObject({
  /** '' marks a group not completed: the next run renders and compares it again. */
  fingerprint: z.union([sha256, z.literal('')]),
  files: z.record(safePath, z.strictObject({ hash: sha256, items: itemCount.optional() })),
});
export type OutputRecord = z.infer<typeof OutputRecordSchema>;

const FeedReportSchema = z.strictObject({
  key: text,
  dir: z.union([z.literal(''), z.string().refine((d) => d.endsWith('/') && isSafePath(d.slice(0, -1)))]),
  items: itemCount,
  updated: isoInstant,
  isPublic: z.boolean(),
});

/** What a run reports about the collection and the feeds, kept so an unchanged run can report it again. */
export const PlanReportSchema = z.strictObject({
  found: itemCount.max(100_000_000),
  live: itemCount.max(100_000_000),
  skipped: z.array(SkippedSchema),
  articleWarnings: z.array(text),
  feeds: z.array(FeedReportSchema),
  warnings: z.array(text),
});
export type PlanReport = z.infer<typeof PlanReportSchema>;

export const ManifestSchema = z.strictObject({
  version: z.literal(2),
  /** Code, render version and config: when any of them changes, nothing is reused. */
  basis: z.string().min(1),
  sources: z.record(z.string().min(1), SourceRecordSchema),
  outputs: z.record(z.string().min(1), OutputRecordSchema),
  /**
   * Stale feed files not yet removed (a run that skipped an article removes
   * nothing): remembered until a clean run removes them.
   */
  pendingRemovals: z.array(safePath),
  /**
   * The last full plan: when it was made, until when it stays true while no
   * source changes (the next embargo, held-back update or partner delay to
   * fall due; null: never), and what the run reported then.
   */
  plan: z
    .strictObject({ at: isoInstant, stableUntil: isoInstant.nullable(), report: PlanReportSchema })
    .optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export function storeArticle(article: Article): StoredArticle {
  const { date, updated, ...rest } = article;
  return { ...rest, date: date.toISOString(), ...(updated ? { updated: updated.toISOString() } : {}) };
}

export function reviveArticle(stored: StoredArticle): Article {
  const { date, updated, ...rest } = stored;
  return { ...rest, date: new Date(date), ...(updated ? { updated: new Date(updated) } : {}) };
}

/** Why saved state was not used; reported in the run summary. */
export type ManifestVerdict =
  | { usable: true; manifest: Manifest }
  | { usable: false; reason: 'none' | 'outdated' | 'invalid'; detail?: string };

/**
 * The manifest if `value` is one made on the same basis (code, render
 * version, config), else why not: a full run follows either way.
 */
export function readManifest(value: unknown, basis: string): ManifestVerdict {
  if (value === undefined || value === null) return { usable: false, reason: 'none' };
  const parsed = ManifestSchema.safeParse(value);
  if (!parsed.success) {
    const first = describeIssues(parsed.error)[0];
    return {
      usable: false,
      reason: 'invalid',
      ...(first ? { detail: `${first.field}: ${first.reason}` } : {}),
    };
  }
  if (parsed.data.basis !== basis) return { usable: false, reason: 'outdated' };
  return { usable: true, manifest: parsed.data };
}
