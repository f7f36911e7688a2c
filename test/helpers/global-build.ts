/**
 * vitest globalSetup: the CLI tests run the built binary (dist/cli/index.js) as a user would, so
 * the build runs once per test run when dist is missing or older than a source file. Runs that
 * select no CLI test (vitest run test/render) skip it; a lock keeps two runs from building at once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rmdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const cliPath = join(root, 'dist', 'cli', 'index.js');
const stampPath = join(root, 'dist', '.build-stamp');
const lockPath = join(root, 'dist.build-lock');

/** The folders tsconfig.build.json compiles, and the files that change what it emits. */
const SOURCE_DIRS = ['lib', 'db', 'adapters', 'activities', 'workflows', 'worker', 'client', 'cli', 'render', 'import', 'simulators', 'api', 'scripts'];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

async function newestSource(): Promise<number> {
  let newest = 0;
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await visit(path);
      else if (entry.name.endsWith('.ts')) {
        const { mtimeMs } = await stat(path); // read before comparing: the walks run concurrently
        newest = Math.max(newest, mtimeMs);
      }
    }
  };
  await Promise.all(SOURCE_DIRS.map((d) => visit(join(root, d))));
  for (const f of CONFIG_FILES) {
    const { mtimeMs } = await stat(join(root, f));
    newest = Math.max(newest, mtimeMs);
  }
  return newest;
}

async function stale(): Promise<boolean> {
  if (!existsSync(cliPath)) return true;
  const built = await stat(stampPath).catch(() => null);
  return !built || built.mtimeMs < (await newestSource());
}

/** Whether this run's file filters (vitest run <filters>) select any CLI test: a filter matches a path containing it. */
async function selectsCliTests(project: TestProject): Promise<boolean> {
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  if (!filters?.length) return true;
  const dir = join(root, 'test', 'cli');
  const files = (await readdir(dir).catch(() => [] as string[])).map((name) => join(dir, name));
  return files.some((file) => filters.some((filter) => file.includes(filter) || file.includes(join(root, filter))));
}

/** A directory as a lock (atomic on every platform); one left by a killed run expires after 5 minutes. */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(lockPath);
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
      const held = await stat(lockPath).catch(() => null);
      if (held && Date.now() - held.mtimeMs > 5 * 60_000) await rmdir(lockPath).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    await rmdir(lockPath).catch(() => undefined);
  }
}

export default async function setup(project: TestProject): Promise<void> {
  if (!(await selectsCliTests(project)) || !(await stale())) return;
  await withLock(async () => {
    if (!(await stale())) return; // built by another run while we waited
    const started = new Date();
    const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
    if (!existsSync(cliPath)) throw new Error(`build of the CLI failed:\n${tsc.stdout}${tsc.stderr}`);
    if (tsc.status !== 0) {
      // tsc emits despite type errors; those are `npm run typecheck`'s to report, the tests run on.
      console.warn(`tsc -p tsconfig.build.json reported errors (the CLI tests run on what it emitted):\n${tsc.stdout.split('\n').slice(0, 10).join('\n')}`);
    }
    // Stamped with the build's start, so a file saved during the build makes the next run rebuild.
    await writeFile(stampPath, '');
    await utimes(stampPath, started, started);
  });
}
