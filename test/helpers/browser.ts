/**
 * A real browser for the web tests: Debian's Chromium (`apt-get install chromium`, done by
 * .ci/run), driven by playwright-core, which never downloads a browser of its own. Screenshots
 * are kept in `.screenshots/` for review after the run.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../.screenshots/', import.meta.url));

/** CHROMIUM_PATH, else the first system Chromium found. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no Chromium at ${candidates.join(' or ')}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
  return found;
}

/**
 * Headless Chromium with nothing reaching out: no background networking, component updates or
 * sync (this machine's network is closed, and a page under test must load nothing from outside).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a full-page screenshot as `.screenshots/<group>/<name>.png` and returns its path. */
export async function screenshot(page: Page, group: string, name: string): Promise<string> {
  const dir = join(SCREENSHOT_DIR, group);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
