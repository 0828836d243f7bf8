import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What Python feedparser (Debian's python3-feedparser) makes of a feed. */
export interface FeedparserResult {
  version: string;
  bozo: number;
  bozo_exception?: string;
  feed: {
    title?: string;
    link?: string;
    language?: string;
    updated?: string;
    id?: string;
    links?: FeedparserLink[];
    /** RFC 6721 tombstone: feedparser has no model for it and keeps the (last) element's attributes. */
    'at_deleted-entry'?: { ref?: string; when?: string };
  };
  entries: Array<{
    id?: string;
    title?: string;
    title_type?: string;
    link?: string;
    published?: string;
    published_parsed?: number[];
    updated?: string;
    summary?: string;
    content?: Array<{ type: string; value: string }>;
    tags?: string[];
    author?: string;
    /** The entry's xml:lang, as feedparser reports it on the title. */
    language?: string;
    links?: FeedparserLink[];
    media_content?: Array<Record<string, string>>;
    media_thumbnail?: Array<Record<string, string>>;
  }>;
}

export interface FeedparserLink {
  rel?: string;
  type?: string;
  hreflang?: string;
  href?: string;
}

// Debian's interpreter: python3 on PATH may be another one without feedparser.
export const PYTHON = '/usr/bin/python3';
const SCRIPT = `
import sys, json, time, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
def entry(e):
    return {
        'id': e.get('id'), 'title': e.get('title'), 'title_type': e.get('title_detail', {}).get('type'),
        'link': e.get('link'), 'published': e.get('published'),
        'published_parsed': list(e.published_parsed)[:6] if e.get('published_parsed') else None,
        'updated': e.get('updated'), 'summary': e.get('summary'),
        'content': [{'type': c.get('type'), 'value': c.get('value')} for c in e.get('content', [])],
        'tags': [t.get('term') for t in e.get('tags', [])], 'author': e.get('author'),
        'language': e.get('title_detail', {}).get('language'),
        'links': [dict(l) for l in e.get('links', [])],
        'media_content': [dict(m) for m in e.get('media_content', [])],
        'media_thumbnail': [dict(m) for m in e.get('media_thumbnail', [])],
    }
def feed(f):
    out = {k: f.get(k) for k in ('title', 'link', 'language', 'updated', 'id')}
    out['links'] = [dict(l) for l in f.get('links', [])]
    if 'at_deleted-entry' in f:
        out['at_deleted-entry'] = dict(f['at_deleted-entry'])
    return out
out = {
    'version': d.get('version'), 'bozo': int(d.get('bozo', 0)),
    'bozo_exception': str(d.get('bozo_exception')) if d.get('bozo') else None,
    'feed': feed(d.feed),
    'entries': [entry(e) for e in d.entries],
}
json.dump(out, sys.stdout)
`;

/** Parses a feed with Python feedparser, the parser behind many readers and services. */
export async function parseWithFeedparser(feed: string): Promise<FeedparserResult> {
  const child = run(PYTHON, ['-c', SCRIPT], { maxBuffer: 64 * 1024 * 1024 });
  child.child.stdin?.end(feed);
  const { stdout } = await child;
  return JSON.parse(stdout) as FeedparserResult;
}

const MANY_SCRIPT = `
import sys, json, feedparser
out = {}
for path in sys.argv[1:]:
    d = feedparser.parse(open(path, 'rb').read())
    out[path] = {
        'version': d.get('version'), 'bozo': int(d.get('bozo', 0)),
        'bozo_exception': str(d.get('bozo_exception')) if d.get('bozo') else None,
        'title': d.feed.get('title'),
        'entries': [{'id': e.get('id'), 'title': e.get('title'), 'link': e.get('link')} for e in d.entries],
    }
json.dump(out, sys.stdout)
`;

/** Parses many feed files in one Python process (cheaper than one process per file). */
export async function parseFilesWithFeedparser(paths: string[]): Promise<
  Record<
    string,
    {
      version: string;
      bozo: number;
      bozo_exception: string | null;
      title: string;
      entries: Array<{ id: string; title: string; link: string }>;
    }
  >
> {
  const { stdout } = await run(PYTHON, ['-c', MANY_SCRIPT, ...paths], { maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(stdout);
}

/** xmllint --noout: libxml2's well-formedness check; resolves with its stderr (empty when clean). */
export async function xmllint(file: string): Promise<string> {
  const { stderr } = await run('xmllint', ['--noout', '--nonet', file]);
  return stderr;
}
