import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Config, type ConfigOverrides, parseSiteConfig } from './config.js';
import { ConfigError } from './errors.js';

/** Parses site.yml fetched from elsewhere (an S3 content prefix); errors name where it came from. */
export async function loadSiteConfigFrom(
  read: () => Promise<{ text: string; file: string }>,
  overrides: ConfigOverrides = {},
): Promise<Config> {
  const { text, file } = await read();
  return parseSiteConfig(text, file, overrides);
}

/** Reads `DIR/site.yml`; the shell's half of config loading (parsing is pure, in config.ts). */
export async function loadSiteConfig(contentDir: string, overrides: ConfigOverrides = {}): Promise<Config> {
  const file = path.join(contentDir, 'site.yml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: cannot read the site config`, { cause: error });
  }
  return parseSiteConfig(text, file, overrides);
}
