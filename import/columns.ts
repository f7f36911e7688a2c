/**
 * Header mapping: each kind of list names its columns by canonical name, with the headers we
 * accept for each (English, Chinese, and the spellings partners send). Case, spaces, underscores
 * and dashes do not matter. Headers that map to nothing are named back to the user, never dropped
 * without a word.
 */

/** The columns of one kind of list, what it cannot do without, and what it needs at least one of. */
export interface ColumnSpec<C extends string = string> {
  columns: Record<C, readonly string[]>;
  required: readonly C[];
  /** At least one of these (e.g. a way to reach the contact). */
  oneOf?: readonly C[];
}

/** Contact columns shared by prospect and owner files. */
export const CONTACT_COLUMNS = {
  name: ['name', 'full name', 'customer name', 'owner name', '姓名', '名字', '客户姓名', '车主姓名'],
  address: ['address', 'street', 'postal address', '地址', '通信地址', '联系地址'],
  postcode: ['postcode', 'postal code', 'zip', 'zip code', '邮编', '邮政编码'],
  city: ['city', '城市'],
  email: ['email', 'e-mail', 'email address', 'mail', '电子邮件', '邮箱', '电子邮箱'],
  phone: ['phone', 'mobile', 'telephone', 'tel', 'mobile phone', '电话', '手机', '手机号', '联系电话'],
  language: ['language', 'lang', '语言'],
  timeZone: ['time zone', 'timezone', 'time_zone', 'tz', '时区'],
  consentEmail: ['consent email', 'consent_email', 'email consent', '同意邮件'],
  consentPost: ['consent post', 'consent_post', 'post consent', '同意邮寄'],
  consentPhone: ['consent phone', 'consent_phone', 'phone consent', '同意电话'],
  source: ['source', 'source code', 'source_code', 'list source', '来源', '来源代码', '名单来源'],
  birthday: ['birthday', 'date of birth', 'birth date', 'dob', '生日', '出生日期'],
} as const;

/** The columns of a prospect list. */
export const COLUMNS = {
  ...CONTACT_COLUMNS,
  title: ['title', 'job title', 'position', '职务', '职位'],
  company: ['company', 'employer', '公司', '单位'],
  industry: ['industry', 'sector', '行业'],
  purchaseTimeframe: [
    'purchase timeframe',
    'purchase_timeframe',
    'timeframe',
    'when buying',
    '购车时间',
    '计划购车时间',
  ],
  budget: ['budget', '预算'],
  models: ['models', 'models of interest', 'models_of_interest', '意向车型', '感兴趣车型'],
  currentVehicle: ['current vehicle', 'current_vehicle', '现有车辆', '现用车'],
} as const;

export type Column = keyof typeof COLUMNS;

export const PROSPECT_SPEC: ColumnSpec<Column> = {
  columns: COLUMNS,
  required: ['name', 'source'],
  oneOf: ['email', 'phone', 'address'],
};

/** Normalises a header cell for lookup. */
const key = (header: string): string =>
  header
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

const lookups = new WeakMap<object, Map<string, string>>();
function lookupOf(spec: ColumnSpec): Map<string, string> {
  let lookup = lookups.get(spec);
  if (!lookup) {
    lookup = new Map();
    for (const [column, headers] of Object.entries(spec.columns) as [string, readonly string[]][]) {
      lookup.set(key(column), column);
      for (const h of headers) lookup.set(key(h), column);
    }
    lookups.set(spec, lookup);
  }
  return lookup;
}

/** A header the engine cannot use: the message names what it found and what it needs. */
export class HeaderError extends Error {}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function needs(spec: ColumnSpec): string {
  const parts = [...spec.required];
  if (spec.oneOf?.length) parts.push(`one of ${spec.oneOf.join(', ')}`);
  return parts.join(', ');
}

function found(header: string[], lookup: Map<string, string>): string {
  const shown = header.slice(0, 20).map((cell) => {
    const column = lookup.get(key(cell));
    const label = cell.trim() ? `"${cell.trim()}"` : '(blank)';
    return column ? `${label} = ${column}` : `${label} (not known)`;
  });
  return `${plural(header.length, 'column')}: ${shown.join(', ')}${header.length > 20 ? ', ...' : ''}`;
}

/** Maps the header row to column positions; throws a HeaderError naming what is missing or repeated. */
export function mapHeader<C extends string = Column>(
  header: string[],
  spec: ColumnSpec<C> = PROSPECT_SPEC as unknown as ColumnSpec<C>,
): Map<C, number> {
  const lookup = lookupOf(spec);
  const positions = new Map<C, number>();
  header.forEach((cell, i) => {
    const column = lookup.get(key(cell)) as C | undefined;
    if (!column) return;
    if (positions.has(column))
      throw new HeaderError(`column "${column}" appears twice in the header (position ${i + 1})`);
    positions.set(column, i);
  });
  const missing = spec.required.filter((c) => !positions.has(c));
  const reach = spec.oneOf && !spec.oneOf.some((c) => positions.has(c));
  if (missing.length || reach) {
    const what = missing.length
      ? `header lacks required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`
      : `header has no contact column: ${spec.oneOf!.join(', ')}`;
    throw new HeaderError(`${what}. Found ${found(header, lookup)}. Needs ${needs(spec)}`);
  }
  return positions;
}

/** Header cells that map to no column: named in the summary, their values not imported. */
export function unknownColumns(header: string[], spec: ColumnSpec): string[] {
  const lookup = lookupOf(spec);
  return header.map((h) => h.trim()).filter((h) => h && !lookup.has(key(h)));
}
