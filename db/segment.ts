/**
 * A segment of the contact file as SQL: every campaign kind draws its audience through
 * segmentCondition, so a segment means the same in a lead campaign, an inspection offer and a
 * greetings broadcast's pages.
 */

export interface Segment {
  stage?: 'prospect' | 'owner';
  heat?: ('high' | 'low')[];
  tier?: ('gold' | 'silver' | 'regular')[];
  /** List sources, by the code derived for reports or the label as the list gave it. */
  source?: string[];
  city?: string[];
  /** The selling dealer of one of the contact's cars, by network code or name. */
  dealer?: string[];
  /** The service centre of one of the contact's cars, by network code or name. */
  centre?: string[];
  /** A model of one of the contact's cars, by catalogue code or name. */
  model?: string[];
  /** One of the contact's cars bought in this range (YYYY-MM-DD, both ends included). */
  purchased?: { from?: string; to?: string };
  /** Months 1 to 12. */
  birthdayMonth?: number[];
  anniversaryMonth?: number[];
  title?: string[];
  industry?: string[];
  /** Only contacts with a vehicle on file (an inspection needs a car to inspect). */
  withVehicle?: boolean;
  /** The bundled sample contacts (npm start's demonstration) instead of the programme's own. */
  sampleContacts?: boolean;
}

export interface SqlCondition {
  /** A boolean SQL expression over `contacts c`. */
  text: string;
  params: unknown[];
}

/** A dealer or centre named by code or by any of its names, matched to what a car records. */
function networkMatch(table: 'dealers' | 'service_centres', column: 'selling_dealer' | 'service_centre', p: string): string {
  return `EXISTS (SELECT 1 FROM vehicles v WHERE v.contact_id = c.id AND (v.${column} = ANY(${p}) OR EXISTS (
    SELECT 1 FROM ${table} n WHERE v.${column} IN (n.code, n.name)
      AND (n.code = ANY(${p}) OR n.name = ANY(${p}) OR EXISTS (SELECT 1 FROM jsonb_each_text(n.names) l WHERE l.value = ANY(${p}))))))`;
}

/**
 * The segment as a SQL condition over `contacts c`, its parameters numbered from `first`. The
 * sample contacts are never mixed with the programme's own.
 */
export function segmentCondition(segment: Segment, first = 1): SqlCondition {
  const params: unknown[] = [];
  const p = (value: unknown): string => {
    params.push(value);
    return `$${first + params.length - 1}`;
  };
  const parts = [`c.sample = ${p(segment.sampleContacts ?? false)}`];
  if (segment.stage) parts.push(`c.stage = ${p(segment.stage)}`);
  const anyOf = (column: string, values: unknown[] | undefined, type = 'text'): void => {
    if (values?.length) parts.push(`${column} = ANY(${p(values)}::${type}[])`);
  };
  anyOf('c.heat', segment.heat);
  anyOf('c.tier', segment.tier);
  anyOf('c.city', segment.city);
  anyOf('c.title', segment.title);
  anyOf('c.industry', segment.industry);
  anyOf('EXTRACT(MONTH FROM c.birthday)::int', segment.birthdayMonth, 'int');
  anyOf('EXTRACT(MONTH FROM c.wedding_anniversary)::int', segment.anniversaryMonth, 'int');
  if (segment.source?.length) {
    const s = p(segment.source);
    parts.push(`(c.source_code = ANY(${s}::text[]) OR c.source_label = ANY(${s}::text[]))`);
  }
  if (segment.dealer?.length) parts.push(networkMatch('dealers', 'selling_dealer', `${p(segment.dealer)}::text[]`));
  if (segment.centre?.length) parts.push(networkMatch('service_centres', 'service_centre', `${p(segment.centre)}::text[]`));
  if (segment.model?.length) {
    const m = `${p(segment.model)}::text[]`;
    parts.push(`EXISTS (SELECT 1 FROM vehicles v WHERE v.contact_id = c.id AND (v.model = ANY(${m}) OR EXISTS (
      SELECT 1 FROM vehicle_models vm WHERE v.model IN (vm.code, vm.name)
        AND (vm.code = ANY(${m}) OR vm.name = ANY(${m}) OR EXISTS (SELECT 1 FROM jsonb_each_text(vm.names) l WHERE l.value = ANY(${m}))))))`);
  }
  if (segment.purchased) {
    const from = p(segment.purchased.from ?? null);
    const to = p(segment.purchased.to ?? null);
    parts.push(`EXISTS (SELECT 1 FROM vehicles v WHERE v.contact_id = c.id AND v.purchase_date IS NOT NULL
      AND (${from}::date IS NULL OR v.purchase_date >= ${from}::date) AND (${to}::date IS NULL OR v.purchase_date <= ${to}::date))`);
  }
  if (segment.withVehicle) parts.push('EXISTS (SELECT 1 FROM vehicles v WHERE v.contact_id = c.id)');
  return { text: parts.join('\n  AND '), params };
}

/** Puts a segment into a named query at its `/*segment*\/ true` marker, parameters after `used`. */
export function withSegment(query: string, used: number, segment: Segment | undefined): { text: string; params: unknown[] } {
  if (!query.includes('/*segment*/ true')) throw new Error('query has no /*segment*/ marker');
  if (!segment) return { text: query, params: [] };
  const condition = segmentCondition(segment, used + 1);
  return { text: query.replace('/*segment*/ true', `(${condition.text})`), params: condition.params };
}

