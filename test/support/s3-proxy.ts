import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  /** Path and query as sent: `/bucket/feeds/rss.xml`. */
  path: string;
  status?: number;
  /** True when a `drop-response` fault swallowed the server's answer. */
  dropped?: boolean;
}

/** What to do with a request, decided per request; `undefined` forwards it untouched. */
export type Fault =
  | { kind: 'status'; status: number; code: string }
  | { kind: 'reset' }
  | { kind: 'delay'; ms: number }
  /**
   * Forwards the request, then cuts the client's connection instead of relaying the server's answer
   * (only an answer with `status`, when given): the server acted, the client never hears of it.
   */
  | { kind: 'drop-response'; status?: number };

export interface S3Proxy {
  url: string;
  requests: ProxiedRequest[];
  /** Counts of requests by S3 operation shape: `PUT`, `HEAD`, `GET`, `LIST`; `onlyKeysLike` narrows by path. */
  count(kind: 'PUT' | 'HEAD' | 'GET' | 'LIST' | 'DELETE', onlyKeysLike?: RegExp): number;
  reset(): void;
  fault?: (request: ProxiedRequest) => Fault | undefined;
  close(): Promise<void>;
}

/**
 * An HTTP proxy on 127.0.0.1 between an S3 client and the local server: it
 * records every request and can inject faults. The Host header passes through
 * unchanged, or request signatures would break.
 */
export async function startS3Proxy(upstream: string): Promise<S3Proxy> {
  const target = new URL(upstream);
  const proxy: S3Proxy = {
    url: '',
    requests: [],
    count(kind, onlyKeysLike) {
      return proxy.requests.filter((r) => kindOf(r) === kind && (!onlyKeysLike || onlyKeysLike.test(r.path)))
        .length;
    },
    reset() {
      proxy.requests.length = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const record: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/' };
    proxy.requests.push(record);
    const fault = proxy.fault?.(record);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      record.status = fault.status;
      req.resume();
      res.writeHead(fault.status, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.code}</Code><Message>injected</Message></Error>`,
      );
      return;
    }
    const forward = () => {
      const upstreamRequest = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (upstreamResponse) => {
          record.status = upstreamResponse.statusCode;
          if (fault?.kind === 'drop-response' && (fault.status ?? record.status) === record.status) {
            record.dropped = true;
            upstreamResponse.resume();
            req.socket.destroy();
            return;
          }
          res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
          upstreamResponse.pipe(res);
        },
      );
      upstreamRequest.on('error', () => res.destroy());
      req.pipe(upstreamRequest);
    };
    if (fault?.kind === 'delay') setTimeout(forward, fault.ms);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

/** Requests for the run-state object (the lock), as opposed to feeds. */
export const RUN_STATE = /\/\.feedwright\//;
/** Requests for anything but the run-state object. */
export const NOT_RUN_STATE = /^(?!.*\/\.feedwright\/)/;

function kindOf(r: ProxiedRequest): string {
  const query = r.path.includes('?') ? r.path.slice(r.path.indexOf('?')) : '';
  if (r.method === 'GET' && /[?&]list-type=2/.test(query)) return 'LIST';
  return r.method;
}
