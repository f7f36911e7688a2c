/**
 * PostgreSQL refuses to run as root. Run by root, the embedded server runs as the unprivileged
 * system account `postgres`, which must be able to reach its binaries and its data. A project
 * cloned into a folder other users cannot enter (/root, a private home, a 0700 temporary folder)
 * holds both out of its reach, so there they are placed where it can: the binaries copied once
 * per version, the data kept in a folder named after the project's own data directory.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where root's embedded servers keep what the `postgres` account must reach, by default. */
export const SHARED_HOME = '/var/lib/campaign-engine';

export interface Account {
  name: string;
  uid: number;
  gid: number;
}

/** True when this process runs as root and must hand the server to another account. */
export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

async function lookup(name: string): Promise<Account | null> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return null;
  }
}

/** The `postgres` system account, created (no home, no login) when the machine has none. */
export async function postgresAccount(): Promise<Account> {
  const found = await lookup('postgres');
  if (found) return found;
  try {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined); // may exist alone
    await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  } catch (err) {
    throw new Error(
      `PostgreSQL does not run as root, and the system user "postgres" could not be created (${(err as Error).message.split('\n')[0]}): create it, run as another user, or set DATABASE_URL`,
      { cause: err },
    );
  }
  const created = await lookup('postgres');
  if (!created) throw new Error('the system user "postgres" was created but cannot be found; set DATABASE_URL instead');
  return created;
}

/** Whether `account` may enter every folder on the way to `path` (and `path` itself). */
export async function reachableBy(path: string, account: Account): Promise<boolean> {
  let dir = resolve(path);
  for (;;) {
    const st = await stat(dir).catch(() => null);
    if (st) {
      const mode = st.mode;
      const canEnter =
        st.uid === account.uid ? (mode & 0o100) !== 0 : st.gid === account.gid ? (mode & 0o010) !== 0 : (mode & 0o001) !== 0;
      if (!canEnter) return false;
    }
    const parent = dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

/**
 * A copy of the binaries folder (bin/, lib/, share/) where the account can run it, made once per
 * version: copied aside, then renamed into place, so concurrent starts never see half a copy.
 */
export async function reachableBinaries(nativeDir: string, version: string, account: Account, sharedHome = SHARED_HOME): Promise<string> {
  if (await reachableBy(join(nativeDir, 'bin', 'postgres'), account)) return nativeDir;
  const target = join(sharedHome, `postgres-${version}`);
  if (existsSync(join(target, 'bin', 'postgres'))) return target;
  await openFolder(sharedHome);
  const staging = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  await cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  try {
    await rename(staging, target);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(join(target, 'bin', 'postgres'))) throw err; // another process won the race otherwise
  }
  return target;
}

/**
 * The data directory the server uses for `dataDir`: itself when the account can reach its
 * folder, otherwise a folder under the shared home named after it, the same for every process of the
 * project (the CLI, the worker, `npm start`), so they all find one server.
 */
export async function reachableDataDir(dataDir: string, account: Account, sharedHome = SHARED_HOME): Promise<string> {
  if (await reachableBy(dirname(dataDir), account)) return dataDir;
  const digest = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12);
  const project = basename(dirname(dirname(resolve(dataDir)))).replace(/[^\p{L}\p{N}._-]+/gu, '_') || 'project';
  const dir = join(sharedHome, 'data', `${project}-${digest}`);
  await openFolder(sharedHome);
  await openFolder(dirname(dir));
  return dir;
}

/** A folder every account may enter (a umask of 077 would otherwise close it). */
async function openFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755);
}

/** Creates `dir` (mode 0700, as PostgreSQL requires) owned by the account. */
export async function prepareOwnedDir(dir: string, account: Account | null): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (account) await chown(dir, account.uid, account.gid);
}
