/**
 * Where the import's time goes, without the database: reads the benchmark's file (run
 * `npm run bench:import` once to make it) and times reading and parsing alone, then parsing
 * with validation. Usage: npx tsx bench/import-stages.ts [--rows 1000000]
 */
import { resolve, join } from 'node:path';
import { PROSPECT_SPEC } from '../import/columns.js';
import { normaliseRow } from '../import/normalise.js';
import { prepareImport } from '../import/run-import.js';

async function pass(file: string, validate: boolean): Promise<{ rows: number; seconds: number }> {
  const started = process.hrtime.bigint();
  const prepared = await prepareImport(file, PROSPECT_SPEC, { keepErrors: 0 });
  let rows = 0;
  for (;;) {
    const next = await prepared.rows.next();
    if (next.done) break;
    rows += 1;
    if (validate) normaliseRow(next.value.cells, prepared.positions, next.value.row);
  }
  return { rows, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--rows');
  const rows = i > 0 ? Number(process.argv[i + 1]) : 1_000_000;
  const file = join(resolve('.data/bench'), `prospects-${rows}.csv`);
  for (const [label, validate] of [['parse', false], ['parse + validate', true]] as const) {
    const r = await pass(file, validate);
    process.stdout.write(`${label}: ${r.rows} rows in ${r.seconds.toFixed(1)} s, ${Math.round(r.rows / r.seconds)} rows/s\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:import-stages: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
