import MarkdownIt, { type Options } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { MAX_MARKDOWN_NESTING } from './nesting.js';
import { cleanText } from './text.js';

// Raw HTML in Markdown is allowed, then everything passes the allowlist below.
const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });
// markdown-it silently drops what lies deeper than maxNesting; each container level costs about two.
markdown.set({ maxNesting: MAX_MARKDOWN_NESTING * 3 } as Options);

const ALLOWED_TAGS = [
  ...['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'kbd', 'samp'],
  ...['em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'sub', 'sup', 'mark', 'small', 'abbr', 'cite', 'q'],
  ...['ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img', 'figure', 'figcaption', 'time', 'span'],
  ...['table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption'],
];

function sanitizeOptions(baseUrl: string): sanitizeHtml.IOptions {
  const absolute = (value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    try {
      return new URL(value, baseUrl).href;
    } catch {
      return undefined;
    }
  };
  const withAbsolute =
    (attribute: 'href' | 'src' | 'cite') => (tagName: string, attribs: sanitizeHtml.Attributes) => {
      const resolved = absolute(attribs[attribute]);
      const { [attribute]: _dropped, ...rest } = attribs;
      return { tagName, attribs: resolved === undefined ? rest : { ...rest, [attribute]: resolved } };
    };
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      abbr: ['title'],
      time: ['datetime'],
      q: ['cite'],
      blockquote: ['cite'],
      ol: ['start', 'reversed'],
      th: ['colspan', 'rowspan', 'scope'],
      td: ['colspan', 'rowspan'],
      code: ['class'],
    },
    allowedClasses: { code: [/^language-[\w-]+$/] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
    // Readers resolve relative links against the feed's URL (the bucket), not the article's: make them absolute.
    transformTags: {
      a: withAbsolute('href'),
      img: withAbsolute('src'),
      q: withAbsolute('cite'),
      blockquote: withAbsolute('cite'),
    },
  };
}

const optionsByBase = new Map<string, sanitizeHtml.IOptions>();

/**
 * Markdown to HTML that is safe to hand to any reader or partner site: only
 * allowlisted tags and attributes, no scripts, styles, frames, event
 * handlers or `javascript:`/`data:` URLs, and every link and image absolute
 * against `baseUrl` (the article's own URL).
 *
 * @example renderArticleHtml('[more](../x)', 'https://example.com/a/b/') === '<p><a href="https://example.com/a/x">more</a></p>\n'
 */
export function renderArticleHtml(markdownText: string, baseUrl: string): string {
  let options = optionsByBase.get(baseUrl);
  if (!options) {
    options = sanitizeOptions(baseUrl);
    // Options close over the base URL; keep the cache small, one entry per rendered article is plenty.
    if (optionsByBase.size > 64) optionsByBase.clear();
    optionsByBase.set(baseUrl, options);
  }
  return cleanText(sanitizeHtml(markdown.render(markdownText), options));
}

/** The first paragraph as plain text, cut at a word boundary: the default summary. */
export function excerptFromHtml(html: string, maxLength = 280): string {
  const firstParagraph = /<p>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? html;
  const text = decodeEntities(sanitizeHtml(firstParagraph, { allowedTags: [], allowedAttributes: {} }))
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–—-]+$/u, '')}…`;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
}
