import { parseOpml } from 'feedsmith';
import { describe, expect, it } from 'vitest';
import { renderOpml } from '../../functions/lib/feeds/render-opml.js';
import { feedEntry, pageModel } from '../support/page-model.js';
import { child, childrenNamed, parseXml } from '../support/xml.js';

describe('renderOpml', () => {
  it('is well-formed OPML 2.0 with the site title and the newest feed date as dateCreated', () => {
    const opml = parseXml(renderOpml(pageModel()));
    expect(opml.name).toBe('opml');
    expect(opml.attributes.version).toBe('2.0');
    const head = child(opml, 'head');
    expect(child(head, 'title').text).toBe('Test Site');
    // The main feed's 2025-04-15T08:30:00Z is the newest; the clock plays no part.
    expect(child(head, 'dateCreated').text).toBe('Tue, 15 Apr 2025 08:30:00 GMT');
  });

  it('lists exactly the public feeds, in model order, by absolute RSS URL', () => {
    const model = pageModel();
    const outlines = childrenNamed(child(parseXml(renderOpml(model)), 'body'), 'outline');
    expect(outlines.map((o) => o.attributes)).toEqual(
      model.feeds.map((feed) => ({
        type: 'rss',
        text: feed.title,
        title: feed.title,
        description: feed.description,
        xmlUrl: feed.urls.rss,
        htmlUrl: 'https://site.test/',
      })),
    );
  });

  it('escapes markup characters and quotes in attribute values, and keeps Arabic as it is', () => {
    const text = renderOpml(pageModel());
    expect(text).toContain('text="Test Site — &lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Quoted&quot;"');
    expect(text).toContain('title="Test Site — سياسة"');
    expect(text).toContain('xmlUrl="https://feeds.site.test/categories/سياسة/rss.xml"');
  });

  it('keeps tabs and line breaks in attribute values, which a parser would otherwise turn into spaces', () => {
    const model = pageModel({
      feeds: [
        feedEntry({ key: 'main', kind: 'main', title: 'Site', dir: '', description: 'One\nTwo\tThree' }),
      ],
    });
    const [outline] = childrenNamed(child(parseXml(renderOpml(model)), 'body'), 'outline');
    expect(outline?.attributes.description).toBe('One\nTwo\tThree');
  });

  it('reads the same in feedsmith, as a reader importing it would', () => {
    const model = pageModel();
    const parsed = parseOpml(renderOpml(model));
    expect(parsed.head?.title).toBe('Test Site');
    expect(parsed.body?.outlines?.map((o) => [o.text, o.xmlUrl, o.htmlUrl])).toEqual(
      model.feeds.map((feed) => [feed.title, feed.urls.rss, 'https://site.test/']),
    );
  });

  it('gives the same bytes for the same model, and no dateCreated without feeds', () => {
    expect(renderOpml(pageModel())).toBe(renderOpml(pageModel()));
    const empty = renderOpml(pageModel({ feeds: [] }));
    expect(empty).not.toContain('dateCreated');
    expect(childrenNamed(child(parseXml(empty), 'body'), 'outline')).toEqual([]);
  });
});
