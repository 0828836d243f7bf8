/** Container depth (quotes, lists) an article may use; parseArticle refuses deeper bodies so no text is dropped. */
export const MAX_MARKDOWN_NESTING = 32;

/**
 * An upper bound on the container depth (quotes, lists) of any line, with
 * the line number: the markers opening the line (`>`, bullets, `1.`) plus
 * half its leading indentation (a nested list item is indented at least two
 * columns per level). Over-estimating only ever refuses, never drops text.
 * A linear scan: no regex backtracking on hostile input.
 */
export function deepestNesting(markdownText: string): { depth: number; line: number } {
  let deepest = { depth: 0, line: 0 };
  let line = 1;
  let depth = 0;
  let indent = 0;
  let leading = true;
  let atLineStart = true;
  // Inside a fenced code block indentation is content, not nesting: the fence that opened it ("```", "~~~").
  let fence: string | undefined;
  for (let i = 0; i < markdownText.length; i++) {
    const c = markdownText[i];
    if (c === '\n') {
      line += 1;
      depth = 0;
      indent = 0;
      leading = true;
      atLineStart = true;
      continue;
    }
    if (!atLineStart) continue;
    if (c === ' ' || c === '\t') {
      if (leading) indent = c === '\t' ? indent + 4 - (indent % 4) : indent + 1;
      continue;
    }
    leading = false;
    if ((c === '`' || c === '~') && markdownText.startsWith(c.repeat(3), i)) {
      fence = fence === undefined ? c : fence === c ? undefined : fence;
      atLineStart = false;
      continue;
    }
    if (fence !== undefined) {
      atLineStart = false;
      continue;
    }
    if (c === '>' || ((c === '-' || c === '*' || c === '+') && /\s/.test(markdownText[i + 1] ?? '\n'))) {
      depth += 1;
    } else if (c !== undefined && c >= '0' && c <= '9') {
      let j = i;
      while (j < markdownText.length && (markdownText[j] ?? '') >= '0' && (markdownText[j] ?? '') <= '9') j++;
      if ((markdownText[j] === '.' || markdownText[j] === ')') && /\s/.test(markdownText[j + 1] ?? '\n')) {
        depth += 1;
        i = j;
      } else atLineStart = false;
    } else atLineStart = false;
    const total = depth + Math.floor(indent / 2);
    if (total > deepest.depth) deepest = { depth: total, line };
  }
  return deepest;
}
