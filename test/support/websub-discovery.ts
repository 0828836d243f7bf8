import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseJsonFeed } from 'feedsmith';
import { PYTHON } from './readers.js';

const run = promisify(execFile);

/** What a subscriber finds in a feed: the hubs to subscribe at, and the topic URL to subscribe to. */
export interface DiscoveredHubs {
  hubs: string[];
  self?: string;
}

// django-push's subscriber finds a feed's hub exactly this way (its
// subscriber/utils.py get_hub and docs/subscriber.rst): Python feedparser's
// feed.links, rel == 'hub'. Here every hub is kept, not only the first, and
// the rel="self" link too: the topic a subscriber then asks the hub for.
// The content type goes in as the response header feedparser would have got.
const SCRIPT = `
import sys, json, feedparser
d = feedparser.parse(sys.stdin.buffer.read(), response_headers={'content-type': sys.argv[1]})
links = d.feed.get('links', [])
json.dump({
    'version': d.get('version', ''),
    'bozo_exception': str(d.get('bozo_exception')) if d.get('bozo') else None,
    'hubs': [l['href'] for l in links if l.get('rel') == 'hub'],
    'self': next((l['href'] for l in links if l.get('rel') == 'self'), None),
}, sys.stdout)
`;

/**
 * The hubs and topic URL a WebSub subscriber discovers in a feed document
 * (W3C WebSub §4 Discovery). RSS and Atom are read by Python feedparser
 * (Debian's python3-feedparser), as feedparser-based subscribers do. JSON
 * Feed, which that feedparser does not read, by feedsmith: the JSON Feed 1.1
 * `hubs` of type exactly "WebSub" and `feed_url`.
 *
 * @example await discoverHubs(await target.read('rss.xml'), 'application/rss+xml; charset=utf-8')
 */
export async function discoverHubs(feedBody: string, contentType: string): Promise<DiscoveredHubs> {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return discoverInJsonFeed(feedBody);

  const child = run(PYTHON, ['-c', SCRIPT, contentType], { maxBuffer: 16 * 1024 * 1024 });
  child.child.stdin?.end(feedBody);
  const { stdout } = await child;
  const found = JSON.parse(stdout) as {
    version: string;
    bozo_exception: string | null;
    hubs: string[];
    self: string | null;
  };
  if (!found.version) {
    throw new Error(`feedparser did not read this as a feed: ${found.bozo_exception ?? 'unknown format'}`);
  }
  return { hubs: found.hubs, ...(found.self === null ? {} : { self: found.self }) };
}

function discoverInJsonFeed(feedBody: string): DiscoveredHubs {
  const feed = parseJsonFeed(feedBody);
  // JSON Feed 1.1: hubs are endpoints of several kinds (rssCloud, WebSub);
  // only WebSub ones are WebSub hubs.
  const hubs = (feed.hubs ?? []).flatMap((hub) => (hub.type === 'WebSub' && hub.url ? [hub.url] : []));
  return { hubs, ...(feed.feed_url === undefined ? {} : { self: feed.feed_url }) };
}
