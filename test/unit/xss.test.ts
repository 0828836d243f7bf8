import fc from 'fast-check';
import { DomUtils, ElementType, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { renderArticleHtml } from '../../functions/lib/articles/html.js';

const BASE = 'https://site.test/news/story/';

// The allowlist README and html.ts promise, restated here as the specification the output is held to.
const ALLOWED_TAGS = new Set([
  ...['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'kbd', 'samp'],
  ...['em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'sub', 'sup', 'mark', 'small', 'abbr', 'cite', 'q'],
  ...['ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img', 'figure', 'figcaption', 'time', 'span'],
  ...['table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption'],
]);
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
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
};
const URL_SCHEMES: Record<string, string[]> = {
  href: ['http:', 'https:', 'mailto:'],
  src: ['http:', 'https:'],
  // README: "no javascript:/data: URLs"; a cite URL is never navigated to, so mailto: is harmless there.
  cite: ['http:', 'https:', 'mailto:'],
};

/**
 * Everything unsafe about `html` when a browser-like HTML parser reads it: elements outside the
 * allowlist, event handlers, styles, attributes the tag may not carry, URLs that are not absolute
 * http(s)/mailto, and comments, CDATA or directives (places where parsers disagree).
 */
function unsafeParts(html: string): string[] {
  const problems: string[] = [];
  const visit = (nodes: ReturnType<typeof parseDocument>['children']) => {
    for (const node of nodes) {
      if (node.type === ElementType.Text) continue;
      if (!DomUtils.isTag(node)) {
        problems.push(`${node.type} node`);
        if (DomUtils.hasChildren(node)) visit(node.children);
        continue;
      }
      const tag = node.name;
      if (!ALLOWED_TAGS.has(tag)) problems.push(`<${tag}> is not allowed`);
      for (const [name, value] of Object.entries(node.attribs)) {
        if (name.startsWith('on')) problems.push(`<${tag} ${name}>: event handler`);
        if (name === 'style') problems.push(`<${tag} style>: style attribute`);
        if (!(ALLOWED_ATTRIBUTES[tag] ?? []).includes(name)) problems.push(`<${tag} ${name}>: not allowed`);
        const schemes = URL_SCHEMES[name];
        if (schemes) {
          const problem = urlProblem(value, schemes);
          if (problem) problems.push(`<${tag} ${name}="${value}">: ${problem}`);
        }
      }
      visit(node.children);
    }
  };
  visit(parseDocument(html).children);
  return problems;
}

function urlProblem(value: string, schemes: string[]): string | undefined {
  // As browsers do: strip leading and trailing C0 controls and spaces; the URL parser drops tabs and
  // newlines inside and lower-cases the scheme.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers strip exactly these characters
  const trimmed = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return 'not an absolute URL';
  }
  return schemes.includes(url.protocol.toLowerCase()) ? undefined : `scheme ${url.protocol} is not allowed`;
}

const B64_SCRIPT = 'PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='; // <script>alert(1)</script>
const B64_SVG = 'PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+'; // <svg onload=alert(1)>

/** Known vectors: OWASP XSS Filter Evasion Cheat Sheet, html5sec.org, PortSwigger XSS cheat sheet. */
const VECTORS: Array<{ source: string; vector: string }> = [
  // <script> in every shape
  { source: 'OWASP basic', vector: '<script>alert(1)</script>' },
  { source: 'OWASP case', vector: '<ScRiPt>alert(1)</sCrIpT>' },
  { source: 'OWASP external', vector: '<SCRIPT SRC=https://xss.rocks/xss.js></SCRIPT>' },
  { source: 'OWASP attributes', vector: '<script type="text/javascript" defer async>alert(1)</script>' },
  { source: 'OWASP non-alpha separator', vector: '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>' },
  { source: 'OWASP extra open brackets', vector: '<<SCRIPT>alert("XSS");//<</SCRIPT>' },
  { source: 'OWASP unclosed', vector: '<SCRIPT SRC=http://xss.rocks/xss.js?< B >' },
  { source: 'OWASP unclosed body', vector: 'text <script>alert(1)' },
  { source: 'nested split tag', vector: '<scr<script>ipt>alert(1)</scr</script>ipt>' },
  { source: 'OWASP malformed IMG', vector: '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>' },
  { source: 'PortSwigger textarea', vector: '<textarea><script>alert(1)</script></textarea>' },
  { source: 'PortSwigger template', vector: '<template><script>alert(1)</script></template>' },
  // <img> and friends
  { source: 'OWASP IMG javascript', vector: `<IMG SRC="javascript:alert('XSS');">` },
  { source: 'OWASP no quotes', vector: `<IMG SRC=javascript:alert('XSS')>` },
  { source: 'OWASP backticks', vector: '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>' },
  { source: 'OWASP onerror', vector: '<img src=x onerror=alert(1)>' },
  { source: 'PortSwigger slashes', vector: '<img/src=x/onerror=alert(1)>' },
  { source: 'OWASP onmouseover no src', vector: `<IMG onmouseover="alert('xxs')">` },
  { source: 'OWASP embedded tab', vector: `<IMG SRC="jav\tascript:alert('XSS');">` },
  { source: 'OWASP embedded newline', vector: `<IMG SRC="jav\nascript:alert('XSS');">` },
  { source: 'OWASP encoded tab', vector: `<IMG SRC="jav&#x09;ascript:alert('XSS');">` },
  { source: 'OWASP encoded newline', vector: `<IMG SRC="jav&#x0A;ascript:alert('XSS');">` },
  { source: 'OWASP encoded CR', vector: `<IMG SRC="jav&#x0D;ascript:alert('XSS');">` },
  { source: 'OWASP spaces and meta chars', vector: `<IMG SRC=" &#14;  javascript:alert('XSS');">` },
  {
    source: 'OWASP decimal entities',
    vector:
      '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  },
  {
    source: 'OWASP long decimal, no semicolons',
    vector:
      '<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000049&#0000041>',
  },
  {
    source: 'OWASP hex, no semicolons',
    vector:
      '<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x31&#x29>',
  },
  {
    source: 'PortSwigger srcset',
    vector: '<img srcset="javascript:alert(1) 1x, x 2x" src="https://ok.test/a.png">',
  },
  { source: 'PortSwigger eval(src)', vector: '<img src="x:alert(1)" onerror="eval(src)">' },
  {
    source: 'allowed tag, style and onload',
    vector: '<img src="https://ok.test/a.png" style="x" onload="alert(1)">',
  },
  // SVG and MathML
  { source: 'PortSwigger svg onload', vector: '<svg onload=alert(1)>' },
  { source: 'PortSwigger svg/onload', vector: '<svg/onload=alert(1)>' },
  { source: 'html5sec svg script', vector: '<svg><script>alert(1)</script></svg>' },
  {
    source: 'html5sec svg xlink:href',
    vector: '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
  },
  { source: 'PortSwigger svg animate', vector: '<svg><animate onbegin=alert(1) attributeName=x dur=1s>' },
  {
    source: 'PortSwigger svg set',
    vector: '<svg><a><set attributeName="href" to="javascript:alert(1)"/>x</a></svg>',
  },
  { source: 'html5sec math href', vector: '<math href="javascript:alert(1)">CLICKME</math>' },
  {
    source: 'DOMPurify mXSS (math/mglyph/style)',
    vector:
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  },
  {
    source: 'mXSS noscript',
    vector: '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  },
  // frames, objects, documents
  { source: 'html5sec iframe srcdoc', vector: '<iframe srcdoc="<script>alert(1)</script>"></iframe>' },
  { source: 'OWASP iframe javascript', vector: '<iframe src="javascript:alert(1)"></iframe>' },
  { source: 'OWASP object data', vector: `<object data="data:text/html;base64,${B64_SCRIPT}"></object>` },
  {
    source: 'OWASP object scriptlet',
    vector: '<object type="text/x-scriptlet" data="https://xss.rocks/scriptlet.html"></object>',
  },
  {
    source: 'OWASP embed',
    vector: `<embed src="data:image/svg+xml;base64,${B64_SVG}" type="image/svg+xml">`,
  },
  { source: 'OWASP applet', vector: '<applet code="javascript:alert(1)"></applet>' },
  { source: 'OWASP base href', vector: '<base href="javascript:alert(1)//"><a href="x">x</a>' },
  { source: 'OWASP meta refresh', vector: '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">' },
  {
    source: 'OWASP meta refresh data',
    vector: `<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html;base64,${B64_SCRIPT}">`,
  },
  { source: 'html5sec link import', vector: '<link rel="import" href="https://evil.test/x.html">' },
  { source: 'OWASP stylesheet', vector: '<link rel="stylesheet" href="javascript:alert(1)">' },
  { source: 'OWASP body onload', vector: '<body onload=alert(1)>' },
  { source: 'OWASP frameset', vector: '<frameset onload=alert(1)>' },
  // forms and interactive elements
  { source: 'OWASP form action', vector: '<form action="javascript:alert(1)"><input type="submit"></form>' },
  {
    source: 'html5sec formaction',
    vector: '<form><button formaction="javascript:alert(1)">X</button></form>',
  },
  { source: 'html5sec input autofocus', vector: '<input autofocus onfocus=alert(1)>' },
  { source: 'OWASP isindex', vector: '<isindex action=javascript:alert(1) type=image>' },
  { source: 'PortSwigger details ontoggle', vector: '<details open ontoggle=alert(1)>' },
  { source: 'PortSwigger marquee', vector: '<marquee onstart=alert(1)>x</marquee>' },
  { source: 'PortSwigger video source', vector: '<video><source onerror="alert(1)"></video>' },
  { source: 'PortSwigger video poster', vector: '<video poster=javascript:alert(1)//></video>' },
  { source: 'PortSwigger audio', vector: '<audio src=x onerror=alert(1)>' },
  { source: 'unknown element handler', vector: '<x onclick=alert(1)>x</x>' },
  // links in HTML
  { source: 'OWASP a javascript', vector: '<a href="javascript:alert(1)">x</a>' },
  { source: 'OWASP a no quotes', vector: '<a href=javascript:alert(1)>x</a>' },
  { source: 'OWASP a leading spaces', vector: '<a href="   javascript:alert(1)">x</a>' },
  { source: 'OWASP a leading control', vector: '<a href="&#1;&#14;javascript:alert(1)">x</a>' },
  { source: 'OWASP a hex entity', vector: '<a href="&#x6A;avascript:alert(1)">x</a>' },
  { source: 'OWASP a decimal entity', vector: '<a href="&#106;avascript:alert(1)">x</a>' },
  { source: 'OWASP a mid entity', vector: '<a href="javas&#99;ript:alert(1)">x</a>' },
  { source: 'PortSwigger &colon;', vector: '<a href="javascript&colon;alert(1)">x</a>' },
  { source: 'OWASP a tab entity', vector: '<a href="jav&#x09;ascript:alert(1)">x</a>' },
  { source: 'OWASP a data', vector: `<a href="data:text/html;base64,${B64_SCRIPT}">x</a>` },
  { source: 'OWASP a vbscript', vector: '<a href="vbscript:msgbox(1)">x</a>' },
  { source: 'unicode-escaped scheme', vector: '<a href="\\u006Aavascript:alert(1)">x</a>' },
  { source: 'fullwidth scheme', vector: '<a href="ｊａｖａｓｃｒｉｐｔ：alert(1)">x</a>' },
  {
    source: 'PortSwigger onclick on allowed tag',
    vector: '<a href="https://ok.test" onclick="alert(1)">x</a>',
  },
  {
    source: 'OWASP attribute breakout',
    vector: '<a href="javascript:alert(1)" title="&quot;><script>alert(1)</script>">x</a>',
  },
  {
    source: 'OWASP table background',
    vector: '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
  },
  { source: 'blockquote cite javascript', vector: '<blockquote cite="javascript:alert(1)">q</blockquote>' },
  { source: 'q cite data', vector: '<q cite="data:text/html,x">q</q>' },
  // styles
  { source: 'OWASP style url()', vector: '<div style="background:url(javascript:alert(1))">x</div>' },
  {
    source: 'OWASP style on allowed tag',
    vector: `<p style="background-image:url('javascript:alert(1)')">x</p>`,
  },
  { source: 'OWASP style @import', vector: `<style>@import 'https://xss.rocks/xss.css';</style>` },
  { source: 'OWASP expression()', vector: '<p style="width: expression(alert(1))">x</p>' },
  {
    source: 'OWASP obfuscated expression',
    vector: `<span style="xss:expr/*XSS*/ession(alert('XSS'))">x</span>`,
  },
  { source: 'OWASP behavior', vector: '<xss style="behavior: url(xss.htc);">x</xss>' },
  // Markdown forms
  { source: 'Markdown link', vector: '[x](javascript:alert(1))' },
  { source: 'Markdown upper case', vector: '[x](JAVASCRIPT:alert(1))' },
  { source: 'Markdown leading spaces', vector: '[x](  javascript:alert(1))' },
  { source: 'Markdown angle destination', vector: '[x](<javascript:alert(1)>)' },
  { source: 'Markdown image', vector: '![x](javascript:alert(1))' },
  { source: 'Markdown entity', vector: '[x](&#106;avascript:alert(1))' },
  { source: 'Markdown hex entity tab', vector: '[x](jav&#x09;ascript:alert(1))' },
  { source: 'Markdown encoded parens', vector: '[x](javascript:alert%281%29)' },
  { source: 'Markdown data link', vector: `[x](data:text/html;base64,${B64_SCRIPT})` },
  { source: 'Markdown data svg image', vector: `![x](data:image/svg+xml;base64,${B64_SVG})` },
  { source: 'Markdown data png image', vector: '![x](data:image/png;base64,iVBORw0KGgo=)' },
  { source: 'Markdown vbscript', vector: '[x](vbscript:msgbox(1))' },
  { source: 'Markdown autolink', vector: '<javascript:alert(1)>' },
  { source: 'Markdown data autolink', vector: `<data:text/html;base64,${B64_SCRIPT}>` },
  { source: 'Markdown reference link', vector: '[x][r]\n\n[r]: javascript:alert(1)' },
  {
    source: 'Markdown reference with title',
    vector: `[x][r]\n\n[r]: data:text/html;base64,${B64_SCRIPT} "t"`,
  },
  { source: 'Markdown link title breakout', vector: '[x](https://ok.test "a\\" onmouseover=\\"alert(1)")' },
  { source: 'Markdown image alt breakout', vector: '![" onerror="alert(1)](https://ok.test/a.png)' },
  // comments and CDATA
  { source: 'html5sec comment', vector: '<!--<img src=x onerror=alert(1)>-->' },
  { source: 'html5sec comment breakout', vector: '<!-- --!><img src=x onerror=alert(1)> -->' },
  { source: 'html5sec CDATA', vector: '<![CDATA[<script>alert(1)</script>]]>' },
  { source: 'CDATA in paragraph', vector: 'a <![CDATA[ ]]><img src=x onerror=alert(1)> b' },
  { source: 'processing instruction', vector: '<?xml-stylesheet href="javascript:alert(1)"?>' },
];

describe('renderArticleHtml against known XSS vectors', () => {
  it(`checks ${VECTORS.length} vectors`, () => {
    expect(VECTORS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(VECTORS)('neutralises $source: $vector', ({ vector }) => {
    const html = renderArticleHtml(vector, BASE);
    expect(unsafeParts(html)).toEqual([]);
  });

  it.each(VECTORS)('neutralises $source inside a list, a quote and a table', ({ vector }) => {
    const wrapped = [
      `- item ${vector}`,
      '',
      `> ${vector}`,
      '',
      '| a |',
      '| - |',
      `| ${vector.replace(/\n/g, ' ').replace(/\|/g, '\\|')} |`,
    ].join('\n');
    expect(unsafeParts(renderArticleHtml(wrapped, BASE))).toEqual([]);
  });
});

describe('the output check itself', () => {
  it.each([
    ['<script>alert(1)</script>', '<script> is not allowed'],
    [
      '<a href="javascript:alert(1)">x</a>',
      '<a href="javascript:alert(1)">: scheme javascript: is not allowed',
    ],
    ['<a href=" JaVaScRiPt:x">x</a>', '<a href=" JaVaScRiPt:x">: scheme javascript: is not allowed'],
    ['<img src="mailto:a@b.test">', '<img src="mailto:a@b.test">: scheme mailto: is not allowed'],
    ['<a href="/relative">x</a>', '<a href="/relative">: not an absolute URL'],
    ['<p onclick="x">x</p>', '<p onclick>: event handler'],
    ['<!-- x -->', 'comment node'],
  ])('flags %s', (html, problem) => {
    expect(unsafeParts(html)).toContain(problem);
  });

  it('accepts what the sanitiser is meant to keep', () => {
    const html = renderArticleHtml(
      '# T\n\n[a](https://ok.test/?a=1&b=2) [m](mailto:desk@site.test) ![i](pic.png "t") `code`\n\n> q\n',
      BASE,
    );
    expect(html).toContain('href="https://ok.test/?a=1&amp;b=2"');
    expect(unsafeParts(html)).toEqual([]);
  });
});

// Fragments attackers combine: tags, attributes, schemes, quotes, entities, whitespace and Markdown.
const DANGEROUS_FRAGMENTS = [
  ...[
    '<script>',
    '</script>',
    '<script ',
    '<img ',
    '<a ',
    '<svg',
    '<math>',
    '<iframe ',
    '<object ',
    '<embed ',
  ],
  ...['<style>', '</style>', '<base ', '<meta ', '<link ', '<form ', '<input ', '<details ', '<video>'],
  ...['<source ', '<body ', '<blockquote ', '<q ', '<p ', '<span ', '<noscript>', '<textarea>', '<template>'],
  ...['<!--', '-->', '--!>', '<![CDATA[', ']]>', '<?', '?>', '<', '>', '/>', '</', '/', '=', ' '],
  ...['src=', 'href=', 'cite=', 'srcset=', 'style=', 'onerror=', 'onload=', 'onclick=', 'ONMOUSEOVER=', 'on'],
  ...['xlink:href=', 'formaction=', 'action=', 'data=', 'srcdoc=', 'background=', 'poster=', 'http-equiv='],
  ...[
    'javascript:',
    'JaVaScRiPt:',
    'java',
    'script:',
    'vbscript:',
    'data:text/html,',
    'data:image/png;base64,',
  ],
  ...['mailto:', 'https://ok.test/', '//evil.test/', 'expression(', 'url(', '@import ', 'alert(1)', 'x'],
  ...[
    '"',
    "'",
    '`',
    '&#106;',
    '&#x6A;',
    '&#x09;',
    '&#10;',
    '&colon;',
    '&lt;',
    '&gt;',
    '&amp;',
    '&quot;',
    '&#0;',
  ],
  ...['\n', '\n\n', '\t', '\r', '\u0000', '\u0001', '\u00a0', '\u2028', '\\', '%0a', '%3C'],
  ...['[x](', '](', ')', '![', '[', ']', '[r]: ', '> ', '- ', '1. ', '    ', '```\n', '`', '*', '_', '|'],
];

describe('renderArticleHtml on random mixtures of dangerous fragments', () => {
  it('never outputs a disallowed element, an event handler, a style or a non-http(s)/mailto URL', () => {
    const hostile = fc
      .array(fc.constantFrom(...DANGEROUS_FRAGMENTS), { minLength: 1, maxLength: 60 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(hostile, (markdown) => {
        expect(unsafeParts(renderArticleHtml(markdown, BASE))).toEqual([]);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 1000) },
    );
  });
});
