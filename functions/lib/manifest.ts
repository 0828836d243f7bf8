import { z } from 'zod';
import { isSafePath } from './targets/target.js';
import { describeIssues } from './validation.js';

/**
 * What a run remembers for the next one, kept where no reader can fetch it
 * (a private S3 key, a folder outside the output): the run index (per source
 * key its version and planning fields, in shards: see run-index.ts) by
 * reference, per output group its fingerprint and published files, and the
 * stale feed files still to remove. This root stays small whatever the
 * archive's size. With it, a run over an unchanged collection reads no
 * article and writes nothing.
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
/** Articles in a collection: an archive may hold millions. */
const collectionCount = z.number().int().min(0).max(100_000_000);
const text = z.string().max(100_000);

const SkippedSchema = z.strictObject({ file: text, field: text.optional(), reason: text });

const IndexDescriptorSchema = z.strictObject({
  bits: z.number().int().min(0).max(12),
  count: collectionCount,
  shards: z.array(z.union([sha256, z.literal('')])).max(4096),
});

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
  archivePages: collectionCount.optional(),
});

/** What a run reports about the collection and the feeds, kept so an unchanged run can report it again. */
export const PlanReportSchema = z.strictObject({
  found: collectionCount,
  live: collectionCount,
  skipped: z.array(SkippedSchema),
  articleWarnings: z.array(text),
  feeds: z.array(FeedReportSchema),
  warnings: z.array(text),
});
export type PlanReport = z.infer<typeof PlanReportSchema>;

export const ManifestSchema = z.strictObject({
  version: z.literal(3),
  /** Code, render version and config: when any of them changes, nothing is reused. */
  basis: z.string().min(1),
  /** The run index's shards (read and checked by readIndex). */
  index: IndexDescriptorSchema,
  /**
   * A digest of the listing the last plan was made from (keys, versions,
   * problems): a run whose listing has the same digest, with nothing
   * falling due, has nothing to do and reads no shard. Absent when some
   * article could not be read as listed (the next run must try again).
   */
  listing: sha256.optional(),
  /** The shards themselves, for runs with no index store of their own (tests, the memory lock). */
  inline: z.record(sha256, z.string()).optional(),
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
  /**
   * Set by a run that ran out of time while indexing: the index holds what
   * it got through, and the next run lists everything and goes on from
   * there. Outputs and pending removals are still the last complete run's.
   */
  partial: z.strictObject({ indexed: collectionCount, remaining: collectionCount }).optional(),
  /**
   * Set while the published main feed is behind what the collection says it
   * should hold (its files refused or failed, or the archive still being
   * indexed): since when. Absent once a run publishes it whole. The run's
   * "feeds are stale" metric and alarm are made from it.
   */
  behindSince: isoInstant.optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

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
