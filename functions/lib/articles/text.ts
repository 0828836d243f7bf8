/**
 * Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates,
 * U+FFFE/U+FFFF) and those it discourages and readers choke on (DEL, C1
 * controls, noncharacters), plus U+FFFD, the trace of text decoded wrongly
 * somewhere upstream, which the W3C validator reports as bad characters. Removed from every text field at the boundary, so
 * all three feed formats carry the same text.
 */
const XML_UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFD\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/g;

/**
 * Removes characters that XML 1.0 forbids or discourages, and turns CR and
 * CRLF into LF (XML parsers do that to raw text anyway, so every format reads
 * the same). @example cleanText('a\u0000b\r\n') === 'ab\n'
 */
export function cleanText(text: string): string {
  return text.replace(XML_UNSAFE, '').replace(/\r\n?/g, '\n');
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes the five XML special characters for text or attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
