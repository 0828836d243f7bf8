/**
 * A fast path for the front matter nearly every article has: a block mapping
 * of `key: value` lines whose values are one-line scalars, one-line flow
 * sequences of scalars, block sequences of scalars or of small one-level
 * mappings (authors), or one-level nested mappings (an image's url and alt).
 *
 * The full `yaml` parser costs ~110 µs per article, the largest per-article
 * cost of a big build; this reader is a small fraction of that. It is only
 * an optimisation: it answers exactly what
 * `parseDocument(yaml, { schema: 'core', uniqueKeys: true }).toJS()` answers,
 * and gives up (returns undefined) on anything it does not fully understand,
 * so the caller falls back to the full parser, which also words the errors.
 * When in doubt it gives up: a wrong value would be a silent bug, a give-up
 * only costs time.
 */

/** What the fast path can produce: the JSON-like subset of YAML it reads. */
type FastValue = string | number | boolean | null | FastValue[] | FastMapping;
type FastMapping = { [key: string]: FastValue };

/** Returned by the readers below when the text is outside the fast path. */
const UNSUPPORTED: unique symbol = Symbol('unsupported');
type Unsupported = typeof UNSUPPORTED;

/** A value read from one line, and where on the line reading stopped. */
type Read<T> = { value: T; end: number };

// Tabs (indentation and separation rules differ for them), carriage returns
// (the caller normalises line endings, so one here is unusual), other C0/C1
// controls, NEL, the Unicode line and paragraph separators, byte order marks
// and the non-characters U+FFFE/U+FFFF. None occurs in ordinary front matter,
// and each has special cases in YAML or in the parser.
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const UNSUPPORTED_CHARACTER = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;

// An implicit key we read: a plain identifier-like word followed by ":" and a
// space or the end of the line. Capped well below YAML's 1,024-character
// limit for implicit keys.
const KEY = /^([A-Za-z_][A-Za-z0-9_-]{0,127}):(?: +|$)/;

// Keys that the core schema would resolve to null or a boolean: an object key
// made of them would be "" or "true", not the text. Rare enough to leave to
// the full parser.
const NON_STRING_KEY = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;

