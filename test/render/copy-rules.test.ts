/**
 * The copy rules a printer and a reader hold us to, read from the rendered e-mails (HTML and
 * text) and PDFs in both languages: times in the contact's zone and conventions, addresses as
 * their script writes them, no line break inside a time, number or URL, a URL never run into the
 * text after it, no empty distance column, and no campaign id anywhere a customer reads.
 */
import { describe, expect, it } from 'vitest';
import { formatAddress, windowLines } from '../../render/address.js';
import { formatDateTime, formatTime, renderEmail, renderPrintPiece, sampleContext, sampleEmailContext, type Language, type Place } from '../../render/index.js';
import { readPdf } from './read-pdf.js';

const LANGUAGES: Language[] = ['en', 'zh-CN'];
const plain = (text: string): string => text.replace(/\u00a0/g, ' ');

/** Places as the network import stores them: one address as the file wrote it, no distance known. */
const imported: Record<string, Place> = {
  beijing: { name: '北京东方汽车销售服务有限公司', addressLines: ['朝阳区东三环北路 8 号'], postcode: '100020', city: '北京', phone: '+861065001234', distanceKm: null },
  shanghai: { name: '上海浦东服务中心', addressLines: ['上海市浦东新区张杨路 500 号'], postcode: '200120', city: '上海', phone: '+862150009876', distanceKm: null },
  guangzhou: { name: 'Guangzhou Pearl River Motors', addressLines: ['1 Tianhe Road, Tianhe District'], postcode: '510620', city: 'Guangzhou', phone: '+862038001234', distanceKm: null },
};

describe('times in the contact zone and conventions', () => {
  it('writes 24-hour times in Chinese and "3:00 pm" in English, in the contact zone', () => {
    expect(formatTime('2026-12-05T07:00:00Z', 'zh-CN', 'Asia/Shanghai')).toBe('15:00');
    expect(plain(formatTime('2026-12-05T07:00:00Z', 'en', 'Asia/Shanghai'))).toBe('3:00 pm');
    expect(plain(formatTime('2026-12-05T07:00:00Z', 'en', 'Europe/London'))).toBe('7:00 am');
    expect(formatDateTime('2026-12-05T07:00:00Z', 'zh-CN', 'Asia/Shanghai')).toBe('2026年12月5日星期六 15:00');
    expect(plain(formatDateTime('2026-12-05T07:00:00Z', 'en', 'Asia/Shanghai'))).toBe('Saturday, 5 December 2026 at 3:00 pm');
  });

  it('puts the booked time in the subject and body of the reminder, as the contact reads it', async () => {
    const slot = { startsAt: '2026-12-05T07:00:00Z', serviceCentre: imported.shanghai! };
    for (const [language, time] of [['zh-CN', '15:00'], ['en', '3:00 pm']] as const) {
      const base = sampleEmailContext(language);
      const email = await renderEmail('inspection-reminder', { ...base, booking: { ...base.booking!, slot } });
      expect(email.subject).toContain(time);
      expect(plain(email.text)).toContain(time);
      expect(plain(email.html)).toContain(time);
    }
  });
});

describe('addresses as each script writes them', () => {
  it('writes a Chinese address from the city down without spaces, a Western one from the street up', () => {
    expect(formatAddress(imported.beijing!, 'zh-CN')).toBe('北京朝阳区东三环北路8号（邮编\u00a0100020）');
    expect(formatAddress(imported.shanghai!, 'zh-CN')).toBe('上海市浦东新区张杨路500号（邮编\u00a0200120）');
    expect(formatAddress(imported.shanghai!, 'en')).toBe('200120 上海市浦东新区张杨路500号');
    expect(plain(formatAddress(imported.guangzhou!, 'zh-CN'))).toBe('1 Tianhe Road, Tianhe District, Guangzhou 510620');
    expect(plain(formatAddress(imported.guangzhou!, 'en'))).toBe('1 Tianhe Road, Tianhe District, Guangzhou 510620');
  });

  it('prints the window address in the order of its script', () => {
    const zh = sampleContext('zh-CN').contact;
    expect(windowLines({ ...zh, addressLines: ['北京市朝阳区建国路 88 号'], postcode: '100022', city: '北京', company: null })).toEqual(['100022', '北京市朝阳区建国路88号', '王伟先生 收']);
    expect(windowLines(zh)).toEqual(['200120 上海市', '浦东新区世纪大道100号', '环球金融中心25楼', '华东贸易有限公司', '王伟先生 收']);
    const en = sampleContext('en').contact;
    expect(windowLines({ ...en, addressLines: ['88 Century Avenue Pudong'], company: null })).toEqual(['Ms Emily Chen', '88 Century Avenue Pudong', 'Shanghai 200120']);
  });

  for (const language of LANGUAGES) {
    it(`never glues an English address into Chinese order, in the pack's e-mail and its dealer sheet (${language})`, async () => {
      const context = sampleEmailContext(language, { dealers: [imported.guangzhou!, imported.beijing!], serviceCentres: [imported.shanghai!] });
      const email = await renderEmail('hot-lead-pack', context);
      // The text part is wrapped: read it with its line breaks undone (a space between Latin words, none in Chinese).
      const unwrapped = plain(email.text).replace(/\n\s*(?=[\u4e00-\u9fff])/g, '').replace(/\n\s*/g, ' ');
      for (const part of [unwrapped, plain(email.html)]) {
        expect(part).not.toContain('Guangzhou1');
        expect(part).toContain('1 Tianhe Road, Tianhe District, Guangzhou 510620');
        expect(part).toContain('北京朝阳区东三环北路8号');
        expect(part).not.toMatch(/东三环北路 8 号/);
      }
      const sheet = email.attachments.find((a) => a.filename.includes('dealers') || a.filename.includes('经销商'))!;
      const text = (await readPdf(sheet.content)).map((p) => plain(p.text)).join('\n');
      expect(text).toContain('Tianhe Road');
      expect(text).not.toContain('Guangzhou1');
      expect(text).toContain('上海市浦东新区张杨路500号');
    });
  }
});

