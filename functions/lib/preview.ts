/**
 * A local preview of the built feeds: a small HTTP server over the output
 * folder that answers the way the S3 bucket behind CloudFront does (same
 * Content-Types, Cache-Control, a strong md5 ETag, Last-Modified, 304s), so a
 * feed reader on this machine can subscribe before anything is deployed.
 *
 * @example
 *   const preview = await startPreviewServer({ dir: 'public' });
 *   console.log(`subscribe to ${preview.url}rss.xml`);
 *   // …later
 *   await preview.close();
 */

import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, validateHeaderValue } from 'node:http';
import { BlockList, isIP } from 'node:net';
import path from 'node:path';
import { ConfigError, describeError, StorageError } from './errors.js';
import { CONTENT_TYPES } from './feeds/document.js';
import { DEFAULT_CACHE_CONTROL } from './targets/target.js';

export interface PreviewServerOptions {
  /** The folder to serve, usually `public/`. */
  dir: string;
  /** A loopback address or `localhost`; default `127.0.0.1`. Anything else is refused. */
  host?: string;
  /** Default 0: the system picks a free port (read it back from `port` or `url`). */
  port?: number;
  /** Cache-Control of every file; default `max-age=300`, as the S3 publisher writes. */
  cacheControl?: string;
  /** Called once per request with `METHOD /path STATUS`; the server logs nothing without it. */
  log?: (line: string) => void;
}

export interface PreviewServer {
  /** Base URL ending in `/`: `http://127.0.0.1:49152/`. */
  url: string;
  port: number;
  /** Stops listening and drops open connections (readers keep them alive). Safe to call twice. */
  close(): Promise<void>;
}

const DEFAULT_HOST = '127.0.0.1';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * The Content-Type a published file is served with, from its name, exactly as
 * the S3 publisher sets it: readers flag feeds served as a generic type.
 *
 * @example
 *   contentTypeFor('categories/politics/rss.xml'); // 'application/rss+xml; charset=utf-8'
 *   contentTypeFor('feed.json');                   // 'application/feed+json; charset=utf-8'
 *   contentTypeFor('logo.svg');                    // 'application/octet-stream'
 */
export function contentTypeFor(filePath: string): string {
  const name = (filePath.split(/[/\\]/).pop() ?? '').toLowerCase();
  if (name === 'rss.xml') return CONTENT_TYPES.rss;
  if (name === 'atom.xml') return CONTENT_TYPES.atom;
  if (name === 'feed.json') return CONTENT_TYPES.json;
  const extension = path.posix.extname(name);
  switch (extension) {
    case '.xml':
      return 'application/xml; charset=utf-8';
    case '.json':
      return 'application/json; charset=utf-8';
    case '.html':
      return CONTENT_TYPES.html;
    case '.opml':
      return CONTENT_TYPES.opml;
    case '.png':
      return 'image/png';
    default:
      return 'application/octet-stream';
  }
}

