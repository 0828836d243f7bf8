import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../functions/cli.js';

/** As-of moment for builds of content/ in tests: fixed, so results never depend on the day. */
export const CONTENT_NOW = '2026-01-01T00:00:00Z';

/** Builds content/ with the real CLI into a fresh temp folder; returns the folder and a reader. */
export async function buildContent(
  contentDir = 'content',
  now = CONTENT_NOW,
): Promise<{
  dir: string;
  read: (file: string) => Promise<string>;
  output: string;
}> {
  const dir = await mkdtemp(path.join(tmpdir(), 'feedwright-build-'));
  const lines: string[] = [];
  const code = await main(['build', '--content', contentDir, '--out', dir, '--now', now], {
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
  });
  if (code !== 0) throw new Error(`feedwright build exited ${code}:\n${lines.join('\n')}`);
  return { dir, read: (file) => readFile(path.join(dir, file), 'utf8'), output: lines.join('\n') };
}
