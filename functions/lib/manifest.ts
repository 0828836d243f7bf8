import type { Article, ArticleWarning } from './articles/article.js';

/**
 * What a run remembers for the next one, kept beside the feeds: per source
 * key its version (ETag, or mtime and size) and parsed front matter, and per
 * output group its fingerprint and published files. With it, a run over an
 * unchanged collection reads no article and writes nothing. Anything that
 * does not look exactly right is ignored: a missing or corrupt manifest means
 * a full run, never a wrong feed.
 */
export interface Manifest {
  version: 1;
  /** Render version and config: when either changes, nothing is reused. */
  basis: string;
  sources: Record<string, SourceRecord>;
  outputs: Record<string, OutputRecord>;
  /**
   * The last full plan: when it was made, until when it stays true while no
   * source changes (the next embargo, held-back update or partner delay to
   * fall due; null: never), and what the run reported then.
   */
  plan?: { at: string; stableUntil: string | null; report: PlanReport };
}

/** What a run reports about the collection and the feeds, kept so an unchanged run can report it again. */
export interface PlanReport {
  found: number;
  live: number;
  skipped: Array<{ file: string; field?: string; reason: string }>;
  articleWarnings: string[];
  feeds: Array<{ key: string; dir: string; items: number; updated: string; isPublic: boolean }>;
  warnings: string[];
}

export interface SourceRecord {
  version: string;
  parsed:
    | { ok: true; article: StoredArticle; warnings: ArticleWarning[] }
    | {
        ok: false;
        errors: Array<{ file: string; field?: string; reason: string }>;
        warnings: ArticleWarning[];
      };
}

export interface OutputRecord {
  fingerprint: string;
  files: Record<string, { hash: string; items?: number }>;
}

/** An Article as JSON: dates as ISO strings. */
export type StoredArticle = Omit<Article, 'date' | 'updated'> & { date: string; updated?: string };

export function storeArticle(article: Article): StoredArticle {
  const { date, updated, ...rest } = article;
  return { ...rest, date: date.toISOString(), ...(updated ? { updated: updated.toISOString() } : {}) };
}

export function reviveArticle(stored: StoredArticle): Article {
  const { date, updated, ...rest } = stored;
  return { ...rest, date: new Date(date), ...(updated ? { updated: new Date(updated) } : {}) };
}

/** The manifest if `value` is one made on the same basis, else undefined (a full run follows). */
export function usableManifest(value: unknown, basis: string): Manifest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Partial<Manifest>;
  if (m.version !== 1 || m.basis !== basis) return undefined;
  if (
    typeof m.sources !== 'object' ||
    m.sources === null ||
    typeof m.outputs !== 'object' ||
    m.outputs === null
  ) {
    return undefined;
  }
  for (const record of Object.values(m.sources)) {
    const r = record as Partial<SourceRecord> | null;
    if (!r || typeof r.version !== 'string' || typeof r.parsed !== 'object' || r.parsed === null)
      return undefined;
    if (r.parsed.ok === true && !isStoredArticle(r.parsed.article)) return undefined;
  }
  for (const record of Object.values(m.outputs)) {
    const r = record as Partial<OutputRecord> | null;
    if (!r || typeof r.fingerprint !== 'string' || typeof r.files !== 'object' || r.files === null)
      return undefined;
  }
  if (m.plan !== undefined && !isPlan(m.plan)) {
    // A damaged plan only costs a full plan: keep the rest of the manifest.
    const { plan: _damaged, ...rest } = m as Manifest;
    return rest;
  }
  return m as Manifest;
}

function isPlan(value: unknown): boolean {
  const p = value as Partial<NonNullable<Manifest['plan']>> | null;
  return (
    !!p &&
    typeof p.at === 'string' &&
    !Number.isNaN(Date.parse(p.at)) &&
    (p.stableUntil === null ||
      (typeof p.stableUntil === 'string' && !Number.isNaN(Date.parse(p.stableUntil)))) &&
    typeof p.report === 'object' &&
    p.report !== null &&
    Array.isArray(p.report.feeds) &&
    Array.isArray(p.report.skipped)
  );
}

function isStoredArticle(value: unknown): boolean {
  const a = value as Partial<StoredArticle> | null | undefined;
  return (
    !!a &&
    typeof a.id === 'string' &&
    typeof a.key === 'string' &&
    typeof a.title === 'string' &&
    typeof a.date === 'string' &&
    !Number.isNaN(Date.parse(a.date)) &&
    typeof a.bodyHash === 'string' &&
    Array.isArray(a.categories) &&
    Array.isArray(a.tags) &&
    Array.isArray(a.authors)
  );
}
