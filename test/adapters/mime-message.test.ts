import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildMimeMessage, InvalidAddressError, parseMailbox, type MimeMessageInput } from '../../adapters/mime-message.js';

const pdf = Buffer.from('%PDF-1.4\n' + 'x'.repeat(300) + '\n%%EOF\n');

function input(overrides: Partial<MimeMessageInput> = {}): MimeMessageInput {
  return {
    from: parseMailbox('长城汽车客户中心 <crm@example.com>', 'from'),
    to: 'wang@example.com',
    subject: '新年快乐 Happy New Year, 王先生',
    text: '亲爱的王先生：\n\n祝您新年快乐！\n' + '一段很长的文字。'.repeat(30) + '\n',
    html: '<p>Dear Mr Wang,</p>\n<p>' + 'A long paragraph of greeting text. '.repeat(20) + '</p>\n',
    messageId: '<0123abcd@mail.example.com>',
    headers: { 'List-Unsubscribe': '<https://crm.example.com/u/abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    date: new Date('2026-12-20T08:00:00Z'),
    ...overrides,
  };
}

describe('MIME message', () => {
  it('reads back as the same subject, sender, parts, headers and attachments in a mail client', async () => {
    const message = buildMimeMessage(input({ attachments: [{ filename: '价目表 2027.pdf', content: pdf, contentType: 'application/pdf' }] }));
    const parsed = await simpleParser(message.raw);
    expect(parsed.subject).toBe('新年快乐 Happy New Year, 王先生');
    expect(parsed.from?.value).toEqual([{ name: '长城汽车客户中心', address: 'crm@example.com' }]);
    expect(parsed.to).toMatchObject({ value: [{ address: 'wang@example.com' }] });
    expect(parsed.messageId).toBe('<0123abcd@mail.example.com>');
    expect(parsed.date?.toISOString()).toBe('2026-12-20T08:00:00.000Z');
    expect(parsed.text).toBe(input().text);
    expect(parsed.html).toBe(input().html);
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]).toMatchObject({ filename: '价目表 2027.pdf', contentType: 'application/pdf' });
    expect(parsed.attachments[0]!.content.equals(pdf)).toBe(true);
    expect(parsed.headers.get('list')).toMatchObject({ unsubscribe: { url: 'https://crm.example.com/u/abc' } });
    expect(message.envelope).toEqual({ from: 'crm@example.com', to: ['wang@example.com'] });
  });

  it('keeps every line within the 78 characters RFC 5322 asks for, with CRLF line ends', () => {
    const raw = buildMimeMessage(input({ attachments: [{ filename: 'sheet.pdf', content: pdf }] })).raw.toString('latin1');
    const lines = raw.split('\r\n');
    expect(lines.filter((l) => l.length > 78)).toEqual([]);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('sends mostly-English HTML as readable quoted-printable and Chinese text as base64', () => {
    const raw = buildMimeMessage(input()).raw.toString('latin1');
    expect(raw).toMatch(/Content-Type: text\/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>Dear Mr Wang,<\/p>/);
    expect(raw).toMatch(/Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n/);
    expect(raw).toMatch(/Content-Type: multipart\/alternative; boundary=/);
    expect(raw).not.toMatch(/multipart\/mixed/);
  });

  it('cannot be made to carry a header of the data: a line break in the subject stays in the subject', async () => {
    const parsed = await simpleParser(buildMimeMessage(input({ subject: 'Hello\r\nBcc: all@example.com' })).raw);
    expect(parsed.subject).toBe('Hello Bcc: all@example.com');
    expect(parsed.bcc).toBeUndefined();
  });

  it('is the same bytes for the same delivery, so a resend is the same message', () => {
    expect(buildMimeMessage(input()).raw.equals(buildMimeMessage(input()).raw)).toBe(true);
    const other = buildMimeMessage(input({ messageId: '<other@mail.example.com>' })).raw.toString();
    expect(other).not.toContain(buildMimeMessage(input()).raw.toString().match(/boundary="([^"]+)"/)![1]);
  });

  it('names the field and the value of an address it cannot use', () => {
    expect(() => buildMimeMessage(input({ to: 'not an address' }))).toThrow(InvalidAddressError);
    expect(() => buildMimeMessage(input({ to: 'not an address' }))).toThrow('to: "not an address" is not an e-mail address');
    expect(() => parseMailbox('Campaign Engine', 'MAIL_FROM')).toThrow('MAIL_FROM: "Campaign Engine" is not an e-mail address');
  });

  it('puts an internationalised domain on the envelope and in the header in its ASCII form', () => {
    const message = buildMimeMessage(input({ to: 'wang@例子.中国' }));
    expect(message.envelope.to).toEqual(['wang@xn--fsqu00a.xn--fiqs8s']);
    expect(message.raw.toString()).toMatch(/^To: wang@xn--fsqu00a\.xn--fiqs8s\r$/m);
  });
});
