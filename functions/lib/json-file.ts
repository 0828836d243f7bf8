import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `value` as JSON to a temporary file and renames it into place, so
 * a reader sees the old file or the new one, never half of one. Returns
 * false instead of throwing: the callers keep state whose loss only costs
 * time (a full run, hashing again).
 */
export async function writeJsonAtomically(file: string, value: unknown): Promise<boolean> {
  return writeTextAtomically(file, JSON.stringify(value));
}

/** The same for text already made. */
export async function writeTextAtomically(file: string, text: string): Promise<boolean> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, text);
    await rename(temporary, file);
    return true;
  } catch {
    return false;
  }
}