/**
 * Whether `host` names this machine only: an IPv4 address in 127.0.0.0/8,
 * the IPv6 loopback `::1` (any spelling), or `localhost`. Host names other
 * than `localhost` and shorthand forms like `127.1` are not loopback here.
 *
 * @example
 *   isLoopbackHost('127.0.0.1'); // true
 *   isLoopbackHost('0.0.0.0');   // false: every interface
 */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Starts the preview server over `dir` on a loopback address and resolves
 * once it is listening. GET and HEAD only; `/` and any `…/` serve that
 * folder's `index.html`; nothing outside `dir` is ever served, symlinks
 * included.
 *
 * @throws ConfigError when `host` is not loopback, `port` or `cacheControl` is
 *   invalid, or the address cannot be listened on (e.g. port in use).
 * @throws StorageError when `dir` is not a readable folder.
 * @example
 *   const preview = await startPreviewServer({ dir: 'public', port: 8080 });
 *   // preview.url === 'http://127.0.0.1:8080/'
 */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? 0;
  const cacheControl = options.cacheControl ?? DEFAULT_CACHE_CONTROL;
  const log = options.log;
  checkOptions(host, port, cacheControl);
  const address = await loopbackAddressOf(host);
  const root = await realFolder(options.dir);

  const server = createServer(async (request, response) => {
    const method = request.method ?? '';
    const target = request.url ?? '';
    let result: Answer;
    let note = '';
    try {
      result = await answer({ method, target, headers: request.headers }, { root, cacheControl });
    } catch (error) {
      result = textAnswer(500, 'Internal server error\n');
      note = ` (${describeError(error)})`;
    }
    response.writeHead(result.status, result.headers);
    // HEAD and 304 carry the headers only.
    response.end(method === 'HEAD' || result.status === 304 ? undefined : result.body);
    log?.(`${method} ${target} ${result.status}${note}`);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: address, port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    throw new ConfigError(`preview: cannot listen on ${host} port ${port}`, { cause: error });
  }

  const bound = server.address();
  if (bound === null || typeof bound === 'string')
    throw new ConfigError('preview: server has no TCP address');
  const urlHost = isIP(bound.address) === 6 ? `[${bound.address}]` : bound.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${bound.port}/`,
    port: bound.port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Readers keep connections alive; without this close() would wait for them to time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function checkOptions(host: string, port: number, cacheControl: string): void {
  if (!isLoopbackHost(host))
    throw new ConfigError(
      `preview: host ${JSON.stringify(host)} is not a loopback address (127.0.0.0/8, localhost, ::1); ` +
        'the preview server never listens on a network interface',
    );
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`preview: port ${JSON.stringify(port)} is not an integer from 0 to 65535`);
  try {
    validateHeaderValue('Cache-Control', cacheControl);
  } catch (error) {
    throw new ConfigError(`preview: cacheControl ${JSON.stringify(cacheControl)} is not a header value`, {
      cause: error,
    });
  }
}

/** `localhost` is resolved here so that the address actually bound is checked, not just the name. */
async function loopbackAddressOf(host: string): Promise<string> {
  if (host.toLowerCase() !== 'localhost') return host;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch (error) {
    throw new ConfigError(`preview: cannot resolve ${host}`, { cause: error });
  }
  const first = addresses[0];
  const stray = addresses.find((a) => !isLoopbackHost(a.address));
  if (first === undefined || stray !== undefined)
    throw new ConfigError(
      `preview: ${host} resolves to ${stray?.address ?? 'nothing'}, not a loopback address; pass host: '127.0.0.1'`,
    );
  return first.address;
}

async function realFolder(dir: string): Promise<string> {
  try {
    const real = await realpath(dir);
    if ((await stat(real)).isDirectory()) return real;
  } catch (error) {
    throw new StorageError(`${dir}: cannot preview: not a readable folder`, { cause: error });
  }
  throw new StorageError(`${dir}: cannot preview: not a folder`);
}

/** Everything a response is, decided before anything is written to the socket. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string;
}

interface RequestFacts {
  method: string;
  /** The request target exactly as sent: `/categories/politics/rss.xml?x=1`. */
  target: string;
  headers: IncomingHttpHeaders;
}

async function answer(
  request: RequestFacts,
  server: { root: string; cacheControl: string },
): Promise<Answer> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    const refusal = textAnswer(405, 'Method not allowed\n');
    return { ...refusal, headers: { ...refusal.headers, Allow: 'GET, HEAD' } };
  }
  const segments = pathSegments(request.target);
  if (segments === undefined) return textAnswer(400, 'Bad request\n');

  // Hidden files are never served: nothing feedwright publishes starts with a dot, and older versions
  // kept their run state in public/.feedwright/.
  const file = segments.some((s) => s.startsWith('.')) ? undefined : await readInside(server.root, segments);
  if (file === undefined) return textAnswer(404, 'Not found\n');

  const etag = `"${createHash('md5').update(file.body).digest('hex')}"`;
  const validators = {
    ETag: etag,
    'Last-Modified': file.modified.toUTCString(),
    'Cache-Control': server.cacheControl,
  };
  if (isNotModified(request.headers, etag, file.modified)) return { status: 304, headers: validators };
  return {
    status: 200,
    headers: {
      ...validators,
      'Content-Type': contentTypeFor(segments.join('/')),
      'Content-Length': String(file.body.length),
    },
    body: file.body,
  };
}

function textAnswer(status: number, body: string): Answer {
  return {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
    },
    body,
  };
}

/**
 * The decoded path segments of a request target, with a folder request
 * (`/`, `/categories/`) ending in `index.html`; undefined for anything that
 * could step outside the folder or is not a plain path. Each segment is
 * decoded on its own so that `%2f` and `%5c` cannot smuggle in separators,
 * and `%2e%2e` is caught after decoding.
 */
function pathSegments(target: string): string[] | undefined {
  if (!target.startsWith('/')) return undefined;
  const pathPart = target.split(/[?#]/, 1)[0] ?? '';
  const raw = pathPart.slice(1).split('/');
  const decoded: string[] = [];
  for (const [index, segment] of raw.entries()) {
    const last = index === raw.length - 1;
    if (segment === '' && last) {
      decoded.push('index.html');
      continue;
    }
    let text: string;
    try {
      text = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL and other controls are refused on purpose
    if (text === '' || text === '.' || text === '..' || /[/\\\u0000-\u001f\u007f]/.test(text))
      return undefined;
    decoded.push(text);
  }
  return decoded;
}

/**
 * Reads the file at `segments` under `root`, or undefined when there is no
 * regular file there inside `root`. The real path is checked, so a symlink
 * leading out of the folder is treated as missing, and that real path is what
 * gets opened (with O_NOFOLLOW, and O_NONBLOCK so a FIFO cannot hang the
 * request).
 */
async function readInside(
  root: string,
  segments: string[],
): Promise<{ body: Buffer; modified: Date } | undefined> {
  let real: string;
  try {
    real = await realpath(path.join(root, ...segments));
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  if (!isInside(root, real)) return undefined;
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(real, flags);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return undefined;
    return { body: await handle.readFile(), modified: info.mtime };
  } finally {
    await handle.close();
  }
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return (
    relative !== '' &&
    !relative.startsWith(`..${path.sep}`) &&
    relative !== '..' &&
    !path.isAbsolute(relative)
  );
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP' || code === 'ENAMETOOLONG';
}

/**
 * RFC 9110 §13.1: If-None-Match wins over If-Modified-Since; its comparison
 * is weak, so `W/"…"` matches, and `*` matches any existing file. Unquoted
 * tags are accepted too, as S3 does, because some clients strip the quotes.
 */
function isNotModified(headers: IncomingHttpHeaders, etag: string, modified: Date): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const bare = etag.slice(1, -1);
    return ifNoneMatch
      .split(',')
      .map((tag) =>
        tag
          .trim()
          .replace(/^W\//, '')
          .replace(/^"(.*)"$/, '$1'),
      )
      .some((tag) => tag === '*' || tag === bare);
  }
  const ifModifiedSince = headers['if-modified-since'];
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  // HTTP dates have whole seconds; the file's mtime has milliseconds.
  return !Number.isNaN(since) && Math.floor(modified.getTime() / 1000) * 1000 <= since;
}
