import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, StorageError } from '../../functions/lib/errors.js';
import {
  contentTypeFor,
  isLoopbackHost,
  type PreviewServer,
  startPreviewServer,
} from '../../functions/lib/preview.js';
import { DEFAULT_CACHE_CONTROL } from '../../functions/lib/targets/s3.js';

const RSS = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>feedwright preview</title>
    <link>https://feedwright.example/</link>
    <description>Feeds served before they are deployed</description>
    <item>
      <title>Morocco’s Interior Minister Holds Talks with French Peer in Rabat</title>
      <link>https://feedwright.example/rabat/</link>
      <guid isPermaLink="false">tag:feedwright.example,2025:rabat</guid>
      <pubDate>Mon, 14 Apr 2025 11:00:00 +0000</pubDate>
      <description>Rabat – talks on security and migration.</description>
    </item>
  </channel>
</rss>
`;
const POLITICS_RSS = RSS.replace('feedwright preview', 'feedwright preview: Politics');
const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>feedwright preview</title></feed>
`;
const JSON_FEED = '{"version":"https://jsonfeed.org/version/1.1","title":"feedwright preview","items":[]}\n';
const INDEX_HTML = '<!doctype html><title>feedwright feeds</title>\n';
const OPML = '<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0"><head/><body/></opml>\n';
const SECRET = 'SECRET-OUTSIDE-THE-PREVIEW-FOLDER';
const MODIFIED = new Date('2025-04-14T11:00:00Z');
const MODIFIED_HTTP = 'Mon, 14 Apr 2025 11:00:00 GMT';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Sends the request target byte for byte. fetch() would normalise `..` and
 * `%2e%2e` away before sending, which would hide exactly what these specs check.
 */
function send(
  port: number,
  target: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: target,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const md5Etag = (text: string) => `"${createHash('md5').update(text, 'utf8').digest('hex')}"`;

let workDir: string;
let publicDir: string;
let preview: PreviewServer;
let logLines: string[];

/** A fresh built folder (`public/`) per test, with a secret file and folder beside it to try to reach. */
beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'feedwright-preview-'));
  publicDir = path.join(workDir, 'public');
  await mkdir(path.join(publicDir, 'categories', 'politics'), { recursive: true });
  await mkdir(path.join(workDir, 'outside'));
  const files: Record<string, string> = {
    'public/rss.xml': RSS,
    'public/atom.xml': ATOM,
    'public/feed.json': JSON_FEED,
    'public/index.html': INDEX_HTML,
    'public/feeds.opml': OPML,
    'public/categories/politics/rss.xml': POLITICS_RSS,
    'secret.txt': SECRET,
    x: SECRET,
    'package.json': SECRET,
    'outside/secret.xml': SECRET,
  };
  for (const [name, body] of Object.entries(files)) {
    await writeFile(path.join(workDir, name), body);
    await utimes(path.join(workDir, name), MODIFIED, MODIFIED);
  }
  logLines = [];
  preview = await startPreviewServer({ dir: publicDir, port: 0, log: (line) => logLines.push(line) });
});

afterEach(async () => {
  await preview.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('contentTypeFor', () => {
  it.each([
    ['rss.xml', 'application/rss+xml; charset=utf-8'],
    ['categories/politics/rss.xml', 'application/rss+xml; charset=utf-8'],
    ['atom.xml', 'application/atom+xml; charset=utf-8'],
    ['sitemap.xml', 'application/xml; charset=utf-8'],
    ['feed.json', 'application/feed+json; charset=utf-8'],
    ['manifest.json', 'application/json; charset=utf-8'],
    ['index.html', 'text/html; charset=utf-8'],
    ['feeds.opml', 'text/x-opml; charset=utf-8'],
    ['logo.png', 'image/png'],
    ['notes.txt', 'application/octet-stream'],
    ['README', 'application/octet-stream'],
  ])('gives %s the type the S3 publisher writes: %s', (name, type) => {
    expect(contentTypeFor(name)).toBe(type);
  });

  it('goes by the file name, not a folder that looks like one', () => {
    expect(contentTypeFor('rss.xml/notes')).toBe('application/octet-stream');
  });
});

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.4.5.6', '::1', '0:0:0:0:0:0:0:1', 'localhost', 'LOCALHOST'])(
    'accepts %s',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );

  it.each(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', '::ffff:10.0.0.1', '127.1', 'example.com', ''])(
    'refuses %s',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );
});

