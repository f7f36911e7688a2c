import { describe, expect, it } from 'vitest';
import { RenderError, renderEmail, sampleEmailContext, templateInfo, templateNames } from '../../render/index.js';
import { displayWidth } from '../../render/markup-text.js';
import { readPdf } from './read-pdf.js';

describe('renderEmail', () => {
  it('renders the hot-lead pack in English: inlined HTML, a readable text part, the sheets as PDF', async () => {
    const context = sampleEmailContext('en');
    const email = await renderEmail('hot-lead-pack', context);

    expect(email.subject).toBe('Your information pack, Emily Chen');
    // juice moved the stylesheet into style attributes; only the media query stays in <style>.
    expect(email.html).toMatch(/<td class="content" style="[^"]*font-size: 15px/);
    expect(email.html).toMatch(/<a class="button" style="[^"]*background: #1f4e79[^"]*" href="https:\/\/reply\.example\.com\/r\/K7QW4M2X9TPA"/);
    expect(email.html).toMatch(/<td class="td" style="[^"]*padding: 6px 8px[^"]*" valign="top">Star S5 saloon<\/td>/);
    expect(email.html).not.toMatch(/\.h1 \{/);
    expect(email.html).toContain('@media only screen');
    expect(email.html).toContain('K7QW-4M2X-9TPA');
    expect(email.html).toContain('href="https://mail.example.com/u/sample-token"');

    const text = email.text;
    expect(text).toMatch(/^Dear Ms Chen,\n\nThank you for your interest in the Star S5 saloon and the Star X7 SUV\./);
    expect(text).not.toMatch(/<[a-z/][^>]*>/i);
    expect(text).toContain('Your response code: K7QW-4M2X-9TPA');
    expect(text).toContain('Reply now:\n  https://reply.example.com/r/K7QW4M2X9TPA');
    expect(text).toMatch(/Star S5 saloon +2\.0T Luxury +CN¥259,800/);
    expect(text).toContain('Unsubscribe: https://mail.example.com/u/sample-token');
    for (const line of text.split('\n')) if (!line.includes('http')) expect(displayWidth(line)).toBeLessThanOrEqual(100);

    expect(email.attachments.map((a) => a.filename)).toEqual(['catalogue.pdf', 'price-list.pdf', 'sales-service.pdf', 'after-sales-service.pdf', 'dealers.pdf']);
    for (const attachment of email.attachments) {
      expect(attachment.contentType).toBe('application/pdf');
      expect(attachment.content.subarray(0, 5).toString()).toBe('%PDF-');
    }
    const [priceList] = await readPdf(email.attachments[1]!.content);
    expect(priceList!.text).toContain('CN¥419,800');
  });

  it('renders Chinese with Chinese punctuation and wraps by display width', async () => {
    const email = await renderEmail('hot-lead-pack', sampleEmailContext('zh-CN'));
    expect(email.subject).toBe('王伟，您的购车资料已备好');
    expect(email.html).toContain('lang="zh-CN"');
    expect(email.html).toContain('尊敬的王先生：');
    expect(email.text.startsWith('尊敬的王先生：\n\n感谢您对星辰 S5 轿车和星辰 X7 SUV的关注。')).toBe(true);
    expect(email.text).toContain('您的回函编码：K7QW-4M2X-9TPA');
    expect(email.text).toContain('立即回复：\n  https://reply.example.com/r/K7QW4M2X9TPA');
    expect(email.text).toContain('退订：https://mail.example.com/u/sample-token');
    for (const line of email.text.split('\n')) if (!line.includes('http')) expect(displayWidth(line)).toBeLessThanOrEqual(72);
    expect(email.attachments.map((a) => a.filename)).toContain('价格表.pdf');
    const [catalogue] = await readPdf(email.attachments[0]!.content);
    expect(catalogue!.text).toContain('星辰 X7 SUV');
  });

  it('escapes values in HTML and not in the text part', async () => {
    const context = sampleEmailContext('en');
    context.contact = { ...context.contact, name: 'Tom <b>& Jerry', familyName: null };
    const email = await renderEmail('greeting-birthday', context);
    expect(email.html).toContain('Tom &lt;b&gt;&amp; Jerry');
    expect(email.text).toContain('Dear Tom <b>& Jerry,');
    expect(email.subject).toBe('Happy birthday, Tom <b>& Jerry!');
  });

  it('renders every template in both languages', async () => {
    for (const name of templateNames()) {
      for (const language of ['en', 'zh-CN'] as const) {
        const email = await renderEmail(name, sampleEmailContext(language));
        expect(email.subject.length, name).toBeGreaterThan(3);
        expect(email.text, name).toContain(language === 'en' ? 'Li Jing' : '李静');
      }
    }
  });

  it('lists the seventeen pieces and what each declares', () => {
    expect(templateNames()).toHaveLength(17);
    expect(templateInfo('inspection-cancelled', 'zh-CN')).toEqual({ requires: ['booking.slot'], sheets: [], replyCard: false });
    expect(templateInfo('hot-lead-pack', 'en')).toEqual({
      requires: ['replyCard', 'models', 'dealers', 'serviceCentres'],
      sheets: ['catalogue', 'price-list', 'sales-service', 'after-sales-service', 'dealers'],
      replyCard: true,
    });
    expect(templateInfo('greeting-christmas-new-year-gold', 'zh-CN')).toEqual({ requires: ['occasion', 'occasion.trip'], sheets: [], replyCard: false });
  });

  it('carries the reply card on every lead-programme mailing', async () => {
    for (const name of ['hot-lead-pack', 'brochure', 'more-material']) {
      const email = await renderEmail(name, sampleEmailContext('en'));
      expect(email.text, name).toContain('K7QW-4M2X-9TPA');
      expect(email.text, name).toContain('https://reply.example.com/r/K7QW4M2X9TPA');
    }
  });

  it('refuses a context without a part the template requires', async () => {
    const context = sampleEmailContext('en', { booking: null });
    await expect(renderEmail('inspection-offer', context)).rejects.toThrow(RenderError);
    await expect(renderEmail('inspection-offer', context)).rejects.toThrow(/inspection-offer \(en\).*no booking/);
    await expect(renderEmail('no-such-template', context)).rejects.toThrow(/no template file en\/no-such-template\.hbs/);
  });

  it('varies the greeting by tier', async () => {
    const context = sampleEmailContext('en');
    expect((await renderEmail('greeting-christmas-new-year-gold', context)).text).toMatch(/owners'\s+trip\s+to\s+Lijiang, Yunnan/);
    expect((await renderEmail('greeting-christmas-new-year-silver', context)).text).toContain('a hand-made tea set');
    const regular = (await renderEmail('greeting-christmas-new-year-regular', context)).text;
    expect(regular).not.toContain('Lijiang');
    expect(regular).not.toContain('tea set');
    const both = (await renderEmail('greeting-anniversary', context)).text;
    expect(both).toMatch(/^Dear Ms Emily Chen and Mr David Chen,/);
  });
});
