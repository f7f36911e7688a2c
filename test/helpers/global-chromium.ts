/**
 * The browser tests need Debian's Chromium and CJK fonts. On a machine without them where the
 * suite runs as root with apt-get (a fresh Debian box, CI), they are installed once here, so
 * `npm test` stays the one command the tests need; elsewhere the browser tests say what to install.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export default function setup(): void {
  const present = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].some((p) => existsSync(p)) || !!process.env.CHROMIUM_PATH;
  const fonts = existsSync('/usr/share/fonts/opentype/noto');
  if ((present && fonts) || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return;
  const install = (): void => {
    execFileSync('apt-get', ['install', '-y', '-q', 'chromium', 'fonts-noto-cjk'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  try {
    install();
  } catch {
    try {
      execFileSync('apt-get', ['update', '-q'], { stdio: 'ignore' });
      install();
    } catch {
      process.stderr.write('chromium or fonts-noto-cjk could not be installed (apt-get install chromium fonts-noto-cjk): the browser tests will fail\n');
    }
  }
}
