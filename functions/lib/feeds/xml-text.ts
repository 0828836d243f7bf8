/**
 * `feed` serialises through xml-js, which gets three things wrong; these
 * helpers prepare values so the bytes come out right. The output gate and the
 * property tests hold them to it.
 */

/**
 * For values xml-js writes as text: it first turns every `&amp;` back into
 * `&` ("to avoid double sanitization"), then escapes. Escaping `&` here makes
 * that round trip exact, so a title reading "R&amp;D" stays "R&amp;D".
 */
export function forXmlText(value: string): string {
  return value.replace(/&/g, '&amp;');
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
