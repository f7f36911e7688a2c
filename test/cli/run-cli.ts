/**
 * Runs the built `campaign` binary as a user would (node dist/cli/index.js), with only the
 * environment given: no DATABASE_URL means a database that cannot be reached, never the
 * embedded one in the project's .data folder.
 */
import { spawn } from 'node:child_process';
import { cliPath } from '../helpers/global-build.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Where nothing listens: a command that needs this service fails fast and says so. */
export const NOWHERE = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', TEMPORAL_ADDRESS: '127.0.0.1:1' };

export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'test',
    ...NOWHERE,
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A command line, or one with its own environment. */
export type Invocation = string[] | { args: string[]; env?: Record<string, string> };

/** Runs commands a few at a time (each is a Node process, and the machine has two cores); results in order. */
export async function runAll(commands: Invocation[], options: Parameters<typeof runCli>[1] = {}, concurrency = 2): Promise<CliResult[]> {
  const results: CliResult[] = new Array(commands.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < commands.length) {
      const i = next++;
      const command = commands[i]!;
      results[i] = Array.isArray(command)
        ? await runCli(command, options)
        : await runCli(command.args, { ...options, env: command.env ?? options.env });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, commands.length) }, lane));
  return results;
}
