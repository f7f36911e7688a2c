/**
 * Named SQL: each db/queries/*.sql file holds blocks introduced by `-- name: some-query`, read
 * once at load. Code refers to a query by name, so the SQL stays readable and greppable.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbFolder } from './files.js';

function parse(text: string, file: string, into: Map<string, string>): void {
  let name: string | null = null;
  let body: string[] = [];
  const flush = (): void => {
    if (name === null) return;
    if (into.has(name)) throw new Error(`duplicate query name ${name} in ${file}`);
    into.set(name, body.join('\n').trim());
  };
  for (const line of text.split('\n')) {
    const match = /^--\s*name:\s*([a-z0-9-]+)\s*$/.exec(line);
    if (match) {
      flush();
      name = match[1] ?? null;
      body = [];
    } else if (name !== null) {
      body.push(line);
    }
  }
  flush();
}

const queries = new Map<string, string>();
const folder = dbFolder('queries');
for (const file of readdirSync(folder).filter((f) => f.endsWith('.sql')).sort()) {
  parse(readFileSync(join(folder, file), 'utf8'), file, queries);
}

/** The SQL text of a named query; throws on an unknown name so a typo fails at once. */
export function sql(name: string): string {
  const text = queries.get(name);
  if (text === undefined) throw new Error(`unknown SQL query: ${name}`);
  return text;
}
