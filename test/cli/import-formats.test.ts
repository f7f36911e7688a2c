/**
 * `campaign import` with the files partners and Excel really send: GB18030 from a Chinese Windows,
 * UTF-16 "Unicode text" with tabs, semicolons, an .xlsx workbook, sources as people write them.
 * Each file is written as those tools write it, imported through the built CLI, and checked by
 * what the user sees and what lands in Postgres.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { runCli } from './run-cli.js';

let db: TestDatabase;
let dir: string;
const env = (): Record<string, string> => ({ DATABASE_URL: db.url, OUTPUT_DIR: dir });

beforeAll(async () => {
  [db, dir] = await Promise.all([freshDatabase({ max: 2 }), mkdtemp(join(tmpdir(), 'ce-cli-formats-'))]);
});
afterAll(async () => {
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const contact = async (email: string): Promise<Record<string, unknown> | undefined> =>
  (await db.pool.query(`SELECT name, phone, city, source_code, source_label, heat FROM contacts WHERE email = $1`, [email])).rows[0];

/** Excel's "CSV" on a Chinese Windows: GB18030 bytes, CRLF, no BOM. */
const gb18030 = (lines: string[]): Buffer => iconv.encode(lines.join('\r\n') + '\r\n', 'gb18030');

describe('campaign import: the files partners send', () => {
  it('reads a GB18030 CSV with Chinese headers and keeps sources as people wrote them', async () => {
    const file = join(dir, '杂志回函.csv');
    await writeFile(
      file,
      gb18030([
        '姓名,邮箱,手机,城市,来源,计划购车时间',
        '张伟,zhang.wei@example.cn,139 1234 5678,上海,杂志回函,3个月内',
        '王芳,wang.fang@example.cn,,北京,dealer walk-in,一年以上',
        '欧阳娜娜,ouyang@example.cn,,广州,MAG-07,',
      ]),
    );
    const result = await runCli(['import', file], { env: env() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^read as\s+CSV, GB18030, comma-separated$/m);
    expect(result.stdout).toMatch(/^imported\s+3$/m);
    expect(await contact('zhang.wei@example.cn')).toEqual({
      name: '张伟', phone: '+8613912345678', city: '上海', source_code: '杂志回函', source_label: '杂志回函', heat: 'high',
    });
    expect(await contact('wang.fang@example.cn')).toMatchObject({ name: '王芳', source_code: 'dealer-walk-in', source_label: 'dealer walk-in', heat: 'low' });
    // A label that is already a code stays the code it was.
    expect(await contact('ouyang@example.cn')).toMatchObject({ source_code: 'MAG-07', source_label: 'MAG-07' });
  });

  it('reads UTF-16 LE and BE text with a BOM and tabs (Excel\'s "Unicode text")', async () => {
    const text = '姓名\t邮箱\t来源\r\n李娜\tli.na@example.cn\t车展 2026\r\nEmily Chen\temily.utf16@example.com\tBank partner, Q3\r\n';
    const le = join(dir, 'unicode-le.txt');
    const be = join(dir, 'unicode-be.txt');
    await writeFile(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const beText = text.replace('li.na', 'li.na.be').replace('emily.utf16', 'emily.utf16be');
    await writeFile(be, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(beText, 'utf16le').swap16()]));
    const [resultLe, resultBe] = [await runCli(['import', le, '--json'], { env: env() }), await runCli(['import', be, '--json'], { env: env() })];
    expect(resultLe.code).toBe(0);
    expect(JSON.parse(resultLe.stdout)).toMatchObject({ format: 'CSV, UTF-16 LE (BOM), tab-separated', rows: 2, imported: 2, invalid: 0 });
    expect(resultBe.code).toBe(0);
    expect(JSON.parse(resultBe.stdout)).toMatchObject({ format: 'CSV, UTF-16 BE (BOM), tab-separated', rows: 2, imported: 2 });
    expect(await contact('li.na@example.cn')).toMatchObject({ name: '李娜', source_code: '车展-2026', source_label: '车展 2026' });
    expect(await contact('li.na.be@example.cn')).toMatchObject({ name: '李娜', source_label: '车展 2026' });
    expect(await contact('emily.utf16be@example.com')).toMatchObject({ name: 'Emily Chen', source_code: 'bank-partner-q3', source_label: 'Bank partner, Q3' });
  });

  it('reads a semicolon-separated UTF-8 file without a BOM, names the columns it does not know, reports bad rows', async () => {
    const file = join(dir, 'partner-semicolon.csv');
    await writeFile(
      file,
      'Name;E-mail;Phone;Source;Timeframe;Loyalty number;Notes\n' +
        'Hans Müller;hans@example.de;+49 30 1234567;Joint promotion;within 3 months;L-77;"likes; SUVs"\n' +
        'Bad Row;not-an-email;;Joint promotion;;;\n',
    );
    const report = join(dir, 'semicolon-errors.csv');
    const result = await runCli(['import', file, '--errors', report], { env: env() });
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/^read as\s+CSV, UTF-8, semicolon-separated$/m);
    expect(result.stdout).toMatch(/^imported\s+1$/m);
    expect(result.stdout).toMatch(/^invalid\s+1$/m);
    expect(result.stdout).toMatch(/^unknown columns\s+Loyalty number, Notes \(not imported\)$/m);
    expect(await readFile(report, 'utf8')).toBe('row,field,reason\n3,E-mail (email),not an e-mail address: not-an-email\n');
    expect(await contact('hans@example.de')).toMatchObject({ name: 'Hans Müller', phone: '+49301234567', source_code: 'joint-promotion', heat: 'high' });
  });

  it('reads an Excel workbook: numbers, hyperlinked e-mails and dates as a person sees them', async () => {
    const file = join(dir, 'walk-ins.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('来店客户');
    sheet.addRow(['姓名', '邮箱', '手机', '生日', '来源', '邮编', '城市', '地址']);
    sheet.addRow(['赵磊', { text: 'zhao.lei@example.cn', hyperlink: 'mailto:zhao.lei@example.cn' }, 13800138001, new Date(Date.UTC(1985, 11, 1)), '展厅到店', 100020, '北京', '朝阳区东三环北路 8 号']);
    sheet.addRow(['孙丽', 'sun.li@example.cn', 13800138002]); // no source: the row is reported, trailing blanks and all
    sheet.getColumn(4).numFmt = 'yyyy-mm-dd';
    workbook.addWorksheet('说明').addRow(['this sheet is notes, not contacts']);
    await workbook.xlsx.writeFile(file);

    const result = await runCli(['import', file, '--json'], { env: env() });
    expect(result.code).toBe(4);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ format: 'Excel workbook, first sheet', rows: 2, imported: 1, invalid: 1, unknownColumns: [] });
    expect(await readFile(summary.errorReport, 'utf8')).toBe('row,field,reason\n3,来源 (source),required\n');
    const { rows } = await db.pool.query(
      `SELECT name, phone, postcode, to_char(birthday, 'YYYY-MM-DD') AS birthday, source_label FROM contacts WHERE email = 'zhao.lei@example.cn'`,
    );
    expect(rows).toEqual([{ name: '赵磊', phone: '+8613800138001', postcode: '100020', birthday: '1985-12-01', source_label: '展厅到店' }]);
  });

  it('refuses an old .xls workbook and a file in no encoding it can tell, saying what to do (exit 2)', async () => {
    const xls = join(dir, 'old.xls');
    await writeFile(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    const result = await runCli(['import', xls], { env: env() });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(`campaign: ${xls}: an Excel 97-2003 workbook (.xls): save it as .xlsx (Excel Workbook) or CSV and import again\n`);
    const csv = join(dir, 'plain.csv');
    await writeFile(csv, 'name,email,source\nAnn,ann.plain@example.com,web\n');
    const given = await runCli(['import', csv, '--encoding', 'klingon'], { env: env() });
    expect(given).toMatchObject({ code: 2, stdout: '' });
    expect(given.stderr).toBe(`campaign: ${csv}: unknown encoding: klingon (try utf-8, gb18030, utf-16le, big5)\n`);
    expect(await contact('ann.plain@example.com')).toBeUndefined();
  });
});
