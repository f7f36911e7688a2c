/** `campaign import` as a user runs it: the built binary, its output, exit code and rows in Postgres. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { runAll, runCli } from './run-cli.js';

let db: TestDatabase;
let dir: string;
const env = (): Record<string, string> => ({ DATABASE_URL: db.url, OUTPUT_DIR: dir });
const reportOf = (name: string): string => join(dir, 'import-reports', `${name}.errors.csv`);
const contacts = async (): Promise<number> => Number((await db.pool.query('SELECT count(*) FROM contacts')).rows[0].count);

beforeAll(async () => {
  [db, dir] = await Promise.all([freshDatabase({ max: 2 }), mkdtemp(join(tmpdir(), 'ce-cli-import-'))]);
});
afterAll(async () => {
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const HEADER = 'name,email,phone,source,purchase timeframe,models\n';

describe('campaign import', () => {
  it('imports a good file, prints the summary and writes an empty error report (exit 0)', async () => {
    const file = join(dir, 'good.csv');
    await writeFile(
      file,
      '\uFEFF' + HEADER + '王伟,wang@example.com,13800138000,MAG-07,3个月内,X5\nEmily Chen,emily@example.com,,BANK-01,over 1 year,X1\n',
    );
    const result = await runCli(['import', file, '--json'], { env: env() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      rows: 2,
      imported: 2,
      merged: 0,
      duplicates: 0,
      invalid: 0,
      suppressed: 0,
      newlyHot: 1,
      errorLines: 0,
      errorReport: reportOf('good'),
    });
    expect(await readFile(reportOf('good'), 'utf8')).toBe('row,field,reason\n');
    const { rows } = await db.pool.query(`SELECT name, phone, heat, source_code FROM contacts ORDER BY id`);
    expect(rows).toEqual([
      { name: '王伟', phone: '+8613800138000', heat: 'high', source_code: 'MAG-07' },
      { name: 'Emily Chen', phone: null, heat: 'low', source_code: 'BANK-01' },
    ]);
  });

  it('imports the good rows and reports every bad row in the error report (exit 4); a repeat merges', async () => {
    const file = join(dir, 'mixed.csv');
    const report = join(dir, 'bad-rows.csv');
    await writeFile(
      file,
      HEADER +
        '李娜,lina@example.com,,MAG-07,,\n' + // line 2: good
        ',nobody@example.com,,MAG-07,,\n' + // 3: no name
        '赵磊,"not, an email",12345,MAG-07,,\n' + // 4: bad e-mail (with a comma) and phone
        'Emily Chen,emily@example.com,,BANK-01,within 3 months,X3\n', // 5: on file: merged, now hot
    );
    const before = await contacts();
    const result = await runCli(['import', file, '--errors', report], { env: env() });
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/^rows\s+4$/m);
    expect(result.stdout).toMatch(/^imported\s+1$/m);
    expect(result.stdout).toMatch(/^merged\s+1$/m);
    expect(result.stdout).toMatch(/^invalid\s+2$/m);
    expect(result.stdout).toMatch(/^newly hot\s+1$/m);
    expect(result.stdout).toContain(`${report} (3 lines)`);
    expect(await readFile(report, 'utf8')).toBe(
      'row,field,reason\n' +
        '3,name,required\n' +
        '4,email,"not an e-mail address: not, an email"\n' +
        '4,phone,not a phone number: 12345\n',
    );
    expect(await contacts()).toBe(before + 1);
    const emily = (await db.pool.query(`SELECT heat, source_code FROM contacts WHERE email = 'emily@example.com'`)).rows;
    expect(emily).toEqual([{ heat: 'high', source_code: 'BANK-01' }]);
  });

  it('refuses a file whose header it cannot map, naming what it found and what it needs, or that is missing (exit 2), and says when the database cannot be reached (exit 3)', async () => {
    const foreign = join(dir, 'foreign.csv');
    await writeFile(foreign, 'Nom;Courriel;Source\nDupont;dupont@example.fr;salon\n');
    const noSource = join(dir, 'no-source.csv');
    await writeFile(noSource, 'name,email\nAnn,ann@example.com\n');
    const before = await contacts();

    const [unknown, noColumn, missing, noDatabase] = await runAll([
      ['import', foreign],
      ['import', noSource, '--json'],
      ['import', join(dir, 'absent.csv')],
      // A good file, but nowhere to put it: the default environment's database does not answer.
      ['import', join(dir, 'good.csv')],
    ].map((args, i) => ({ args, env: i < 3 ? env() : {} })));
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown!.stderr).toBe(
      `campaign: ${foreign}: line 1: header lacks required column: name. Found 3 columns: "Nom" (not known), "Courriel" (not known), "Source" = source. ` +
        'Needs name, source, one of email, phone, address\n',
    );
    expect(noColumn).toMatchObject({ code: 2, stdout: '' });
    expect(noColumn!.stderr).toBe(
      `campaign: ${noSource}: line 1: header lacks required column: source. Found 2 columns: "name" = name, "email" = email. Needs name, source, one of email, phone, address\n`,
    );
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing!.stderr).toBe(`campaign: ${join(dir, 'absent.csv')}: no such file\n`);

    expect(noDatabase).toMatchObject({ code: 3, stdout: '' });
    expect(noDatabase!.stderr).toMatch(/^campaign: cannot reach the database \(127\.0\.0\.1:1\): .+\n$/);

    expect(await contacts()).toBe(before);
    // Nothing was imported, so no error report was written either.
    await expect(readFile(reportOf(basename(foreign, '.csv')))).rejects.toThrow(/ENOENT/);
    await expect(readFile(reportOf(basename(noSource, '.csv')))).rejects.toThrow(/ENOENT/);
  });

  it('has help that names the file format and the exit codes', async () => {
    const result = await runCli(['import', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: campaign import [options] <file>');
    expect(result.stdout).toMatch(/--as <kind> .*\(choices: "prospects"/s);
    expect(result.stdout).toContain('--encoding <name>');
    expect(result.stdout).toContain('--errors <file>');
    expect(result.stdout).toContain('--json');
    expect(result.stdout).toMatch(/Exit codes: 0 .*; 4 .*\n2 the file is missing, unreadable or its header lacks a required column/);
  });
});
