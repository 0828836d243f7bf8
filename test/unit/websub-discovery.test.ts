import { describe, expect, it } from 'vitest';
import { discoverHubs } from '../support/websub-discovery.js';

const HUB = 'https://pubsubhubbub.appspot.com/';
const SECOND_HUB = 'https://websubhub.com/hub';

describe('discoverHubs, as a subscriber reads a feed', () => {
  it('finds the hubs and self in RSS 2.0 atom:link elements (feedparser)', async () => {
    const rss = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Example</title>
    <link>https://example.org/</link>
    <description>An example</description>
    <atom:link rel="self" type="application/rss+xml" href="https://example.org/rss.xml"/>
    <atom:link rel="hub" href="${HUB}"/>
    <atom:link rel="hub" href="${SECOND_HUB}"/>
  </channel>
</rss>`;

    expect(await discoverHubs(rss, 'application/rss+xml; charset=utf-8')).toEqual({
      hubs: [HUB, SECOND_HUB],
      self: 'https://example.org/rss.xml',
    });
  });

  it('finds the hub and self in Atom 1.0 link elements (feedparser)', async () => {
    const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example</title>
  <id>https://example.org/</id>
  <updated>2025-04-14T11:00:00Z</updated>
  <link rel="alternate" href="https://example.org/"/>
  <link rel="self" type="application/atom+xml" href="https://example.org/atom.xml"/>
  <link rel="hub" href="${HUB}"/>
</feed>`;

    expect(await discoverHubs(atom, 'application/atom+xml')).toEqual({
      hubs: [HUB],
      self: 'https://example.org/atom.xml',
    });
  });

  it('finds the WebSub hubs and feed_url in a JSON Feed 1.1, leaving other kinds of hub out (feedsmith)', async () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Example',
      home_page_url: 'https://example.org/',
      feed_url: 'https://example.org/feed.json',
      hubs: [
        { type: 'rssCloud', url: 'https://rpc.rsscloud.example/ping' },
        { type: 'WebSub', url: HUB },
      ],
      items: [],
    });

    expect(await discoverHubs(json, 'application/feed+json')).toEqual({
      hubs: [HUB],
      self: 'https://example.org/feed.json',
    });
  });

  it('finds no hub and no self in a feed that advertises none', async () => {
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id><updated>2025-04-14T11:00:00Z</updated></feed>`;

    expect(await discoverHubs(atom, 'application/atom+xml')).toEqual({ hubs: [] });
  });
});
