import { SaxesParser } from 'saxes';
import { FeedCheckError } from '../errors.js';
import type { OutputFile } from './document.js';
import { JSON_FEED_VERSION } from './render-json.js';

/**
 * The output gate: a strict, namespace-aware XML 1.0 parse for RSS and Atom,
 * and JSON Feed 1.1's required members for JSON. Throws FeedCheckError
 * naming the file and the reason; a file that fails is never written.
 */
export function checkOutput(file: OutputFile): void {
  if (file.path.endsWith('.json')) checkJsonFeed(file);
  else if (file.path.endsWith('.xml') || file.path.endsWith('.opml')) checkXml(file);
}

const EXPECTED_ROOT: Record<string, string> = { 'rss.xml': 'rss', 'atom.xml': 'feed', 'feeds.opml': 'opml' };

function checkXml(file: OutputFile): void {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let root: string | undefined;
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    root ??= tag.local;
  });
  try {
    parser.write(file.body).close();
  } catch (error) {
    failure ??= error instanceof Error ? error : new Error(String(error));
  }
  if (failure)
    throw new FeedCheckError(file.path, `not well-formed XML: ${failure.message}`, { cause: failure });
  const expected = EXPECTED_ROOT[file.path.split('/').at(-1) ?? ''];
  if (expected && root !== expected)
    throw new FeedCheckError(file.path, `root element is <${root}>, not <${expected}>`);
}

function checkJsonFeed(file: OutputFile): void {
  let feed: unknown;
  try {
    feed = JSON.parse(file.body);
  } catch (error) {
    throw new FeedCheckError(file.path, 'not valid JSON', { cause: error });
  }
  const problem = jsonFeedProblem(feed);
  if (problem) throw new FeedCheckError(file.path, problem);
}

function jsonFeedProblem(feed: unknown): string | undefined {
  if (!isRecord(feed)) return 'not a JSON object';
  if (feed.version !== JSON_FEED_VERSION) return `version is not ${JSON_FEED_VERSION}`;
  if (typeof feed.title !== 'string' || feed.title === '') return 'title is missing';
  if (!Array.isArray(feed.items)) return 'items is missing';
  for (const [index, item] of feed.items.entries()) {
    if (!isRecord(item)) return `items[${index}] is not an object`;
    if (typeof item.id !== 'string' || item.id === '') return `items[${index}].id is missing`;
    if (typeof item.content_html !== 'string' && typeof item.content_text !== 'string') {
      return `items[${index}] has neither content_html nor content_text`;
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
