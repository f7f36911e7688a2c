/**
 * Builds the console's front-end (api/console/ui: Preact components for the funnel chart, live
 * broadcast progress and the data-entry screen, and the stylesheet) with Vite's JS API, when the
 * output is missing or older than a source file. `npm start` calls it before serving; the build
 * writes fixed names (console.js, console.css) that the pages link with a version query.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const UI_ROOT = fileURLToPath(new URL('./ui/', import.meta.url));
export const UI_DIST_DIR = join(UI_ROOT, 'dist');

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestSource(path) : (await stat(path)).mtimeMs);
  }
  return newest;
}

/** Whether the built files are missing or older than the newest source file. */
export async function uiIsStale(outDir = UI_DIST_DIR): Promise<boolean> {
  const built = join(outDir, 'console.js');
  if (!existsSync(built) || !existsSync(join(outDir, 'console.css'))) return true;
  return (await stat(built)).mtimeMs < (await newestSource(join(UI_ROOT, 'src')));
}

/** Builds when stale (or when forced); returns whether it built. */
export async function buildConsoleUi(options: { force?: boolean; outDir?: string } = {}): Promise<boolean> {
  const outDir = options.outDir ?? UI_DIST_DIR;
  if (!options.force && !(await uiIsStale(outDir))) return false;
  // Loaded only when a build is due: a production API with a built front-end never loads Vite.
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: UI_ROOT,
    logLevel: 'warn',
    base: './',
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      rolldownOptions: {
        input: join(UI_ROOT, 'src', 'main.tsx'),
        output: { entryFileNames: 'console.js', chunkFileNames: 'console-[name].js', assetFileNames: 'console[extname]' },
      },
    },
  });
  return true;
}
