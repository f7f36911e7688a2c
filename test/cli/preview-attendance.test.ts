/**
 * `campaign preview` and `campaign attendance` as a user runs them: the files a preview writes
 * (the .eml parsed back, the PDF's signature), the attendance recorded in Postgres, and bad input.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { insertCampaign, insertContact, insertReferenceData, insertSlot, insertVehicle } from '../helpers/seed.js';
import { runAll, runCli } from './run-cli.js';

let db: TestDatabase;
let dir: string;
let prospect: number;
let owner: number;
let bookingId: number;
const env = (): Record<string, string> => ({ DATABASE_URL: db.url, PUBLIC_BASE_URL: 'https://crm.example.com' });

beforeAll(async () => {
  [db, dir] = await Promise.all([freshDatabase({ max: 2 }), mkdtemp(join(tmpdir(), 'ce-cli-preview-'))]);
  const { serviceCentres } = await insertReferenceData(db.pool);
  prospect = await insertContact(db.pool, {
    name: 'Emily Chen',
    language: 'en',
    email: 'emily@example.com',
    address: '25/F World Financial Center\n100 Century Avenue',
    stage: 'prospect',
    heat: 'high',
    screening: { models: ['X3', 'X5'] },
  });
  await insertCampaign(db.pool, 'hot-2026', 'lead-routing', { sourceCode: 'MAG-07' });
  await db.pool.query(`INSERT INTO reply_cards (campaign_id, contact_id, response_code) VALUES ('hot-2026', $1, 'K7QW4M2X9TPA')`, [prospect]);

  owner = await insertContact(db.pool, { name: '王伟', stage: 'owner' });
  await insertVehicle(db.pool, owner, 'X3');
  await insertCampaign(db.pool, 'inspection-2026', 'inspection');
  const slot = await insertSlot(db.pool, serviceCentres[0]!, '2026-12-05T01:30:00Z', 4);
  await db.pool.query(`INSERT INTO reply_cards (campaign_id, contact_id, response_code) VALUES ('inspection-2026', $1, 'INSP7F3K2Q')`, [owner]);
  bookingId = (
    await db.pool.query<{ id: number }>(`INSERT INTO inspection_bookings (slot_id, campaign_id, contact_id) VALUES ($1, 'inspection-2026', $2) RETURNING id`, [slot, owner])
  ).rows[0]!.id;
});
afterAll(async () => {
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('campaign preview', () => {
  it("writes the contact's piece as .eml, .html, .txt and .pdf, from the record", async () => {
    const out = join(dir, 'pack');
    const result = await runCli(['preview', 'hot-lead-pack', '--contact', String(prospect), '--campaign', 'hot-2026', '--out', out, '--json'], { env: env() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const base = join(out, `hot-lead-pack-${prospect}`);
    expect(report).toMatchObject({
      template: 'hot-lead-pack',
      contactId: prospect,
      campaignId: 'hot-2026',
      language: 'en',
      files: { eml: `${base}.eml`, html: `${base}.html`, txt: `${base}.txt`, pdf: `${base}.pdf` },
      sampleParts: [],
      channels: { email: 'reachable now', post: 'reachable now' },
    });

    const raw = await readFile(`${base}.eml`, 'utf8');
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe(report.subject);
    expect(mail.to && 'value' in mail.to ? mail.to.value[0]?.address : undefined).toBe('emily@example.com');
    expect(mail.messageId).toMatch(/^<[0-9a-f]{40}@campaign-engine\.local>$/);
    // The mailer's one-click unsubscribe headers (RFC 8058), with a signed link to this engine.
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(mail.headers.get('list')).toMatchObject({ unsubscribe: { url: expect.stringMatching(/^https:\/\/crm\.example\.com\/unsubscribe\?token=/) } });
    expect(mail.text).toContain('Emily Chen');
    // The reply card on file, not a sample: its code and its QR code's URL.
    expect(mail.text).toContain('K7QW4M2X9TPA');
    expect(mail.html).toContain('https://crm.example.com/r/K7QW4M2X9TPA');
    expect(mail.attachments.length).toBeGreaterThan(0);
    for (const a of mail.attachments) {
      expect(a.contentType).toBe('application/pdf');
      expect(a.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
    expect(await readFile(`${base}.html`, 'utf8')).toBe(mail.html);
    expect((await readFile(`${base}.txt`, 'utf8')).trim()).toBe(mail.text?.trim());
    expect((await readFile(`${base}.pdf`)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('without --out, writes under OUTPUT_DIR, never into the folder it is run from', async () => {
    const cwd = await mkdtemp(join(dir, 'cwd-'));
    const output = join(dir, 'generated');
    const result = await runCli(['preview', 'brochure', '--contact', String(prospect), '--json'], { env: { ...env(), OUTPUT_DIR: output }, cwd });
    expect(result.code).toBe(0);
    const base = join(output, 'previews', `brochure-${prospect}`);
    expect(JSON.parse(result.stdout).files).toEqual({ eml: `${base}.eml`, html: `${base}.html`, txt: `${base}.txt`, pdf: `${base}.pdf` });
    expect((await readFile(`${base}.pdf`)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await readdir(cwd)).toEqual([]);
  });

  it("uses the owner's live booking for a confirmation, and says which parts came from the sample", async () => {
    const [confirmation, greeting] = await runAll(
      [
        ['preview', 'inspection-confirmation', '--contact', String(owner), '--campaign', 'inspection-2026', '--out', join(dir, 'owner'), '--json'],
        ['preview', 'greeting-christmas-new-year-regular', '--contact', String(owner), '--out', join(dir, 'owner')],
      ],
      { env: env() },
    );
    expect(confirmation!.code).toBe(0);
    expect(JSON.parse(confirmation!.stdout)).toMatchObject({ sampleParts: [], language: 'zh-CN' });
    const text = await readFile(join(dir, 'owner', `inspection-confirmation-${owner}.txt`), 'utf8');
    expect(text).toContain('上海浦东服务中心'); // the booked slot's service centre, from the record

    expect(greeting!.code).toBe(0);
    expect(greeting!.stdout).toMatch(/^sample parts\s+occasion$/m);
    expect(greeting!.stdout).toContain(join(dir, 'owner', `greeting-christmas-new-year-regular-${owner}.eml`));
  });

  it('refuses an unknown template, contact or campaign (exit 2) and writes nothing', async () => {
    const out = join(dir, 'never');
    const [template, contact, campaign, notANumber] = await runAll(
      [
        ['preview', 'no-such-piece', '--contact', String(prospect), '--out', out],
        ['preview', 'brochure', '--contact', '999999', '--out', out],
        ['preview', 'brochure', '--contact', String(prospect), '--campaign', 'no-such-campaign', '--out', out],
        ['preview', 'brochure', '--contact', 'abc', '--out', out],
      ],
      { env: env() },
    );
    expect(template).toMatchObject({ code: 2, stdout: '' });
    expect(template!.stderr).toMatch(/^campaign: unknown template 'no-such-piece' \(use brochure, .*\)\n$/);
    expect(contact).toMatchObject({ code: 2, stdout: '', stderr: 'campaign: unknown contact 999999\n' });
    expect(campaign).toMatchObject({ code: 2, stdout: '', stderr: "campaign: unknown campaign 'no-such-campaign'\n" });
    expect(notANumber).toMatchObject({ code: 2, stderr: "campaign: --contact must be a positive whole number, got 'abc'\n" });
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });
});

describe('campaign attendance', () => {
  it('records that the owner came; an unknown or cancelled booking changes nothing (exit 2)', async () => {
    const came = await runCli(['attendance', String(bookingId), 'came', '--json'], { env: env() });
    expect(came).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(came.stdout)).toEqual({ bookingId, attendance: 'came', recorded: true });
    expect((await db.pool.query(`SELECT attendance FROM inspection_bookings WHERE id = $1`, [bookingId])).rows).toEqual([{ attendance: 'came' }]);

    await db.pool.query(`UPDATE inspection_bookings SET status = 'cancelled' WHERE id = $1`, [bookingId]);
    const [cancelled, unknown, badValue] = await runAll(
      [
        ['attendance', String(bookingId), 'no-show'],
        ['attendance', '424242', 'came'],
        ['attendance', String(bookingId), 'maybe'],
      ],
      { env: env() },
    );
    expect(cancelled).toMatchObject({ code: 2, stdout: '', stderr: `campaign: no live booking ${bookingId} (unknown or cancelled)\n` });
    expect(unknown).toMatchObject({ code: 2, stderr: 'campaign: no live booking 424242 (unknown or cancelled)\n' });
    expect(badValue).toMatchObject({ code: 2, stderr: "campaign: attendance must be came or no-show, got 'maybe'\n" });
    expect((await db.pool.query(`SELECT attendance FROM inspection_bookings WHERE id = $1`, [bookingId])).rows).toEqual([{ attendance: 'came' }]);
  });

  it('has help for preview and attendance', async () => {
    const [preview, attendance] = await runAll([
      ['preview', '--help'],
      ['attendance', '--help'],
    ]);
    expect(preview).toMatchObject({ code: 0 });
    expect(preview!.stdout).toContain('Usage: campaign preview [options] <template>');
    expect(preview!.stdout).toContain('--contact <id>');
    expect(preview!.stdout).toContain('--out <dir>');
    expect(attendance).toMatchObject({ code: 0 });
    expect(attendance!.stdout).toContain('Usage: campaign attendance [options] <booking-id> <attendance>');
    expect(attendance!.stdout).toContain('came | no-show');
  });
});
