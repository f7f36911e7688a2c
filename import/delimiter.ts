/**
 * The field delimiter of a CSV file, from its header line: Excel writes commas, or semicolons
 * where the decimal mark is a comma, and tabs in "Unicode text"; partners' systems any of the three.
 */
export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** The delimiter that occurs most often, outside quotes, in the first line of `text`; a comma when none does. */
export function detectDelimiter(text: string): Delimiter {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** The delimiter's name for the summary. */
export const delimiterLabel = (d: Delimiter): string => ({ ',': 'comma', ';': 'semicolon', '\t': 'tab' })[d];
