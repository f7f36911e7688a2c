/**
 * `campaign import --as dealers|service-centres|models`: the user's own network and catalogue,
 * from the files a network manager keeps (an .xlsx, a GB18030 tab-separated export, a UTF-8 CSV
 * from Excel), through the built CLI; then the hot-lead pack a prospect would get lists the
 * user's nearest dealer and service centre, in the prospect's language, and their models.
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
  [db, dir] = await Promise.all([freshDatabase({ max: 2 }), mkdtemp(join(tmpdir(), 'ce-cli-network-'))]);
});
afterAll(async () => {
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('campaign import: dealers, service centres and the model catalogue', () => {
  it('imports the network and catalogue, reports bad rows, and the hot-lead pack lists the nearest of them', async () => {
    const dealers = join(dir, 'dealers.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('经销商');
    sheet.addRow(['经销商代码', '名称', '英文名称', '地址', '邮编', '城市', '销售热线', '营业时间', '销售车型']);
    sheet.addRow(['HZ-001', '杭州西湖汽车销售服务有限公司', 'Hangzhou West Lake Motors', '西湖区文三路 100 号', 310012, '杭州', '0571-8888 1234', '周一至周日 9:00-18:00', 'SEDAN-L;SUV-X']);
    sheet.addRow(['SH-009', '上海虹桥汽车', 'Shanghai Hongqiao Motors', '闵行区申长路 1 号', 201100, '上海', '400-800-1998', '', 'SUV-X']);
    sheet.addRow(['BAD-1', '坏邮编经销商', '', '某路 1 号', 1234, '北京', '12345', '', '']);
    await workbook.xlsx.writeFile(dealers);

    const centres = join(dir, '服务中心.txt');
    await writeFile(
      centres,
      iconv.encode(
        '代码\t名称\t英文名称\t地址\t邮编\t城市\t电话\t服务车型\r\n' +
          'SC-HZ-01\t杭州滨江服务中心\tHangzhou Binjiang Service Centre\t滨江区江南大道 500 号\t310051\t杭州\t0571-8777 0000\tSEDAN-L;SUV-X;HATCH-S\r\n',
        'gb18030',
      ),
    );
    const models = join(dir, 'models.csv');
    await writeFile(
      models,
      '\uFEFFcode,name,name en,summary,features,prices,sheet\r\n' +
        'SUV-X,SUV X 七座,SUV X Seven,七座城市 SUV,"四驱; 七座; 360° 全景影像","2.0T 两驱版: 27.98万; 2.0T 四驱版: 319800",https://www.example.com/sheets/suv-x.pdf\r\n' +
        'SEDAN-L,轿车 L,Sedan L,家用轿车,,"229,800",\r\n' +
        'HATCH-S,Hatchback S,,,,abc,\r\n',
    );

    const dealerResult = await runCli(['import', dealers, '--as', 'dealers', '--json'], { env: env() });
    expect(dealerResult.code).toBe(4);
    const dealerReport = JSON.parse(dealerResult.stdout);
    expect(dealerReport).toMatchObject({ kind: 'dealers', rows: 3, imported: 2, merged: 0, invalid: 1 });
    expect(await readFile(dealerReport.errorReport, 'utf8')).toBe(
      'row,field,reason\n4,邮编 (postcode),expected 6 digits: 1234\n4,销售热线 (phone),not a phone number: 12345\n',
    );
    const centreResult = await runCli(['import', centres, '--as', 'service-centres'], { env: env() });
    expect(centreResult.stderr).toBe('');
    expect(centreResult.code).toBe(0);
    expect(centreResult.stdout).toMatch(/^read as\s+CSV, GB18030, tab-separated$/m);
    expect(centreResult.stdout).toMatch(/^added\s+1$/m);
    const modelResult = await runCli(['import', models, '--as', 'models', '--errors', join(dir, 'models-errors.csv')], { env: env() });
    expect(modelResult.code).toBe(4);
    expect(modelResult.stdout).toMatch(/^added\s+2$/m);
    expect(await readFile(join(dir, 'models-errors.csv'), 'utf8')).toBe('row,field,reason\n4,prices,"not a price (""label: amount""): abc"\n');

    expect((await db.pool.query(`SELECT code, name, names, phone, opening_hours, models FROM dealers ORDER BY code`)).rows).toEqual([
      {
        code: 'HZ-001', name: '杭州西湖汽车销售服务有限公司', names: { 'zh-CN': '杭州西湖汽车销售服务有限公司', en: 'Hangzhou West Lake Motors' },
        phone: '+8657188881234', opening_hours: '周一至周日 9:00-18:00', models: ['SEDAN-L', 'SUV-X'],
      },
      { code: 'SH-009', name: '上海虹桥汽车', names: { 'zh-CN': '上海虹桥汽车', en: 'Shanghai Hongqiao Motors' }, phone: '4008001998', opening_hours: null, models: ['SUV-X'] },
    ]);
    expect((await db.pool.query(`SELECT code, features, price_lines, sheet_url FROM vehicle_models ORDER BY code`)).rows).toEqual([
      { code: 'SEDAN-L', features: [], price_lines: [{ label: '轿车 L', price: { amount: 229800, currency: 'CNY' } }], sheet_url: null },
      {
        code: 'SUV-X', features: ['四驱', '七座', '360° 全景影像'], sheet_url: 'https://www.example.com/sheets/suv-x.pdf',
        price_lines: [{ label: '2.0T 两驱版', price: { amount: 279800, currency: 'CNY' } }, { label: '2.0T 四驱版', price: { amount: 319800, currency: 'CNY' } }],
      },
    ]);

    // A corrected dealer file updates by code: nothing is added twice.
    const again = await runCli(['import', dealers, '--as', 'dealers', '--json'], { env: env() });
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, merged: 2 });

    // A hot prospect in Hangzhou who reads English: the pack lists the user's own network.
    const prospects = join(dir, 'hangzhou.csv');
    await writeFile(prospects, 'name,email,address,postcode,city,source,timeframe,models,language\nAnna Li,anna.li@example.com,1 Wensan Road,310013,杭州,car show,within 3 months,SUV-X,en\n');
    expect((await runCli(['import', prospects], { env: env() })).code).toBe(0);
    const id = (await db.pool.query(`SELECT id FROM contacts WHERE email = 'anna.li@example.com'`)).rows[0].id as number;
    const preview = await runCli(['preview', 'hot-lead-pack', '--contact', String(id), '--out', join(dir, 'pack'), '--json'], { env: env() });
    expect(preview.stderr).toBe('');
    const text = await readFile(JSON.parse(preview.stdout).files.txt, 'utf8');
    expect(text).toContain('Hangzhou West Lake Motors');
    expect(text).toContain('Hangzhou Binjiang Service Centre');
    // Same city first, then the closest postcode; names in the prospect's language.
    expect(text.indexOf('Hangzhou West Lake Motors')).toBeGreaterThan(0);
    expect(text.indexOf('Hangzhou West Lake Motors')).toBeLessThan(text.indexOf('Shanghai Hongqiao Motors'));
    expect(text).toContain('tel. +8657188881234');
    expect(text).toMatch(/SUV X Seven +2\.0T 两驱版 +CN¥279,800/);
  });

  it('lists every kind in --help', async () => {
    const result = await runCli(['import', '--help']);
    expect(result.code).toBe(0);
    for (const kind of ['prospects', 'owners', 'dealers', 'service-centres', 'models']) expect(result.stdout).toMatch(new RegExp(`^  ${kind} +\\S`, 'm'));
  });
});
