import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { createFolderLetterShop } from '../../adapters/letter-shop.js';
import { pdfPageCount, samplePdf } from '../helpers/pdf.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('folder letter shop', () => {
  it('writes one merged PDF and a manifest CSV per job, and nothing half-written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ce-shop-'));
    dirs.push(dir);
    const shop = createFolderLetterShop(dir);
    const pdf = await samplePdf(3);
    const outcome = await shop.submit({
      jobId: 'xmas-2026-greeting-p1',
      pdf,
      rows: [
        { pieceId: 'd-1', contactId: 1, name: '王伟', address: '浦东新区世纪大道100号, "环球" 25楼', postcode: '200120', city: '上海', pages: 1 },
        { pieceId: 'd-2', contactId: 2, name: 'Emily Chen', address: '1 Main St', postcode: '100000', city: 'Beijing', pages: 2 },
      ],
    });
    expect(outcome.kind).toBe('accepted');
    expect((await readdir(dir)).sort()).toEqual(['xmas-2026-greeting-p1.csv', 'xmas-2026-greeting-p1.pdf']);
    expect(pdfPageCount(await readFile(join(dir, 'xmas-2026-greeting-p1.pdf')))).toBe(3);
    const rows = parse(await readFile(join(dir, 'xmas-2026-greeting-p1.csv')), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toEqual([
      { piece_id: 'd-1', contact_id: '1', name: '王伟', address: '浦东新区世纪大道100号, "环球" 25楼', postcode: '200120', city: '上海', pages: '1' },
      { piece_id: 'd-2', contact_id: '2', name: 'Emily Chen', address: '1 Main St', postcode: '100000', city: 'Beijing', pages: '2' },
    ]);
  });

  it('refuses a job id that could escape the folder, and reports an unwritable folder as transient', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ce-shop-'));
    dirs.push(dir);
    const shop = createFolderLetterShop(dir);
    await expect(shop.submit({ jobId: '../x', pdf: Buffer.from(''), rows: [] })).rejects.toThrow(/unsafe/);
    await writeFile(join(dir, 'a-file'), 'x');
    const broken = createFolderLetterShop(join(dir, 'a-file', 'out')); // a file where the folder should be
    expect((await broken.submit({ jobId: 'j', pdf: Buffer.from(''), rows: [] })).kind).toBe('transient');
  });
});
