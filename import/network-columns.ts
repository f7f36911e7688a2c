/**
 * The columns of the network files: dealers and service centres (one spec, the same facts), and
 * the model catalogue. Names come in each language as columns of their own.
 */
import type { ColumnSpec } from './columns.js';

export const PLACE_COLUMNS = {
  code: ['code', 'dealer code', 'centre code', 'center code', 'service centre code', 'outlet code', '代码', '编号', '经销商代码', '网点代码', '服务中心代码'],
  name: ['name', 'name zh', 'name zh cn', 'chinese name', 'dealer name', 'centre name', '名称', '中文名称', '经销商名称', '服务中心名称', '网点名称'],
  nameEn: ['name en', 'english name', 'name english', '英文名称'],
  address: ['address', 'street', '地址', '中文地址'],
  addressEn: ['address en', 'english address', 'address english', '英文地址'],
  postcode: ['postcode', 'postal code', 'zip', 'zip code', '邮编', '邮政编码'],
  city: ['city', '城市'],
  cityEn: ['city en', 'english city', 'city english', '英文城市'],
  phone: ['phone', 'telephone', 'tel', 'hotline', '电话', '联系电话', '服务热线', '销售热线'],
  openingHours: ['opening hours', 'hours', 'business hours', '营业时间'],
  models: ['models', 'models sold', 'models serviced', 'brands', '车型', '销售车型', '服务车型'],
} as const;

export type PlaceColumn = keyof typeof PLACE_COLUMNS;

export const PLACE_SPEC: ColumnSpec<PlaceColumn> = {
  columns: PLACE_COLUMNS,
  required: ['code', 'address', 'postcode', 'city', 'phone'],
  oneOf: ['name', 'nameEn'],
};

export const MODEL_COLUMNS = {
  code: ['code', 'model code', '车型代码', '代码', '编号'],
  name: ['name', 'name zh', 'name zh cn', 'model', 'model name', 'chinese name', '名称', '车型', '车型名称', '中文名称'],
  nameEn: ['name en', 'english name', 'name english', '英文名称'],
  language: ['language', 'lang', '语言'],
  summary: ['summary', 'description', 'tagline', '简介', '描述', '卖点'],
  features: ['features', 'highlights', 'equipment', '配置', '亮点', '特点'],
  prices: ['prices', 'price list', 'price', 'msrp', '价格', '指导价', '价格表'],
  currency: ['currency', '币种', '货币'],
  sheet: ['sheet', 'sheet url', 'brochure', 'spec sheet', '资料', '车型资料', '宣传册'],
} as const;

export type ModelColumn = keyof typeof MODEL_COLUMNS;

export const MODEL_SPEC: ColumnSpec<ModelColumn> = {
  columns: MODEL_COLUMNS,
  required: ['code'],
  oneOf: ['name', 'nameEn'],
};