/** A line with nothing but spaces, or spaces then a comment. */
const BLANK_OR_COMMENT = /^ *(?:#|$)/;

/** What may follow a complete value on its line: spaces, then maybe a comment. */
const VALUE_TAIL = /^(?: +(?:#.*)?)?$/;

/**
 * Returns the front matter's value as the full parser would, or undefined
 * when the text is not of the plain kind this reader handles.
 *
 * @example parsePlainFrontMatter('title: Hello\ntags: [a, b]') // { title: 'Hello', tags: ['a', 'b'] }
 * @example parsePlainFrontMatter('title: &a Hello') // undefined: anchors go to the full parser
 */
export function parsePlainFrontMatter(yaml: string): Record<string, unknown> | undefined {
  if (UNSUPPORTED_CHARACTER.test(yaml)) return undefined;
  const lines = yaml.split('\n');
  const mapping: FastMapping = {};
  let keys = 0;
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] as string;
    if (BLANK_OR_COMMENT.test(line)) {
      index += 1;
      continue;
    }
    // Every other top-level line starts a `key:` entry at column 0; anything
    // else (document markers, directives, indented continuations, stray
    // sequence items) is beyond the fast path.
    const entry = KEY.exec(line);
    if (!entry) return undefined;
    const key = entry[1] as string;
    if (NON_STRING_KEY.test(key) || Object.hasOwn(mapping, key)) return undefined;
    const rest = line.slice(entry[0].length);
    index += 1;
    let value: FastValue | Unsupported;
    if (rest === '' || rest[0] === '#') {
      // The value, if any, is on the following lines: a block sequence or a one-level mapping.
      const block = readBlockValue(lines, index);
      if (block === UNSUPPORTED) return undefined;
      value = block.value;
      index = block.end;
    } else {
      value = readLineValue(rest);
      if (value === UNSUPPORTED) return undefined;
    }
    setEntry(mapping, key, value);
    keys += 1;
  }
  // An empty or comment-only document is null to the full parser, not a mapping.
  return keys === 0 ? undefined : mapping;
}

/**
 * Adds one entry the way the yaml package's `toJS()` does: keys such as
 * `__proto__` or `constructor` that an object already has through its
 * prototype become own properties instead of reaching the prototype.
 */
function setEntry(mapping: FastMapping, key: string, value: FastValue): void {
  if (key in mapping) {
    Object.defineProperty(mapping, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    mapping[key] = value;
  }
}

/** Number of spaces that start a line. */
function indentationOf(line: string): number {
  let spaces = 0;
  while (line.charCodeAt(spaces) === 32) spaces += 1;
  return spaces;
}

/** Index of the first line at or after `from` that is not blank or a comment, or `lines.length`. */
function nextContentLine(lines: readonly string[], from: number): number {
  let index = from;
  while (index < lines.length && BLANK_OR_COMMENT.test(lines[index] as string)) index += 1;
  return index;
}

/** True when the line, at column `column`, holds a block sequence indicator: `-` then a space or the end. */
function isSequenceItemAt(line: string, column: number): boolean {
  return line[column] === '-' && (column + 1 === line.length || line[column + 1] === ' ');
}

/**
 * Reads the value of a top-level `key:` whose line holds no value: a block
 * sequence on the following lines (at any indentation, including column 0),
 * an indented one-level mapping, or null when the next content line is the
 * next top-level key or there is none.
 */
function readBlockValue(lines: readonly string[], from: number): Read<FastValue> | Unsupported {
  const next = nextContentLine(lines, from);
  if (next === lines.length) return { value: null, end: next };
  const line = lines[next] as string;
  const indentation = indentationOf(line);
  if (isSequenceItemAt(line, indentation)) return readBlockSequence(lines, next, indentation);
  if (indentation === 0) return { value: null, end: next };
  const pair = line.slice(indentation);
  const entry = KEY.exec(pair);
  // Otherwise a multi-line scalar: the full parser's job.
  if (!entry) return UNSUPPORTED;
  return readAlignedMapping(lines, next + 1, pair, entry, indentation);
}

/**
 * Reads `- item` lines at exactly `indentation` spaces. The sequence ends at
 * the first content line at column 0 that is not one of its items; any other
 * indentation (a continuation line, a nested block) is unsupported.
 */
function readBlockSequence(
  lines: readonly string[],
  from: number,
  indentation: number,
): Read<FastValue[]> | Unsupported {
  const items: FastValue[] = [];
  let index = from;
  for (;;) {
    index = nextContentLine(lines, index);
    if (index === lines.length) break;
    const line = lines[index] as string;
    const spaces = indentationOf(line);
    if (spaces !== indentation || !isSequenceItemAt(line, spaces)) {
      if (spaces === 0) break;
      return UNSUPPORTED;
    }
    const afterDash = spaces + 1;
    const gap = indentationOf(line.slice(afterDash));
    const content = line.slice(afterDash + gap);
    index += 1;
    if (content === '' || content[0] === '#') {
      // An empty item is null, provided nothing more indented follows (checked by the next round).
      items.push(null);
      continue;
    }
    const entry = KEY.exec(content);
    if (entry) {
      const item = readAlignedMapping(lines, index, content, entry, afterDash + gap);
      if (item === UNSUPPORTED) return UNSUPPORTED;
      items.push(item.value);
      index = item.end;
      continue;
    }
    const value = readLineValue(content);
    if (value === UNSUPPORTED) return UNSUPPORTED;
    items.push(value);
  }
  return { value: items, end: index };
}

/**
 * Reads a one-level mapping whose first pair, already matched, is at `column`
 * (on its own indented line, or after a sequence item's `- `) and that goes on
 * with `key: value` lines aligned with it. Every value must be on its key's
 * line; an empty one is null. The first content line at another column ends
 * the mapping, and the caller decides whether it may come there.
 */
function readAlignedMapping(
  lines: readonly string[],
  from: number,
  firstPair: string,
  firstKey: RegExpExecArray,
  column: number,
): Read<FastMapping> | Unsupported {
  const mapping: FastMapping = {};
  let pair = firstPair;
  let entry = firstKey;
  let index = from;
  for (;;) {
    const key = entry[1] as string;
    if (NON_STRING_KEY.test(key) || Object.hasOwn(mapping, key)) return UNSUPPORTED;
    const rest = pair.slice(entry[0].length);
    let value: FastValue | Unsupported = null;
    if (rest !== '' && rest[0] !== '#') {
      value = readLineValue(rest);
      if (value === UNSUPPORTED) return UNSUPPORTED;
    }
    setEntry(mapping, key, value);

    const next = nextContentLine(lines, index);
    if (next === lines.length) return { value: mapping, end: next };
    const line = lines[next] as string;
    if (indentationOf(line) !== column) return { value: mapping, end: next };
    pair = line.slice(column);
    const nextEntry = KEY.exec(pair);
    if (!nextEntry) return UNSUPPORTED;
    entry = nextEntry;
    index = next + 1;
  }
}

/**
 * Reads a value that is entirely on one line, from its first character to the
 * end of the line: a quoted string, a flow sequence of scalars, or a plain scalar.
 */
function readLineValue(text: string): FastValue | Unsupported {
  const first = text[0];
  if (first === '"' || first === "'" || first === '[') {
    const read = first === '[' ? readFlowSequence(text) : readQuoted(text, 0);
    if (read === UNSUPPORTED || !VALUE_TAIL.test(text.slice(read.end))) return UNSUPPORTED;
    return read.value;
  }
  return readBlockPlain(text);
}

/**
 * Characters that may not start a plain scalar, or that start something we
 * leave to the full parser: flow collections, comments, anchors, aliases,
 * tags, block scalars, quotes, directives and reserved characters.
 */
const NOT_PLAIN_START = new Set(',[]{}#&*!|>\'"%@`');

/**
 * True if `text` may start a plain scalar we read: `-`, `?` and `:` count as
 * indicators when a space, the end or (in a flow) a flow indicator follows;
 * `?` and `:` are left to the full parser whatever follows.
 */
function startsPlainScalar(text: string, inFlow: boolean): boolean {
  const first = text[0] as string;
  if (NOT_PLAIN_START.has(first) || first === '?' || first === ':') return false;
  if (first === '-') {
    const second = text[1];
    if (second === undefined || second === ' ') return false;
    if (inFlow && (second === ',' || second === ']')) return false;
  }
  return true;
}

/** Removes trailing spaces (only spaces: YAML's white space is space and tab, not Unicode's). */
function trimTrailingSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end -= 1;
  return text.slice(0, end);
}

/**
 * Reads a one-line plain scalar in block context. A `#` after a space starts a
 * comment; a `: ` or a trailing `:` would make it a mapping key, unsupported.
 */
function readBlockPlain(text: string): FastValue | Unsupported {
  if (!startsPlainScalar(text, false)) return UNSUPPORTED;
  const comment = text.indexOf(' #');
  const scalar = trimTrailingSpaces(comment === -1 ? text : text.slice(0, comment));
  if (scalar.includes(': ') || scalar.endsWith(':')) return UNSUPPORTED;
  return resolvePlainScalar(scalar);
}

/** In a plain flow entry: a pair's `:`, a nested collection's bracket, or a comment. */
const NOT_IN_FLOW_PLAIN = /[:[{}]| #/;

/**
 * Reads `[a, "b c", 'd']` on one line: scalars only, no empty entries and no
 * trailing comma. Plain entries with `:` or `#` after a space, or any of
 * `[{}`, are left to the full parser (pairs, comments and nested collections).
 */
function readFlowSequence(text: string): Read<FastValue[]> | Unsupported {
  const items: FastValue[] = [];
  let position = skipSpaces(text, 1);
  if (text[position] === ']') return { value: items, end: position + 1 };
  for (;;) {
    const first = text[position];
    if (first === undefined) return UNSUPPORTED;
    if (first === '"' || first === "'") {
      const read = readQuoted(text, position);
      if (read === UNSUPPORTED) return UNSUPPORTED;
      items.push(read.value);
      position = read.end;
    } else {
      let end = position;
      while (end < text.length && text[end] !== ',' && text[end] !== ']') end += 1;
      const scalar = trimTrailingSpaces(text.slice(position, end));
      if (
        scalar === '' ||
        !startsPlainScalar(scalar, true) ||
        NOT_IN_FLOW_PLAIN.test(scalar) ||
        end === text.length
      ) {
        return UNSUPPORTED;
      }
      items.push(resolvePlainScalar(scalar));
      position = end;
    }
    position = skipSpaces(text, position);
    const separator = text[position];
    if (separator === ']') return { value: items, end: position + 1 };
    if (separator !== ',') return UNSUPPORTED;
    position = skipSpaces(text, position + 1);
    // `[a, ]` is valid YAML, but rare: leave it to the full parser.
    if (text[position] === ']') return UNSUPPORTED;
  }
}

function skipSpaces(text: string, from: number): number {
  let position = from;
  while (text.charCodeAt(position) === 32) position += 1;
  return position;
}

/** Reads a single- or double-quoted string that opens at `start` and closes on the same line. */
function readQuoted(text: string, start: number): Read<string> | Unsupported {
  return text[start] === "'" ? readSingleQuoted(text, start) : readDoubleQuoted(text, start);
}

/** `'it''s'` is `it's`; no other escapes exist in single quotes. */
function readSingleQuoted(text: string, start: number): Read<string> | Unsupported {
  let search = start + 1;
  for (;;) {
    const quote = text.indexOf("'", search);
    if (quote === -1) return UNSUPPORTED; // continues on the next line
    if (text[quote + 1] === "'") {
      search = quote + 2;
      continue;
    }
    return { value: text.slice(start + 1, quote).replaceAll("''", "'"), end: quote + 1 };
  }
}

/** YAML's one-character escapes in double quotes, as the yaml package maps them. */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/** Hex digits after `\x`, `\u` and `\U`. */
const HEX_ESCAPE_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };
const HEX_DIGITS = /^[0-9a-fA-F]+$/;

/**
 * Reads a double-quoted string closed on the same line. A backslash at the end
 * of the line (an escaped line break) or an unknown escape is unsupported;
 * `\uD83D\uDE00`-style surrogate halves combine, as they do in the yaml package.
 */
function readDoubleQuoted(text: string, start: number): Read<string> | Unsupported {
  let value = '';
  let position = start + 1;
  for (;;) {
    // Jump from escape to escape: most strings have none, and are one slice.
    const quote = text.indexOf('"', position);
    if (quote === -1) return UNSUPPORTED; // continues on the next line
    const backslash = text.indexOf('\\', position);
    if (backslash === -1 || backslash > quote) {
      return { value: value + text.slice(position, quote), end: quote + 1 };
    }
    value += text.slice(position, backslash);
    const escaped = text[backslash + 1];
    if (escaped === undefined) return UNSUPPORTED;
    const simple = SIMPLE_ESCAPES[escaped];
    if (simple !== undefined) {
      value += simple;
      position = backslash + 2;
      continue;
    }
    const length = HEX_ESCAPE_LENGTH[escaped];
    if (length === undefined) return UNSUPPORTED;
    const hex = text.slice(backslash + 2, backslash + 2 + length);
    if (hex.length !== length || !HEX_DIGITS.test(hex)) return UNSUPPORTED;
    const code = Number.parseInt(hex, 16);
    if (code > 0x10ffff) return UNSUPPORTED;
    value += String.fromCodePoint(code);
    position = backslash + 2 + length;
  }
}

// The yaml package's YAML 1.2 core schema (yaml/dist/schema/core/*.js), tried
// in its order: null, bool, octal int, decimal int, hex int, .inf/.nan,
// exponent float, float. Anything else is a string; dates stay strings.
const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const CORE_INT_OCT = /^0o[0-7]+$/;
const CORE_INT = /^[-+]?[0-9]+$/;
const CORE_INT_HEX = /^0x[0-9a-fA-F]+$/;
const CORE_FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const CORE_FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** First characters that can begin a non-string core scalar: `~`, n/N, t/T, f/F, digits, sign, dot. */
const MAYBE_NOT_STRING = /^[~nNtTfF0-9+.-]/;

/**
 * Resolves a plain scalar as the yaml package's core schema does, with its
 * conversions: `parseInt` for integers (so `-0` is -0 and integers beyond
 * 2^53 lose precision, as `intAsBigInt` is off) and `parseFloat` for floats.
 */
export function resolvePlainScalar(text: string): string | number | boolean | null {
  if (!MAYBE_NOT_STRING.test(text)) return text === '' ? null : text;
  if (CORE_NULL.test(text)) return null;
  if (CORE_BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (CORE_INT_OCT.test(text)) return Number.parseInt(text.slice(2), 8);
  if (CORE_INT.test(text)) return Number.parseInt(text, 10);
  if (CORE_INT_HEX.test(text)) return Number.parseInt(text.slice(2), 16);
  if (CORE_FLOAT_NAN.test(text)) {
    if (text.slice(-3).toLowerCase() === 'nan') return Number.NaN;
    return text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (CORE_FLOAT_EXP.test(text) || CORE_FLOAT.test(text)) return Number.parseFloat(text);
  return text;
}
