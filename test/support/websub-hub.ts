import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the hub received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as in the request line. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as sent. */
  body: string;
  /** The body read as a form: each field with all its values, in order. */
  form: Record<string, string[]>;
  /** When it arrived, in ms since the hub started (for ordering, not for dates). */
  at: number;
}

/** How the hub answers one request: a status (204 by default), or never. */
export type HubAnswer =
  | {
      status: number;
      /** Sent as the Retry-After header. */
      retryAfter?: string | number;
      body?: string;
      /** Any other headers, such as a redirect's Location. */
      headers?: Record<string, string>;
      /** Answer this way to this many requests in a row (default 1). */
      times?: number;
    }
  | { hang: true; times?: number };

export interface RecordingHub {
  /** The hub's URL, on 127.0.0.1. */
  url: string;
  /** Every request received so far, hung ones included. */
  requests: RecordedRequest[];
  /** Queues answers for the next requests, in order; after them the hub answers its default again. */
  script(...answers: HubAnswer[]): void;
  /** Stops listening and drops every connection, hanging ones included. */
  close(): Promise<void>;
}

/**
 * A WebSub hub for tests: records every request and answers 204 (what hubs
 * answer a publish ping), unless scripted to fail, to ask for a wait with
 * Retry-After, or to hang. Listens on 127.0.0.1 only.
 *
 * @example
 *   const hub = await startRecordingHub();
 *   hub.script({ status: 500 }, { status: 503, retryAfter: 2 });
 *   // … notify it …
 *   expect(hub.requests[0]?.form['hub.mode']).toEqual(['publish']);
 *   await hub.close();
 */
export async function startRecordingHub(
  options: { status?: number; path?: string } = {},
): Promise<RecordingHub> {
  const requests: RecordedRequest[] = [];
  const queue: HubAnswer[] = [];
  const started = performance.now();
  const fallback: HubAnswer = { status: options.status ?? 204 };

  const nextAnswer = (): HubAnswer => {
    const head = queue[0];
    if (!head) return fallback;
    const left = (head.times ?? 1) - 1;
    if (left > 0) queue[0] = { ...head, times: left };
    else queue.shift();
    return head;
  };

  const answer = (response: ServerResponse, how: HubAnswer) => {
    if ('hang' in how) return; // never answered: the client's timeout must end it
    const headers: Record<string, string> = { ...how.headers };
    if (how.retryAfter !== undefined) headers['retry-after'] = String(how.retryAfter);
    if (how.body !== undefined) headers['content-type'] = 'text/plain; charset=utf-8';
    response.writeHead(how.status, headers);
    response.end(how.body);
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const form = new Map<string, string[]>();
      for (const [key, value] of new URLSearchParams(body)) form.set(key, [...(form.get(key) ?? []), value]);
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body,
        form: Object.fromEntries(form),
        at: performance.now() - started,
      });
      answer(response, nextAnswer());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${options.path ?? '/'}`,
    requests,
    script: (...answers) => queue.push(...answers),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
