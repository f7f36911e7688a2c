import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderer, validateTemplates, type Renderer } from '../../render/index.js';
import { defaultTemplatesDir } from '../../render/template-store.js';

const HEADER = '---\nsubject: Test {{contact.name}}\n---\n';

/** Template files written into a copy of the project's templates, in both languages unless noted. */
const BAD: Record<string, string> = {
  'unknown-variable': `${HEADER}{{salutation}}\n\nHello {{contact.nmae}}.\n`,
  'unknown-in-helper': `${HEADER}Your visit: {{formatDate booking.visitedOn}}\n`,
  'unknown-in-if': `${HEADER}{{#if occasion.gifts}}A gift.{{/if}}\n`,
  'missing-partial': `${HEADER}{{> no-such-partial}}\n`,
  'missing-partial-in-branch': `${HEADER}{{#if (eq channel "fax")}}{{> fax-cover}}{{/if}}Hello.\n`,
  'bad-header': '---\nsubject: Hi\nrequires: bookings\n---\nHello.\n',
  'syntax-error': `${HEADER}{{#if contact.name}}unclosed\n`,
};

describe('validateTemplates', () => {
  let dir: string;
  let renderer: Renderer;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'templates-'));
    cpSync(defaultTemplatesDir(), dir, { recursive: true });
    for (const [name, source] of Object.entries(BAD)) {
      for (const language of ['en', 'zh-CN']) writeFileSync(join(dir, language, `${name}.hbs`), source);
    }
    writeFileSync(join(dir, 'en', 'english-only.hbs'), `${HEADER}Hello.\n`);
    renderer = createRenderer(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds no problem in the project templates', () => {
    expect(validateTemplates()).toEqual([]);
  });

  it('reports an unknown variable with the template name', () => {
    const errors = renderer.validateTemplates(['unknown-variable']);
    expect(errors).toContainEqual(expect.objectContaining({ template: 'unknown-variable', language: 'en', part: 'html', message: 'unknown variable "nmae" (line 6, column 8)' }));
    expect(errors).toContainEqual(expect.objectContaining({ template: 'unknown-variable', language: 'zh-CN', part: 'text' }));
  });

  it('reports an unknown variable passed to a helper or tested by #if, which strict mode lets through', () => {
    const helper = renderer.validateTemplates(['unknown-in-helper']);
    expect(helper).toContainEqual(expect.objectContaining({ template: 'unknown-in-helper', message: 'unknown variable "booking.visitedOn"' }));
    const test = renderer.validateTemplates(['unknown-in-if']);
    expect(test).toContainEqual(expect.objectContaining({ template: 'unknown-in-if', part: 'html', message: 'unknown variable "occasion.gifts"' }));
  });

  it('reports a missing partial, also one in a branch the sample does not take', () => {
    expect(renderer.validateTemplates(['missing-partial'])).toContainEqual(
      expect.objectContaining({ template: 'missing-partial', language: 'en', message: 'missing partial "no-such-partial"' }),
    );
    const hidden = renderer.validateTemplates(['missing-partial-in-branch']);
    expect(hidden).toEqual([
      { template: 'missing-partial-in-branch', language: 'zh-CN', part: 'file', message: 'missing partial "fax-cover"' },
      { template: 'missing-partial-in-branch', language: 'en', part: 'file', message: 'missing partial "fax-cover"' },
    ]);
  });

  it('reports a bad header, a syntax error and a language without the file', () => {
    expect(renderer.validateTemplates(['bad-header'])).toContainEqual(expect.objectContaining({ template: 'bad-header', part: 'file', message: expect.stringMatching(/^header: requires/) }));
    const syntax = renderer.validateTemplates(['syntax-error']);
    expect(syntax).toHaveLength(2);
    expect(syntax).toContainEqual(expect.objectContaining({ template: 'syntax-error', language: 'en', part: 'file', message: expect.stringMatching(/^Parse error on line 5: Expecting .*got 'EOF'/) }));
    expect(renderer.validateTemplates(['english-only'])).toEqual([
      { template: 'english-only', language: 'zh-CN', part: 'file', message: 'no template file zh-CN/english-only.hbs' },
    ]);
  });

  it('checks everything in the folder when no names are given', () => {
    const templates = new Set(renderer.validateTemplates().map((e) => e.template));
    expect([...templates].sort()).toEqual([...Object.keys(BAD), 'english-only'].sort());
  });
});
