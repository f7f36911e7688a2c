/**
 * The columns of a prospect list, by their canonical name, with the headers we accept for each
 * (English, Chinese, and the spellings partners send). Unknown headers are ignored.
 */
export const COLUMNS = {
  name: ['name', 'full name', '姓名', '名字'],
  title: ['title', 'job title', 'position', '职务', '职位'],
  company: ['company', 'employer', '公司', '单位'],
  industry: ['industry', 'sector', '行业'],
  address: ['address', 'street', 'postal address', '地址', '通信地址'],
  postcode: ['postcode', 'postal code', 'zip', 'zip code', '邮编', '邮政编码'],
  city: ['city', '城市'],
  email: ['email', 'e-mail', 'email address', '电子邮件', '邮箱'],
  phone: ['phone', 'mobile', 'telephone', 'tel', '电话', '手机'],
  language: ['language', 'lang', '语言'],
  timeZone: ['time zone', 'timezone', 'time_zone', 'tz', '时区'],
  consentEmail: ['consent email', 'consent_email', 'email consent', '同意邮件'],
  consentPost: ['consent post', 'consent_post', 'post consent', '同意邮寄'],
  consentPhone: ['consent phone', 'consent_phone', 'phone consent', '同意电话'],
  source: ['source', 'source code', 'source_code', '来源', '来源代码'],
  purchaseTimeframe: ['purchase timeframe', 'purchase_timeframe', 'timeframe', 'when buying', '购车时间', '计划购车时间'],
  budget: ['budget', '预算'],
  models: ['models', 'models of interest', 'models_of_interest', '意向车型', '感兴趣车型'],
  currentVehicle: ['current vehicle', 'current_vehicle', '现有车辆', '现用车'],
  birthday: ['birthday', 'date of birth', '生日'],
} as const;

export type Column = keyof typeof COLUMNS;

/** Normalises a header cell for lookup: case, spaces, underscores and dashes do not matter. */
const key = (header: string): string => header.normalize('NFKC').trim().toLowerCase().replace(/[\s_-]+/g, ' ');

const lookup = new Map<string, Column>();
for (const [column, headers] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
  for (const h of headers) lookup.set(key(h), column);
}

/** Maps the header row to column positions; throws naming what is missing or repeated. */
export function mapHeader(header: string[]): Map<Column, number> {
  const positions = new Map<Column, number>();
  header.forEach((cell, i) => {
    const column = lookup.get(key(cell));
    if (!column) return;
    if (positions.has(column)) throw new Error(`column "${column}" appears twice in the header (position ${i + 1})`);
    positions.set(column, i);
  });
  const missing = (['name', 'source'] as const).filter((c) => !positions.has(c));
  if (missing.length) throw new Error(`header lacks required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  if (!positions.has('email') && !positions.has('phone') && !positions.has('address')) {
    throw new Error('header has no contact column: email, phone or address');
  }
  return positions;
}
