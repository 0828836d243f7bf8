import type { z } from 'zod';

/** Field path as people write it: `authors[1].email`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** One message per zod issue: `field: reason`. */
export function describeIssues(error: z.ZodError): Array<{ field: string; reason: string }> {
  return error.issues.map((issue) => {
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : undefined;
    const field = fieldPath(unknownKeys ? [...issue.path, unknownKeys.join(', ')] : issue.path);
    // zod says "Invalid input: expected string, received undefined" for a field left out.
    const missing = /received undefined$/.test(issue.message);
    return {
      field: field || '(top level)',
      reason: unknownKeys ? 'unknown key' : missing ? 'is required' : issue.message,
    };
  });
}

/** Accepts only absolute http(s) URLs, which every feed format and reader resolves the same way. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** BCP 47 language tag, the shape RSS `language`, Atom `xml:lang` and JSON Feed `language` accept. */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/** `fr`, `ar`, `fr-MA`, `zh-Hant-TW`: the canonical case of a well-formed BCP 47 tag, else undefined. */
export function canonicalLanguage(tag: string): string | undefined {
  if (!LANGUAGE_TAG.test(tag)) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}
