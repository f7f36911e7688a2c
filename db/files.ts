/**
 * Finds the folders of .sql files beside this module, whether it runs from source (tsx, vitest)
 * or from dist/ after a build, where tsc does not copy .sql files.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Absolute path of a folder under db/ (e.g. 'migrations'), from source or from dist/db. */
export function dbFolder(name: string): string {
  const candidates = [join(here, name), join(here, '..', '..', 'db', name)];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`db/${name} not found near ${here}`);
  return found;
}
