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
