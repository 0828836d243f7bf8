import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderIndexPage } from '../../functions/lib/feeds/render-index.js';
import { pageModel } from '../support/page-model.js';

const FORMAT_TYPES = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
} as const;
const FORMAT_LABELS = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' } as const;
const FORMATS = ['rss', 'atom', 'json'] as const;

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

function decode(value: string): string {
  return value.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** The attributes of every `<name …>` start tag, decoded. Enough for markup we write ourselves. */
function startTags(html: string, name: string): Array<Record<string, string>> {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'g'))].map(([, inside = '']) =>
    Object.fromEntries(
      [...inside.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)].map(([, key = '', value = '']) => [
        key,
        decode(value),
      ]),
    ),
  );
}

function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(([, body = '']) => body);
}

function inlineStyles(html: string): string[] {
  return [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(([, body = '']) => body);
}

function cspDirectives(html: string): Map<string, string[]> {
  const [meta] = startTags(html, 'meta').filter((m) => m['http-equiv'] === 'Content-Security-Policy');
  if (!meta?.content) throw new Error('no Content-Security-Policy meta tag');
  return new Map(
    meta.content.split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

describe('renderIndexPage', () => {
  it('is an HTML5 document a phone can read', () => {
    const html = renderIndexPage(pageModel());
    expect(html.startsWith('<!doctype html>\n<html lang="en" dir="ltr">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<title>Test Site — feeds</title>');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('writes every text from the model as text, never as markup', () => {
    const html = renderIndexPage(pageModel());
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<met>');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(
      '<h3 dir="auto">Test Site — &lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Quoted&quot;</h3>',
    );
    expect(html).toContain('Tags like &lt;script&gt;alert(1)&lt;/script&gt; stay text.');
    expect(html).toContain('Talks &lt;b&gt;in&lt;/b&gt; Rabat &amp; &quot;Paris&quot;');
    expect(inlineScripts(html)).toHaveLength(1);
  });

  it('announces every feed in every format for autodiscovery, with relative hrefs', () => {
    const model = pageModel();
    const links = startTags(renderIndexPage(model), 'link').filter((link) => link.rel === 'alternate');
    const expected = model.feeds.flatMap((feed) =>
      FORMATS.map((format) => ({
        rel: 'alternate',
        type: FORMAT_TYPES[format],
        title: `${feed.title} (${FORMAT_LABELS[format]})`,
        href: feed.paths[format],
      })),
    );
    expect(links).toEqual(expected);
    for (const link of links) expect(link.href).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\//i);
  });

  it('links each format of each feed and offers to copy its URL', () => {
    const model = pageModel();
    const html = renderIndexPage(model);
    const hrefs = startTags(html, 'a').map((a) => a.href);
    const copyTargets = startTags(html, 'button').map((button) => button['data-copy']);
    for (const feed of model.feeds) {
      for (const format of FORMATS) {
        expect(hrefs.filter((href) => href === feed.paths[format])).toHaveLength(1);
        expect(copyTargets.filter((target) => target === feed.paths[format])).toHaveLength(1);
      }
    }
    expect(hrefs).toContain('feeds.opml');
    expect(hrefs).toContain('https://site.test/');
  });

  it('groups the feeds by kind, main feed first, and leaves out empty groups', () => {
    const full = renderIndexPage(pageModel());
    const headings = (html: string) =>
      [...html.matchAll(/<h2 id="[^"]*">([^<]*)<\/h2>/g)].map(([, text]) => text);
    expect(headings(full)).toEqual(['All stories', 'Categories', 'Tags', 'Authors', 'Latest']);

    const model = pageModel();
    const withoutTags = pageModel({ feeds: model.feeds.filter((feed) => feed.kind !== 'tag'), latest: [] });
    expect(headings(renderIndexPage(withoutTags))).toEqual(['All stories', 'Categories', 'Authors']);
  });

  it('shows each feed’s description, item count and date, in UTC whatever the reader’s zone', () => {
    const html = renderIndexPage(pageModel());
    expect(html).toContain('<p class="description" dir="auto">أخبار السياسة</p>');
    expect(html).toContain(
      '<p class="meta">12 items · Updated <time datetime="2025-04-15T08:30:00Z">15 April 2025, 08:30 UTC</time></p>',
    );
    expect(html).toContain(
      '<p class="meta">1 item · Updated <time datetime="2025-04-13T22:05:00Z">13 April 2025, 22:05 UTC</time></p>',
    );
  });

  it('shows times in the site’s time zone with its offset, the instant in the datetime attribute', () => {
    const base = pageModel();
    const html = renderIndexPage(pageModel({ site: { ...base.site, timeZone: 'Africa/Casablanca' } }));
    // 08:30 UTC on 15 April 2025 is 09:30 in Casablanca (UTC+1 outside Ramadan).
    expect(html).toContain('<time datetime="2025-04-15T08:30:00Z">15 April 2025, 09:30 GMT+1</time>');
    // 22:05 UTC on 13 April is 23:05 there, the same day.
    expect(html).toContain('<time datetime="2025-04-13T22:05:00Z">13 April 2025, 23:05 GMT+1</time>');
    const newYork = renderIndexPage(pageModel({ site: { ...base.site, timeZone: 'America/New_York' } }));
    expect(newYork).toContain('<time datetime="2025-04-12T06:00:00Z">12 April 2025, 02:00 GMT-4</time>');
  });

  it('lists the latest stories, each linking to its article', () => {
    const model = pageModel();
    const html = renderIndexPage(model);
    const stories = startTags(html, 'a').filter((a) => a.class === 'story-title');
    expect(stories.map((a) => a.href)).toEqual(model.latest.map((item) => item.link));
    expect(html).toContain('<time datetime="2025-04-12T06:00:00Z">12 April 2025, 06:00 UTC</time>');
    expect(html).toContain('<p dir="auto">Ministers &lt;met&gt; &amp; talked.</p>');
  });

  it('lets the browser find the direction of every text from the site, so Arabic reads right to left', () => {
    expect(renderIndexPage(pageModel())).toContain('<h3 dir="auto">Test Site — سياسة</h3>');
  });

  it('keeps the page itself English and left to right, and tags the site’s text with the site’s language', () => {
    const model = pageModel();
    const arabic = renderIndexPage(
      pageModel({ site: { ...model.site, title: 'موقع الأخبار', language: 'ar-MA' } }),
    );
    expect(arabic.startsWith('<!doctype html>\n<html lang="en" dir="ltr">')).toBe(true);
    expect(arabic).toContain('<h1 lang="ar-MA" dir="auto">موقع الأخبار</h1>');
    expect(arabic).toContain('<h3 lang="ar-MA" dir="auto">Test Site — سياسة</h3>');
    // A story carries its own language: this one is English on an Arabic site.
    expect(arabic).toContain('<a class="story-title" href="https://site.test/quiet/" dir="auto">');
  });

  it('tags each latest story with its own language, so an Arabic story reads right to left on an English site', () => {
    const html = renderIndexPage(pageModel());
    expect(html).toContain('<a class="story-title" href="https://site.test/وزير/" lang="ar" dir="auto">');
    expect(html).toContain('<a class="story-title" href="https://site.test/quiet/" dir="auto">');
  });

  it('allows only its own inline script and style, by hash, in a Content-Security-Policy', () => {
    const html = renderIndexPage(pageModel());
    const csp = cspDirectives(html);
    const [script] = inlineScripts(html);
    const [style] = inlineStyles(html);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual([sha256Source(script ?? '')]);
    expect(csp.get('style-src')).toEqual([sha256Source(style ?? '')]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('img-src')).not.toContain('https:');
    expect(startTags(html, 'script').every((tag) => tag.src === undefined)).toBe(true);
  });

  it('loads nothing from another host: no remote src, no remote CSS url(), no @import', () => {
    const html = renderIndexPage(pageModel());
    expect(html).not.toMatch(/\bsrc\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
    const loaded = startTags(html, 'link').filter((link) => link.rel !== 'alternate');
    expect(loaded.map((link) => link.href).every((href) => href?.startsWith('data:'))).toBe(true);
  });

  it('gives the same bytes for the same model, in any time zone', () => {
    const first = renderIndexPage(pageModel());
    expect(renderIndexPage(pageModel())).toBe(first);
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Tokyo';
      expect(new Date('2025-04-15T08:30:00Z').getHours()).toBe(17);
      expect(renderIndexPage(pageModel())).toBe(first);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
