import { describe, expect, it } from 'vitest';
import { displayWidth, markupToText, wrap } from '../../render/markup-text.js';
import { markupToHtml } from '../../render/markup-html.js';

describe('markup to text', () => {
  it('wraps English at word boundaries within 72 columns', () => {
    const lines = wrap('word '.repeat(40).trim());
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(72);
    expect(lines.join(' ')).toBe('word '.repeat(40).trim());
  });

  it('wraps Chinese by display width and keeps punctuation off the line start', () => {
    const text = '感谢您对我们的关注，我们为您准备了一套购车资料。'.repeat(4);
    const lines = wrap(text);
    for (const line of lines) {
      expect(displayWidth(line)).toBeLessThanOrEqual(72);
      expect(line[0]).not.toMatch(/[，。]/);
    }
    expect(lines.join('')).toBe(text);
  });

  it('keeps no-break spaces together and prints them as plain spaces', () => {
    const text = markupToText(`${'x'.repeat(60)} tel.\u00a0+86\u00a021\u00a05000\u00a01001`);
    expect(text).toBe(`${'x'.repeat(60)}\ntel. +86 21 5000 1001`);
  });

  it('writes links out, aligns tables and underlines headings', () => {
    const text = markupToText(['## 价格', '| 车型 | 价格 |', '| S5 | ¥229,800 |', '', 'See [our site](https://example.com).'].join('\n'));
    expect(text).toContain('价格\n----');
    expect(text).toMatch(/车型 {2}价格/);
    expect(text).toContain('S5    ¥229,800');
    expect(text).toContain('our site <https://example.com>');
  });

  it('gives the same structure as HTML', () => {
    const source = '# Title\n\n- one\n- two\n\n> code **X1**\n\n=> https://example.com Go';
    expect(markupToHtml(source)).toBe(
      '<h1 class="h1">Title</h1>\n<ul class="list"><li class="item">one</li>\n<li class="item">two</li></ul>\n<div class="note">code <strong>X1</strong></div>\n<p class="button-row"><a class="button" href="https://example.com">Go</a></p>',
    );
    expect(markupToText(source)).toBe('Title\n=====\n\n  - one\n  - two\n\n  | code X1\n\nGo:\n  https://example.com');
  });
});

describe('where a text line may break', () => {
  it('keeps a number with the Chinese next to it and lets a URL start a line', () => {
    const lines = wrap(`${'请'.repeat(25)}告诉我们您能否参加：https://trip.example.com/rsvp/K7QW4M2X9TPA`);
    expect(lines).toEqual([`${'请'.repeat(25)}告诉我们您能否参加：`, 'https://trip.example.com/rsvp/K7QW4M2X9TPA']);
    const dates = wrap('预约时间：2026年12月5日星期六 15:00。'.repeat(6));
    // A line may start with a whole date or time, never inside one ('12月5日', '年', ':00').
    for (const line of dates) expect(line).not.toMatch(/^(年|月|日|:|\d{1,2}[月日])/);
    expect(dates.join('').replace(/ /g, '')).toBe('预约时间：2026年12月5日星期六15:00。'.repeat(6));
  });

  it('keeps a registration plate in brackets whole', () => {
    for (let n = 0; n < 40; n++) {
      const lines = wrap(`${'车'.repeat(n)}我们的技师将对您的星辰轿车（沪A·12345）进行全面检查。`, 40);
      expect(lines.some((line) => line.includes('（沪A·12345）')), `${n}`).toBe(true);
    }
  });
});
