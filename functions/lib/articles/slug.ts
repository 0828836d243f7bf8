/**
 * Slugs are Unicode-safe: letters and digits of any script, joined by
 * hyphens, lower-cased and NFC-normalised, so "Économie" and "سياسة" give
 * stable, readable paths.
 */
export const SLUG = /^[\p{L}\p{M}\p{N}]+(?:[-_][\p{L}\p{M}\p{N}]+)*$/u;

/** @example slugify('Politics & Security') === 'politics-security' */
export function slugify(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}
