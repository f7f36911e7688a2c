/**
 * `campaign import --as owners` as a campaign manager runs it on a dealer's sales export: a
 * GB18030 semicolon CSV with Chinese headers and an English .xlsx, through the built CLI, against
 * real Postgres; checked by the summary, the error report and the owners and cars on file.
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
  [db, dir] = await Promise.all([freshDatabase({ max: 2 }), mkdtemp(join(tmpdir(), 'ce-cli-owners-'))]);
});
afterAll(async () => {
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const owner = async (email: string): Promise<Record<string, unknown> | undefined> =>
  (
    await db.pool.query(
      `SELECT id, name, phone, stage, tier, heat, source_code, screening, household_id, spouse_name,
              to_char(birthday, 'YYYY-MM-DD') AS birthday, to_char(wedding_anniversary, 'YYYY-MM-DD') AS anniversary
       FROM contacts WHERE email = $1`,
      [email],
    )
  ).rows[0];
const cars = async (email: string): Promise<Record<string, unknown>[]> =>
  (
    await db.pool.query(
      `SELECT v.vin, v.model, to_char(v.purchase_date, 'YYYY-MM-DD') AS bought, to_char(v.last_service, 'YYYY-MM-DD') AS serviced,
              v.selling_dealer, v.service_centre
       FROM vehicles v JOIN contacts c ON c.id = v.contact_id WHERE c.email = $1 ORDER BY v.vin`,
      [email],
    )
  ).rows;

const HEADER = '姓名;邮箱;手机;语言;等级;生日;结婚纪念日;配偶;家庭编号;车架号;车型;购车日期;经销商;服务中心;最近保养日期;会员卡号';

describe('campaign import --as owners', () => {
  it('imports a dealer export: a prospect who bought becomes an owner keeping their history; households, cars, bad rows reported', async () => {
    // A hot prospect on file, with answers from a magazine questionnaire.
    const prospect = await runCli(['import', await written('prospect.csv', 'name,email,source,timeframe,models\n张伟,zhang.wei@example.cn,杂志回函,3个月内,SUV-X\n'), '--json'], { env: env() });
    expect(prospect.code).toBe(0);
    const before = await owner('zhang.wei@example.cn');

    const file = join(dir, '东方经销商车主.csv');
    const rows = [
      HEADER,
      '张伟;zhang.wei@example.cn;13900000003;;金卡;1985/12/1;;;;LSVAA4180E2000003;SUV-X;2026/3/20;BJ-001;SC-BJ-01;;M-1',
      '李秀英;li.xiuying@example.cn;13800000002;中文;银卡;1972-07-08;1996-10-01;王建国;hh-wang;LSVAA4180E2000001;SEDAN-L;2024-04-12;BJ-001;SC-BJ-01;2025-10-02;M-2',
      '王建国;wang.jianguo@example.cn;13800000001;;金卡;1970-03-15;1996-10-01;李秀英;hh-wang;;;;;;;M-3',
      '张伟;zhang.wei@example.cn;;;;;;;;LSVAA4180E2000009;HATCH-S;2026-05-01;BJ-002;;;M-1',
      '赵敏;zhao.min@example.cn;;;普通;;;;;ABC123;SEDAN-L;;;;;M-5',
      '孙磊;sun.lei@example.cn;;;钻石;;2026-02-30;;;;;;;;;M-6',
    ];
    await writeFile(file, iconv.encode(rows.join('\r\n') + '\r\n', 'gb18030'));
    const report = join(dir, 'owners-errors.csv');
    const result = await runCli(['import', file, '--as', 'owners', '--errors', report], { env: env() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/^read as\s+CSV, GB18030, semicolon-separated$/m);
    expect(result.stdout).toMatch(/^rows\s+6$/m);
    expect(result.stdout).toMatch(/^owners added\s+2$/m);
    expect(result.stdout).toMatch(/^owners merged\s+1$/m);
    expect(result.stdout).toMatch(/^more rows of an owner\s+1$/m);
    expect(result.stdout).toMatch(/^vehicles\s+3$/m);
    expect(result.stdout).toMatch(/^invalid\s+2$/m);
    expect(result.stdout).toMatch(/^unknown columns\s+会员卡号 \(not imported\)$/m);
    expect(await readFile(report, 'utf8')).toBe(
      'row,field,reason\n' +
        '6,车架号 (vin),"not a VIN (17 letters and digits, no I, O or Q): ABC123"\n' +
        '7,等级 (tier),"expected gold, silver or regular: 钻石"\n' +
        '7,结婚纪念日 (weddingAnniversary),not a date (YYYY-MM-DD): 2026-02-30\n',
    );

    // The prospect is now a gold owner: same record, its source and questionnaire answers kept.
    const zhang = await owner('zhang.wei@example.cn');
    expect(zhang).toMatchObject({ id: before!.id, stage: 'owner', tier: 'gold', heat: 'high', source_code: '杂志回函', phone: '+8613900000003', birthday: '1985-12-01' });
    expect(zhang!.screening).toMatchObject({ purchaseTimeframe: '3个月内', models: ['SUV-X'] });
    expect(await cars('zhang.wei@example.cn')).toEqual([
      { vin: 'LSVAA4180E2000003', model: 'SUV-X', bought: '2026-03-20', serviced: null, selling_dealer: 'BJ-001', service_centre: 'SC-BJ-01' },
      { vin: 'LSVAA4180E2000009', model: 'HATCH-S', bought: '2026-05-01', serviced: null, selling_dealer: 'BJ-002', service_centre: null },
    ]);
    expect(await owner('li.xiuying@example.cn')).toMatchObject({ stage: 'owner', tier: 'silver', household_id: 'hh-wang', spouse_name: '王建国', anniversary: '1996-10-01' });
    expect(await owner('wang.jianguo@example.cn')).toMatchObject({ tier: 'gold', household_id: 'hh-wang', spouse_name: '李秀英', birthday: '1970-03-15' });
    expect(await cars('wang.jianguo@example.cn')).toEqual([]);
    expect(await owner('zhao.min@example.cn')).toBeUndefined();

    // The same file again changes nothing it already holds: no second contact, no second car.
    const again = await runCli(['import', file, '--as', 'owners', '--json'], { env: env() });
    expect(JSON.parse(again.stdout)).toMatchObject({ kind: 'owners', imported: 0, merged: 3, vehicles: 3, invalid: 2 });
    const counts = (await db.pool.query(`SELECT (SELECT count(*) FROM contacts)::int AS contacts, (SELECT count(*) FROM vehicles)::int AS vehicles`)).rows[0];
    expect(counts).toEqual({ contacts: 3, vehicles: 3 });
  });

  it('reads an English .xlsx owner file, matching a contact on file by phone and a car by VIN', async () => {
    const file = join(dir, 'owners.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Owners');
    sheet.addRow(['Name', 'Mobile', 'E-mail', 'Tier', 'Wedding anniversary', 'VIN', 'Model', 'Purchase date', 'Selling dealer', 'Last service date', 'Time zone']);
    // Li Xiuying again, with no e-mail: found by her phone.
    sheet.addRow(['李秀英', '138 0000 0002', '', 'Gold', new Date(Date.UTC(1996, 9, 1)), 'LSVAA4180E2000001', 'SEDAN-L', new Date(Date.UTC(2024, 3, 12)), 'BJ-001', new Date(Date.UTC(2026, 0, 15)), 'Asia/Shanghai']);
    // Emily bought Zhang Wei's second car: the car moves to her.
    sheet.addRow(['Emily Chen', '', 'emily.chen@example.com', 'regular', null, 'LSVAA4180E2000009', 'HATCH-S', new Date(Date.UTC(2026, 5, 30)), 'GZ-001', null, 'Asia/Shanghai']);
    ['E', 'H', 'J'].forEach((c) => (sheet.getColumn(c).numFmt = 'yyyy-mm-dd'));
    await workbook.xlsx.writeFile(file);

    const result = await runCli(['import', file, '--as', 'owners', '--json'], { env: env() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'Excel workbook, first sheet', rows: 2, imported: 1, merged: 1, vehicles: 2, invalid: 0, unknownColumns: [] });
    expect(await owner('li.xiuying@example.cn')).toMatchObject({ tier: 'gold', household_id: 'hh-wang' });
    expect(await cars('li.xiuying@example.cn')).toEqual([
      { vin: 'LSVAA4180E2000001', model: 'SEDAN-L', bought: '2024-04-12', serviced: '2026-01-15', selling_dealer: 'BJ-001', service_centre: 'SC-BJ-01' },
    ]);
    expect(await owner('emily.chen@example.com')).toMatchObject({ stage: 'owner', tier: 'regular' });
    expect((await cars('emily.chen@example.com')).map((c) => c.vin)).toEqual(['LSVAA4180E2000009']);
    expect((await cars('zhang.wei@example.cn')).map((c) => c.vin)).toEqual(['LSVAA4180E2000003']);
  });

  it('keeps two people apart who share a phone (a household landline): different e-mails are different owners', async () => {
    const file = await written('landline.csv', 'name,phone,email,tier\n王小明,13800000001,wang.xiaoming@example.cn,regular\n');
    const result = await runCli(['import', file, '--as', 'owners', '--json'], { env: env() });
    expect(JSON.parse(result.stdout)).toMatchObject({ imported: 1, merged: 0 });
    expect(await owner('wang.jianguo@example.cn')).toMatchObject({ name: '王建国', tier: 'gold' });
    expect(await owner('wang.xiaoming@example.cn')).toMatchObject({ name: '王小明', phone: '+8613800000001', stage: 'owner' });
  });

  it('says which columns an owner file needs when its header has none it knows', async () => {
    const file = await written('not-owners.csv', 'Kunde,Fahrzeug\nMüller,Golf\n');
    const result = await runCli(['import', file, '--as', 'owners'], { env: env() });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(
      `campaign: ${file}: line 1: header lacks required column: name. Found 2 columns: "Kunde" (not known), "Fahrzeug" (not known). Needs name, one of email, phone, address\n`,
    );
  });
});

async function written(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}