describe('the nearest dealers table', () => {
  for (const language of LANGUAGES) {
    it(`leaves the distance column out when no distance is known, shows it when every one is (${language})`, async () => {
      const heading = language === 'en' ? 'Distance' : '距离';
      const unknown = await renderEmail('hot-lead-pack', sampleEmailContext(language, { dealers: [imported.beijing!, imported.guangzhou!], serviceCentres: [imported.shanghai!] }));
      const sheet = unknown.attachments.at(-1)!;
      const pages = await readPdf(sheet.content);
      expect(pages.map((p) => p.text).join(' ')).not.toContain(heading);

      const known = await renderEmail('hot-lead-pack', sampleEmailContext(language));
      const text = (await readPdf(known.attachments.at(-1)!.content)).map((p) => plain(p.text)).join(' ');
      expect(text).toContain(heading);
      expect(text).toContain(language === 'en' ? '2.5 km' : '2.5 公里');
    });
  }
});

describe('the text part', () => {
  for (const language of LANGUAGES) {
    it(`never breaks inside a time, a number, a registration or a URL, wherever the line ends (${language})`, async () => {
      const base = sampleEmailContext(language);
      const slot = { startsAt: '2026-12-05T07:00:00Z', serviceCentre: imported.shanghai! };
      const time = language === 'en' ? '3:00 pm' : '15:00';
      const values: Record<string, string[]> = {
        'inspection-offer': [time, '+861065001234', '沪A·12345', base.booking!.bookingUrl],
        'inspection-confirmation': [time, base.booking!.bookingUrl, '800-820-8888'],
      };
      // Names of every length shift each value across the line end.
      for (let n = 0; n < 36; n++) {
        const name = (language === 'en' ? 'Pudong Service Centre ' : '上海浦东服务中心') + 'x'.repeat(n);
        const context = { ...base, booking: { ...base.booking!, offered: [{ ...slot, serviceCentre: { ...imported.beijing!, name } }], slot } };
        for (const [template, whole] of Object.entries(values)) {
          const lines = (await renderEmail(template, context)).text.split('\n');
          for (const value of whole) expect(lines.some((line) => line.includes(value)), `${template} ${n}: "${value}" on one line`).toBe(true);
        }
      }
    });

    it(`follows every URL with a space or the line end, in the text and the HTML (${language})`, async () => {
      const email = await renderEmail('inspection-confirmation', sampleEmailContext(language));
      const url = 'https://book.example.com/b/INSP-7F3K2Q';
      const text = email.text;
      const html = email.html.replace(/<[^>]+>/g, '');
      for (const part of [text, html]) {
        let at = part.indexOf(url);
        expect(at).toBeGreaterThanOrEqual(0);
        while (at >= 0) {
          expect(part.charAt(at + url.length), part.slice(at, at + url.length + 3)).toMatch(/^$|[\s.,;)<>]/);
          at = part.indexOf(url, at + 1);
        }
      }
      if (language === 'zh-CN') expect(text).not.toMatch(/INSP-7F3K2Q[，\u4e00-\u9fff]/);
    });
  }
});

describe('what customers read of the campaign', () => {
  for (const language of LANGUAGES) {
    it(`shows the display name and never the campaign id, in the e-mail and the letter (${language})`, async () => {
      const campaign = { id: 'sample-inspection', name: 'sample-inspection', displayName: language === 'en' ? 'Free inspection check' : '免费检测', sourceCode: null };
      const email = await renderEmail('inspection-offer', sampleEmailContext(language, { campaign }));
      expect(email.subject).toContain(campaign.displayName);
      for (const part of [email.subject, email.text, email.html]) expect(part).not.toContain('sample-inspection');
      expect(plain(email.text)).toContain(campaign.displayName);
      const pdf = await renderPrintPiece({ pieceId: 'piece-7', template: 'inspection-offer', context: sampleContext(language, { campaign }) });
      const text = (await readPdf(pdf)).map((p) => p.text).join('\n');
      expect(text).not.toContain('sample-inspection');
      expect(text).toContain('piece-7');
    });
  }
});
