/**
 * The columns of an owner file (dealers' sales exports): the contact, the owner's tier, dates and
 * household, and one car per row (an owner with two cars has two rows).
 */
import { CONTACT_COLUMNS, type ColumnSpec } from './columns.js';

export const OWNER_COLUMNS = {
  ...CONTACT_COLUMNS,
  tier: ['tier', 'customer tier', 'level', 'membership', '等级', '客户等级', '会员等级'],
  weddingAnniversary: ['wedding anniversary', 'anniversary', 'wedding date', '结婚纪念日', '结婚日期'],
  spouse: ['spouse', 'partner', 'spouse name', 'partner name', '配偶', '配偶姓名'],
  household: ['household', 'household id', 'household code', 'family', '家庭', '家庭编号', '户号'],
  vin: ['vin', 'vehicle identification number', 'chassis number', '车架号', '车辆识别代号', 'vin码'],
  model: ['model', 'vehicle model', 'car model', '车型'],
  purchaseDate: ['purchase date', 'date of purchase', 'bought on', 'delivery date', '购车日期', '购买日期', '交车日期'],
  sellingDealer: ['selling dealer', 'dealer', 'dealer code', '销售经销商', '经销商', '经销商代码'],
  servicingCentre: ['servicing centre', 'service centre', 'servicing center', 'service center', 'service centre code', '服务中心', '维修站', '服务站'],
  lastService: ['last service', 'last service date', 'last serviced', '最近保养日期', '上次保养日期', '最近维修日期'],
} as const;

export type OwnerColumn = keyof typeof OWNER_COLUMNS;

export const OWNER_SPEC: ColumnSpec<OwnerColumn> = {
  columns: OWNER_COLUMNS,
  required: ['name'],
  oneOf: ['email', 'phone', 'address'],
};
