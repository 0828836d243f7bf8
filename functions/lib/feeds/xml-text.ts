/**
 * `feed` serialises through xml-js, which gets text wrong in three ways: it
 * turns every `&amp;` back into `&` before escaping, splits only the first
 * `]]>` of a CDATA section, and cannot write character references. Plain text
 * therefore goes in through slots (filled after rendering) and HTML through
 * forCdata. The output gate and the property tests hold them to it.
 */

const HEX_REFERENCES: Record<string, string> = { '&': '&#x26;', '<': '&#x3C;', '>': '&#x3E;' };

/**
 * Plain text as the RSS Advisory Board profile asks: "&", "<" and ">" as
 * hexadecimal character references. Readers disagree on whether RSS text
 * holds HTML; this is the form the most of them read as plain text, and the
 * one the W3C validator accepts without a CharacterData warning.
 */
export function hexEscapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => HEX_REFERENCES[c] ?? c);
}

/**
 * `feed` always wraps RSS item titles in CDATA, where character references
 * cannot be written. A slot is a placeholder we hand to `feed` instead; after
 * rendering, `fill` puts the hex-escaped text where the placeholder (and its
 * CDATA wrapper) stands. Placeholders use U+0001, which cleanText has removed
 * from every text field, so they cannot collide with content.
 */
export function createTextSlots() {
  const values: string[] = [];
  return {
    slot(text: string): string {
      values.push(text);
      return `\u0001${values.length - 1}\u0001`;
    },
    fill(xml: string): string {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: U+0001 marks our placeholders
      return xml.replace(/(?:<!\[CDATA\[)?\u0001(\d+)\u0001(?:\]\]>)?/g, (_, index: string) =>
        hexEscapeText(values[Number(index)] ?? ''),
      );
    },
  };
}

/**
 * For values xml-js writes as CDATA: it splits only the first `]]>`. We split
 * every later one ourselves; the first is left for xml-js to split.
 */
export function forCdata(value: string): string {
  const first = value.indexOf(']]>');
  if (first === -1) return value;
  const head = value.slice(0, first + 3);
  return head + value.slice(first + 3).replaceAll(']]>', ']]]]><![CDATA[>');
}