describe('startPreviewServer: what it serves', () => {
  it.each([
    ['/rss.xml', 'application/rss+xml; charset=utf-8', RSS],
    ['/atom.xml', 'application/atom+xml; charset=utf-8', ATOM],
    ['/feed.json', 'application/feed+json; charset=utf-8', JSON_FEED],
    ['/index.html', 'text/html; charset=utf-8', INDEX_HTML],
    ['/feeds.opml', 'text/x-opml; charset=utf-8', OPML],
    ['/categories/politics/rss.xml', 'application/rss+xml; charset=utf-8', POLITICS_RSS],
  ])('serves %s as %s', async (target, type, body) => {
    const reply = await send(preview.port, target);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe(type);
    expect(reply.body).toBe(body);
    expect(reply.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('serves index.html at /', async () => {
    const reply = await send(preview.port, '/');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.body).toBe(INDEX_HTML);
  });

  it("serves a folder's index.html for its path ending in /, and 404 without the slash, as the bucket does", async () => {
    await writeFile(path.join(publicDir, 'categories', 'politics', 'index.html'), '<title>Politics</title>');
    expect((await send(preview.port, '/categories/politics/')).body).toBe('<title>Politics</title>');
    expect((await send(preview.port, '/categories/politics')).status).toBe(404);
  });

  it('answers 404 for a folder without index.html', async () => {
    expect((await send(preview.port, '/categories/')).status).toBe(404);
  });

  it('answers 404 with a short text body for a missing file', async () => {
    const reply = await send(preview.port, '/categories/sport/rss.xml');
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(reply.body).toBe('Not found\n');
  });

  it('ignores the query string, as the CDN does, so cache-busting readers get the feed', async () => {
    const reply = await send(preview.port, '/rss.xml?_=1744628400');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(RSS);
  });

  it('decodes percent-encoded names', async () => {
    await writeFile(path.join(publicDir, 'a b é.xml'), '<x/>');
    const reply = await send(preview.port, '/a%20b%20%C3%A9.xml');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/xml; charset=utf-8');
  });

  it('serves a symlink that stays inside the folder', async () => {
    await symlink('rss.xml', path.join(publicDir, 'latest.xml'));
    const reply = await send(preview.port, '/latest.xml');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(RSS);
  });
});

describe('startPreviewServer: caching headers, as S3 and CloudFront send them', () => {
  it("sends a strong ETag, the md5 of the bytes in quotes like S3's, the same on every request", async () => {
    const first = await send(preview.port, '/rss.xml');
    const second = await send(preview.port, '/rss.xml');
    expect(first.headers.etag).toBe(md5Etag(RSS));
    expect(second.headers.etag).toBe(first.headers.etag);
  });

  it('changes the ETag when the file changes', async () => {
    const before = await send(preview.port, '/rss.xml');
    await writeFile(path.join(publicDir, 'rss.xml'), RSS.replace('Rabat', 'Casablanca'));
    const after = await send(preview.port, '/rss.xml');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it("sends Last-Modified from the file's mtime and the bucket's default Cache-Control", async () => {
    const reply = await send(preview.port, '/atom.xml');
    expect(reply.headers['last-modified']).toBe(MODIFIED_HTTP);
    expect(reply.headers['cache-control']).toBe(DEFAULT_CACHE_CONTROL);
    expect(DEFAULT_CACHE_CONTROL).toBe('max-age=300');
  });

  it('sends the cacheControl it is given', async () => {
    const other = await startPreviewServer({ dir: publicDir, cacheControl: 'no-cache' });
    try {
      expect((await send(other.port, '/rss.xml')).headers['cache-control']).toBe('no-cache');
    } finally {
      await other.close();
    }
  });

  it.each([
    ['the ETag itself', md5Etag(RSS)],
    ['a list containing it', `"0123", ${md5Etag(RSS)} , "4567"`],
    ['it with a W/ prefix', `W/${md5Etag(RSS)}`],
    ['*', '*'],
    ['it without quotes, as some clients send it', md5Etag(RSS).slice(1, -1)],
  ])('answers If-None-Match with %s by 304, the ETag and no body', async (_, ifNoneMatch) => {
    const reply = await send(preview.port, '/rss.xml', { headers: { 'If-None-Match': ifNoneMatch } });
    expect(reply.status).toBe(304);
    expect(reply.headers.etag).toBe(md5Etag(RSS));
    expect(reply.headers['cache-control']).toBe('max-age=300');
    expect(reply.body).toBe('');
  });

  it('answers If-None-Match with other ETags by 200 and the file', async () => {
    const reply = await send(preview.port, '/rss.xml', { headers: { 'If-None-Match': '"0123", W/"4567"' } });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(RSS);
  });

  it.each([
    ['Last-Modified itself', MODIFIED_HTTP],
    ['a later date', 'Tue, 15 Apr 2025 00:00:00 GMT'],
  ])('answers If-Modified-Since with %s by 304', async (_, ifModifiedSince) => {
    const reply = await send(preview.port, '/rss.xml', { headers: { 'If-Modified-Since': ifModifiedSince } });
    expect(reply.status).toBe(304);
    expect(reply.headers.etag).toBe(md5Etag(RSS));
    expect(reply.body).toBe('');
  });

  it.each([
    ['an earlier date', 'Mon, 14 Apr 2025 10:59:59 GMT'],
    ['something that is not a date', 'yesterday'],
  ])('answers If-Modified-Since with %s by 200', async (_, ifModifiedSince) => {
    const reply = await send(preview.port, '/rss.xml', { headers: { 'If-Modified-Since': ifModifiedSince } });
    expect(reply.status).toBe(200);
  });

  it('lets a non-matching If-None-Match win over a matching If-Modified-Since (RFC 9110)', async () => {
    const reply = await send(preview.port, '/rss.xml', {
      headers: { 'If-None-Match': '"stale"', 'If-Modified-Since': MODIFIED_HTTP },
    });
    expect(reply.status).toBe(200);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await send(preview.port, '/feed.json');
    const head = await send(preview.port, '/feed.json', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    for (const name of ['content-type', 'content-length', 'etag', 'last-modified', 'cache-control'])
      expect(head.headers[name], name).toBe(get.headers[name]);
  });
});

describe('startPreviewServer: nothing outside the folder', () => {
  it.each([
    '/../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2fpackage.json',
    '/categories/..%5c..%5cx',
    '/../secret.txt',
    '/%2E%2E/secret.txt',
    '/categories/politics/../../../secret.txt',
    '/categories/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/%2fetc%2fpasswd',
    '/rss.xml%00.png',
    '/./rss.xml',
    '//etc/passwd',
    '/%zz',
  ])('refuses %s without serving a byte of it', async (target) => {
    const reply = await send(preview.port, target);
    expect([400, 404]).toContain(reply.status);
    expect(reply.body).not.toContain(SECRET);
    expect(reply.body).not.toContain('root:');
  });

  it('refuses a target that is not a path', async () => {
    expect((await send(preview.port, '*', { method: 'GET' })).status).toBe(400);
  });

  it('refuses a symlink to a file outside the folder', async () => {
    await symlink(path.join(workDir, 'secret.txt'), path.join(publicDir, 'leak.xml'));
    const reply = await send(preview.port, '/leak.xml');
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain(SECRET);
  });

  it('refuses files reached through a symlinked folder outside the folder', async () => {
    await symlink(path.join(workDir, 'outside'), path.join(publicDir, 'elsewhere'));
    const reply = await send(preview.port, '/elsewhere/secret.xml');
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain(SECRET);
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])(
    'answers %s with 405 and Allow: GET, HEAD',
    async (method) => {
      const reply = await send(preview.port, '/rss.xml', { method });
      expect(reply.status).toBe(405);
      expect(reply.headers.allow).toBe('GET, HEAD');
    },
  );
});

describe('startPreviewServer: where it listens', () => {
  it('listens on 127.0.0.1 by default and says where', async () => {
    expect(preview.url).toBe(`http://127.0.0.1:${preview.port}/`);
    expect(preview.port).toBeGreaterThan(0);
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'example.com'])(
    'refuses host %s, so it never listens on a network interface',
    async (host) => {
      const starting = startPreviewServer({ dir: publicDir, host });
      await expect(starting).rejects.toThrow(ConfigError);
      await expect(starting).rejects.toThrow(/is not a loopback address/);
    },
  );

  it('accepts localhost and listens on the loopback address it resolves to', async () => {
    const local = await startPreviewServer({ dir: publicDir, host: 'localhost' });
    try {
      expect(local.url).toMatch(/^http:\/\/(127\.\d+\.\d+\.\d+|\[::1\]):\d+\/$/);
      expect((await fetch(`${local.url}rss.xml`)).status).toBe(200);
    } finally {
      await local.close();
    }
  });

  it.each([-1, 65536, 1.5, Number.NaN])('refuses port %s', async (port) => {
    await expect(startPreviewServer({ dir: publicDir, port })).rejects.toThrow(/port .* is not an integer/);
  });

  it('refuses a port already in use, naming it', async () => {
    await expect(startPreviewServer({ dir: publicDir, port: preview.port })).rejects.toThrow(
      `preview: cannot listen on 127.0.0.1 port ${preview.port}`,
    );
  });

  it('refuses a Cache-Control that is not a header value', async () => {
    await expect(startPreviewServer({ dir: publicDir, cacheControl: 'max-age=1\r\nX: y' })).rejects.toThrow(
      ConfigError,
    );
  });

  it('refuses a folder that does not exist, naming it', async () => {
    const missing = path.join(workDir, 'not-built');
    const starting = startPreviewServer({ dir: missing });
    await expect(starting).rejects.toThrow(StorageError);
    await expect(starting).rejects.toThrow(missing);
  });

  it('stops accepting connections on close, and close can be called twice', async () => {
    const port = preview.port;
    await preview.close();
    await preview.close();
    await expect(send(port, '/rss.xml')).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('startPreviewServer: logging', () => {
  it('logs one line per request with method, path and status', async () => {
    await send(preview.port, '/rss.xml');
    await send(preview.port, '/missing.xml', { method: 'HEAD' });
    await send(preview.port, '/rss.xml', { method: 'POST' });
    expect(logLines).toEqual(['GET /rss.xml 200', 'HEAD /missing.xml 404', 'POST /rss.xml 405']);
  });

  it('writes nothing to the console or stdout/stderr without a log function', async () => {
    const quiet = await startPreviewServer({ dir: publicDir });
    const writes = [
      vi.spyOn(process.stdout, 'write'),
      vi.spyOn(process.stderr, 'write'),
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((name) => vi.spyOn(console, name)),
    ];
    try {
      expect((await send(quiet.port, '/rss.xml')).status).toBe(200);
      expect((await send(quiet.port, '/missing')).status).toBe(404);
      for (const spy of writes) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of writes) spy.mockRestore();
      await quiet.close();
    }
  });
});

describe('startPreviewServer: read by a real feed reader', () => {
  it('serves rss.xml so that @rowanmanning/feed-parser reads the feed and its item', async () => {
    const response = await fetch(`${preview.url}rss.xml`);
    expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');

    const feed = parseFeed(await response.text());

    expect(feed.title).toBe('feedwright preview');
    expect(feed.items).toHaveLength(1);
    const [item] = feed.items;
    expect(item?.title).toBe('Morocco’s Interior Minister Holds Talks with French Peer in Rabat');
    expect(item?.url).toBe('https://feedwright.example/rabat/');
    expect(item?.id).toBe('tag:feedwright.example,2025:rabat');
    expect(item?.published?.toISOString()).toBe('2025-04-14T11:00:00.000Z');
  });

  it('answers the conditional GET a reader sends on its next poll with 304', async () => {
    const first = await fetch(`${preview.url}rss.xml`);
    await first.arrayBuffer();
    const etag = first.headers.get('etag') ?? '';
    const lastModified = first.headers.get('last-modified') ?? '';

    const next = await fetch(`${preview.url}rss.xml`, {
      headers: { 'If-None-Match': etag, 'If-Modified-Since': lastModified },
    });

    expect(next.status).toBe(304);
  });
});
