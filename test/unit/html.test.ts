import { describe, expect, it } from 'vitest';
import { excerptFromHtml, renderArticleHtml } from '../../functions/lib/articles/html.js';
import { MAX_MARKDOWN_NESTING } from '../../functions/lib/articles/nesting.js';

const BASE = 'https://site.test/news/story/';

describe('renderArticleHtml', () => {
  it('renders CommonMark', () => {
    expect(renderArticleHtml('# Title\n\nSome *em* and **strong**.\n\n- a\n- b\n', BASE)).toBe(
      '<h1>Title</h1>\n<p>Some <em>em</em> and <strong>strong</strong>.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n',
    );
  });

  it('makes relative links and images absolute against the article URL', () => {
    const html = renderArticleHtml('[up](../other/) [root](/about) ![p](photo.jpg) [same](#note)', BASE);
    expect(html).toContain('href="https://site.test/news/other/"');
    expect(html).toContain('href="https://site.test/about"');
    expect(html).toContain('src="https://site.test/news/story/photo.jpg"');
    expect(html).toContain('href="https://site.test/news/story/#note"');
  });

  it('keeps absolute http(s) and mailto links', () => {
    const html = renderArticleHtml('[a](https://example.org/x?a=1&b=2) [m](mailto:desk@site.test)', BASE);
    expect(html).toContain('href="https://example.org/x?a=1&amp;b=2"');
    expect(html).toContain('href="mailto:desk@site.test"');
  });

  it.each([
    ['<script>alert(1)</script>', '<script'],
    ['<style>body{}</style>', '<style'],
    ['<iframe src="https://evil.test"></iframe>', '<iframe'],
    ['<img src="x.png" onerror="alert(1)">', 'onerror'],
    ['[x](javascript:alert(1))', 'href="javascript:'],
    ['<a href="JaVaScRiPt:alert(1)">x</a>', 'alert'],
    ['<img src="data:image/png;base64,AAAA">', 'data:'],
    ['<a href="vbscript:msgbox(1)">x</a>', 'vbscript'],
    ['<object data="x"></object><embed src="x">', '<object'],
    ['<form action="https://evil.test"><input></form>', '<form'],
    ['<svg onload="alert(1)"></svg>', 'onload'],
  ])('removes dangerous markup: %s', (markdown, forbidden) => {
    expect(renderArticleHtml(markdown, BASE).toLowerCase()).not.toContain(forbidden.toLowerCase());
  });

  it('renders nesting up to the depth the parser allows', () => {
    const html = renderArticleHtml(`${'> '.repeat(MAX_MARKDOWN_NESTING)}deep`, BASE);
    expect(html).toContain('deep');
  });
});

describe('excerptFromHtml', () => {
  it('takes the first paragraph as plain text', () => {
    expect(excerptFromHtml('<h1>T</h1>\n<p>First &amp; <em>best</em>.</p>\n<p>Second</p>')).toBe(
      'First & best.',
    );
  });

  it('cuts long paragraphs at a word boundary with an ellipsis', () => {
    const excerpt = excerptFromHtml(`<p>${'word '.repeat(100)}</p>`, 50);
    expect(excerpt).toBe(`${'word '.repeat(9)}word…`);
  });
});
