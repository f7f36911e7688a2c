/**
 * A template that could not be rendered, naming the template, the language and the part, so
 * validateTemplates and the activities report "inspection-offer (en) html: ..." rather than a
 * bare Handlebars message. A RenderError is a defect in a template or its data: retrying the
 * same render cannot succeed, so callers treat it as non-retryable.
 */
import type { Language, TemplateError } from './types.js';

export class RenderError extends Error {
  constructor(
    readonly template: string,
    readonly language: Language | null,
    readonly part: TemplateError['part'],
    readonly detail: string,
  ) {
    super(`${template}${language ? ` (${language})` : ''} ${part}: ${detail}`);
    this.name = 'RenderError';
  }

  toTemplateError(): TemplateError {
    return { template: this.template, language: this.language, part: this.part, message: this.detail };
  }
}

/** Handlebars messages made readable: strict mode's and the parser's (which spans several lines). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const strict = /^"([^"]+)" not defined in .* - (\d+):(\d+)$/.exec(error.message);
  if (strict) return `unknown variable "${strict[1]}" (line ${strict[2]}, column ${strict[3]})`;
  const lines = error.message.split('\n').filter((line) => line.trim() && !/^-*\^$/.test(line.trim()));
  return lines.length > 1 ? `${lines[0]} ${lines.at(-1)}` : (lines[0] ?? error.name);
}

/** Runs one rendering step, turning any failure into a RenderError that names where it happened. */
export function attempt<T>(template: string, language: Language | null, part: TemplateError['part'], step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof RenderError) throw error;
    throw new RenderError(template, language, part, describeError(error));
  }
}
