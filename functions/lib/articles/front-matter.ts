import { parseDocument } from 'yaml';
import { parsePlainFrontMatter } from './front-matter-fast.js';

/** Result of splitting one file: the YAML between the `---` fences and the Markdown after them. */
export type SplitResult = { ok: true; yaml: string; body: string } | { ok: false; reason: string };

/**
 * Splits an article into front matter and body. Tolerates a UTF-8 BOM and
 * CRLF line endings, as editors on Windows write them.
 *
 * @example splitFrontMatter('---\ntitle: A\n---\nBody').ok === true
 */
export function splitFrontMatter(text: string): SplitResult {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (normalised.trim() === '') return { ok: false, reason: 'the file is empty' };
  if (!normalised.startsWith('---\n')) {
    return { ok: false, reason: 'front matter must start on the first line with "---"' };
  }
  const end = /^(?:---|\.\.\.)[ \t]*$/m;
  const rest = normalised.slice(4);
  const close = end.exec(rest);
  if (!close) return { ok: false, reason: 'front matter is never closed with a "---" line' };
  return {
    ok: true,
    yaml: rest.slice(0, close.index),
    body: rest.slice(close.index + close[0].length).replace(/^\n/, ''),
  };
}

/** Parsed YAML or the parser's first complaint, with its line. */
export type YamlResult = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Parses front matter YAML 1.2 (core schema: dates stay strings, so we parse
 * them ourselves with the site's time zone). Alias expansion is capped, which
 * defuses "billion laughs" alias bombs. The plain front matter most articles
 * have (flat `key: value` lines, simple lists) goes through a fast reader
 * that gives the same value; everything else, errors included, through the
 * full parser.
 */
export function parseFrontMatterYaml(yaml: string): YamlResult {
  const plain = parsePlainFrontMatter(yaml);
  if (plain !== undefined) return { ok: true, value: plain };
  try {
    const doc = parseDocument(yaml, { schema: 'core', uniqueKeys: true, prettyErrors: true });
    const firstError = doc.errors[0];
    if (firstError) {
      const line = firstError.linePos?.[0]?.line;
      const where = line === undefined ? '' : ` (front matter line ${line})`;
      const message = (firstError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?\s*$/, '');
      return { ok: false, reason: `malformed YAML${where}: ${message}${yamlHint(message)}` };
    }
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    return { ok: false, reason: `malformed YAML: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * What to do about the YAML mistake people make most: an unquoted value
 * with ": " in it (`title: Breaking: news`), which YAML reads as a mapping.
 */
export function yamlHint(message: string): string {
  return /Nested mappings are not allowed in compact mappings|Implicit map keys need to be followed by map values|mapping values are not allowed/i.test(
    message,
  )
    ? '; quote a value that contains ": " (title: "Breaking: news")'
    : '';
}
