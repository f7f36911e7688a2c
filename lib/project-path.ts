/**
 * Paths in the configuration (PG_DATA_DIR, LETTER_SHOP_DIR) are relative to the project, not to
 * wherever a command happens to be started, so the CLI and the worker find the same folders.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding the project's package.json, found upwards from this module (source or dist/). */
export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  root = dir;
  return root;
}

/** An absolute path: as given when absolute, else under the project root. */
export function projectPath(path: string): string {
  return isAbsolute(path) ? path : resolve(projectRoot(), path);
}
