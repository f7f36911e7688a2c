/**
 * Reads a campaign definition file: YAML checked against the schema, every mistake reported at
 * once with its line and field, so a manager fixes the file in one pass.
 */
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { campaignDefinition, type CampaignDefinition } from './definition-schema.js';

export interface DefinitionProblem {
  /** 1-based line in the file; 0 when the mistake has no place (an empty file). */
  line: number;
  /** Dotted path of the field, e.g. 'trip.startsOn'; '' for the file as a whole. */
  field: string;
  message: string;
}

export class DefinitionError extends Error {
  override name = 'DefinitionError';
  constructor(
    readonly file: string,
    readonly problems: DefinitionProblem[],
  ) {
    super(`${file}: ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n${problems.map((p) => `  ${describe(file, p)}`).join('\n')}`);
  }
}

function describe(file: string, p: DefinitionProblem): string {
  return `${p.line ? `line ${p.line}` : file}${p.field ? `, ${p.field}` : ''}: ${p.message}`;
}

/** The line of the deepest node on the path that exists in the file (a missing key: its parent). */
function lineOf(doc: Document, counter: LineCounter, path: PropertyKey[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as (string | number)[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return 1;
}

function zodMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return `missing (${issue.expected === 'string' ? 'text' : issue.expected})`;
  // One value or a list: the single value's reason says what was wrong with it.
  const first = issue.code === 'invalid_union' ? issue.errors[0]?.[0] : undefined;
  return (first ? first.message : issue.message).replace(/^Invalid input: /, '');
}

/** Parses and checks a definition; throws DefinitionError listing every problem. */
export function readDefinition(text: string, file = 'definition'): { definition: CampaignDefinition; source: string } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  if (doc.errors.length) {
    throw new DefinitionError(
      file,
      doc.errors.map((e) => {
        const [line = 0, column] = [e.linePos?.[0]?.line, e.linePos?.[0]?.col];
        const text = (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
        return { line, field: '', message: column ? `${text} (column ${column})` : text };
      }),
    );
  }
  const value: unknown = doc.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DefinitionError(file, [{ line: 0, field: '', message: 'a definition is a mapping of fields (id, kind, name, audience, ...)' }]);
  }
  const parsed = campaignDefinition.safeParse(value);
  if (!parsed.success) {
    throw new DefinitionError(
      file,
      parsed.error.issues
        .map((issue) => {
          // An unknown key's place is the key itself.
          const path = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0]!] : issue.path;
          return { line: lineOf(doc, counter, path), field: issue.path.map(String).join('.'), message: zodMessage(issue) };
        })
        .sort((a, b) => a.line - b.line),
    );
  }
  return { definition: parsed.data, source: text };
}
