import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProspects, type ImportedContact } from '../../import/import-prospects.js';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { insertContact } from '../helpers/seed.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => db?.close());

const csv = (text: string): Readable => Readable.from([Buffer.from(text, 'utf8')]);
const HEADER = '姓名,邮箱,手机,地址,邮编,城市,来源,计划购车时间,预算,意向车型,现有车辆,职务,公司,行业\n';

describe('importProspects', () => {
  it('imports good rows, reports every bad row with its line, field and reason', async () => {
    const file =
      '\uFEFF' +
      HEADER +
      '王伟,wang@example.com,13800138000,"浦东新区世纪大道100号, 25楼",200120,上海,MAG-07,3个月内,25万,X5;X3,大众帕萨特,总经理,环球贸易,贸易\n' + // line 2: good, hot
      'Emily Chen,emily@example.com,,,,,BANK-01,over 1 year,,X1,,CFO,ACME,Finance\n' + // 3: good, low
      ',nobody@example.com,,,,,MAG-07,,,,,,,\n' + // 4: no name
      '李娜,not-an-email,12345,某路1号,12,北京,MAG-07,,abc,,,,,\n' + // 5: email, phone, postcode, budget
      '赵磊,zhao@example.com\n' + // 6: wrong field count
      '孙丽,"sun@example.com,13900139000,,,,MAG-07,,,,,,,\n' + // 7: unclosed quote... swallows to the end
      '';
    const errors: unknown[] = [];
    const summary = await importProspects(db.pool, csv(file), { onError: (e) => errors.push(e) });
    expect(summary).toMatchObject({ imported: 2, invalid: 4, merged: 0, newlyHot: 1 });
    expect(summary.errors.filter((e) => e.row === 4).map((e) => e.field)).toEqual(['姓名 (name)']);
    expect(summary.errors.filter((e) => e.row === 5).map((e) => [e.field, e.reason])).toEqual([
      ['邮箱 (email)', 'not an e-mail address: not-an-email'],
      ['手机 (phone)', 'not a phone number: 12345'],
      ['邮编 (postcode)', 'expected 6 digits: 12'],
      ['预算 (budget)', 'not an amount: abc'],
    ]);
    expect(summary.errors.find((e) => e.row === 6)).toEqual({ row: 6, field: '(row)', reason: 'expected 14 fields, got 2' });
    expect(summary.errors.some((e) => e.field === '(csv)' || e.field === '(row)')).toBe(true);
    expect(errors).toHaveLength(summary.errors.length);

    const { rows } = await db.pool.query(`SELECT name, email, phone, postcode, city, heat, stage, source_code, screening FROM contacts ORDER BY id`);
    expect(rows[0]).toMatchObject({
      name: '王伟',
      phone: '+8613800138000',
      heat: 'high',
      stage: 'prospect',
      source_code: 'MAG-07',
      screening: { budget: 250000, models: ['X5', 'X3'], currentVehicle: '大众帕萨特', jobTitle: '总经理' },
    });
    expect(rows[1]).toMatchObject({ name: 'Emily Chen', heat: 'low', source_code: 'BANK-01' });
  });

  it('merges duplicates into the contact on file and re-scores heat; repeats within the file count once', async () => {
    const existing = await insertContact(db.pool, { email: 'known@example.com', stage: 'prospect', heat: 'low', phone: '+8613700137000' });
    const batches: ImportedContact[] = [];
    const summary = await importProspects(
      db.pool,
      csv(
        HEADER +
          '老客户,KNOWN@example.com,,,,,WEB-01,一年内,,,,,,\n' +
          '同电话,,13700137000,,,,WEB-01,,,,,,,\n' +
          '新客户,new@example.com,,,,,WEB-01,,,,,,,\n' +
          '新客户重复,new@example.com,,,,,WEB-01,,,,,,,\n',
      ),
      { onBatch: (b) => void batches.push(...b) },
    );
    expect(summary).toMatchObject({ rows: 4, imported: 1, merged: 1, duplicatesInFile: 2, invalid: 0, newlyHot: 1 });
    const { rows } = await db.pool.query(`SELECT heat, screening FROM contacts WHERE id = $1`, [existing]);
    expect(rows[0]).toMatchObject({ heat: 'high', screening: { purchaseTimeframe: '一年内' } });
    expect(batches.find((b) => b.id === existing)).toEqual({ id: existing, heat: 'high', created: false, becameHot: true });
  });

  it('imports a suppressed address without consent on that channel', async () => {
    await db.pool.query(`INSERT INTO suppressions (channel, address, reason) VALUES ('email', 'bounced@example.com', 'bounce'), ('all', '+8613600136000', 'do-not-contact')`);
    const summary = await importProspects(
      db.pool,
      csv(HEADER + '退信,bounced@example.com,13500135000,,,,X,,,,,,,\n免打扰,dnc@example.com,13600136000,,,,X,,,,,,,\n'),
    );
    expect(summary).toMatchObject({ imported: 2, suppressed: 2 });
    const { rows } = await db.pool.query(`SELECT email, consent_email, consent_phone FROM contacts WHERE source_code = 'X' ORDER BY id`);
    expect(rows).toEqual([
      { email: 'bounced@example.com', consent_email: false, consent_phone: true },
      { email: 'dnc@example.com', consent_email: false, consent_phone: false },
    ]);
  });

  it('stops on a bad header or an empty file, saying why', async () => {
    expect((await importProspects(db.pool, csv('foo,bar\n1,2\n'))).fatal).toMatch(/line 1: header lacks required columns: name, source/);
    expect((await importProspects(db.pool, csv(''))).fatal).toMatch(/empty/);
    expect((await importProspects(db.pool, '/nonexistent/file.csv')).fatal).toMatch(/ENOENT/);
  });
});
