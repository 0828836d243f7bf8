/**
 * Slugs are Unicode-safe: letters and digits of any script, joined by
 * hyphens, lower-cased and NFC-normalised, so "Économie" and "سياسة" give
 * stable, readable paths.
 */
export const SLUG = /^[\p{L}\p{M}\p{N}]+(?:[-_][\p{L}\p{M}\p{N}]+)*$/u;

const cache = new Map<string, string>();

/** @example slugify('Politics & Security') === 'politics-security' */
export function slugify(text: string): string {
  // The same few hundred names recur across tens of thousands of articles: remember them.
  let slug = cache.get(text);
  if (slug === undefined) {
    slug = text
      .normalize('NFC')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '');
    if (cache.size > 100_000) cache.clear();
    cache.set(text, slug);
  }
  return slug;
}
