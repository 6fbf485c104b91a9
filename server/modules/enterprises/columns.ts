import type { Locale } from '../../../shared/enums';

export type ColumnType =
  | 'text'
  | 'int'
  | 'money'
  | 'bool'
  | 'size'
  | 'division'
  | 'town'
  | 'industry'
  | 'uscc';

export interface Column {
  key: string;
  zh: string;
  en: string;
  type: ColumnType;
  required?: boolean;
  width: number;
  max?: number;
}

/**
 * The columns of the enterprise template, export and import, in order. Import accepts either
 * language's header; the template and export use the user's language.
 */
export const COLUMNS: Column[] = [
  { key: 'uscc', zh: '统一社会信用代码', en: 'USCC', type: 'uscc', required: true, width: 22 },
  { key: 'name', zh: '企业名称', en: 'Name', type: 'text', required: true, width: 32, max: 100 },
  { key: 'divisionCode', zh: '所属县区', en: 'District', type: 'division', required: true, width: 16 },
  { key: 'townCode', zh: '乡镇街道', en: 'Town/street', type: 'town', width: 16 },
  { key: 'address', zh: '地址', en: 'Address', type: 'text', width: 30, max: 200 },
  { key: 'industryCode', zh: '行业代码', en: 'Industry code', type: 'industry', required: true, width: 12 },
  { key: 'sizeClass', zh: '企业规模', en: 'Size', type: 'size', required: true, width: 10 },
  { key: 'aboveScale', zh: '规模以上', en: 'Above scale', type: 'bool', width: 10 },
  { key: 'publicUtility', zh: '公用事业', en: 'Public utility', type: 'bool', width: 10 },
  { key: 'epidemicSupplies', zh: '防疫物资生产', en: 'Epidemic supplies', type: 'bool', width: 12 },
  { key: 'cityOperation', zh: '城市运行保障', en: 'City operation', type: 'bool', width: 12 },
  { key: 'keyEnterprise', zh: '重点企业', en: 'Key enterprise', type: 'bool', width: 10 },
  { key: 'hazardousChemicals', zh: '危险化学品', en: 'Hazardous chemicals', type: 'bool', width: 12 },
  { key: 'longTermShutdown', zh: '长期停产', en: 'Long-term shutdown', type: 'bool', width: 10 },
  { key: 'normalWorkforce', zh: '正常用工人数', en: 'Normal workforce', type: 'int', width: 12 },
  {
    key: 'normalDailyOutput',
    zh: '正常日产值（元）',
    en: 'Normal daily output (yuan)',
    type: 'money',
    width: 16,
  },
  {
    key: 'legalRepresentative',
    zh: '法定代表人',
    en: 'Legal representative',
    type: 'text',
    width: 12,
    max: 50,
  },
  { key: 'contactName', zh: '联系人', en: 'Contact', type: 'text', width: 12, max: 50 },
  { key: 'contactPhone', zh: '联系电话', en: 'Phone', type: 'text', width: 16, max: 20 },
];

export const header = (c: Column, locale: Locale) => (locale === 'en' ? c.en : c.zh);

export const SIZE_WORDS: Record<string, 'large' | 'medium' | 'small' | 'micro'> = {
  大型: 'large',
  中型: 'medium',
  小型: 'small',
  微型: 'micro',
  large: 'large',
  medium: 'medium',
  small: 'small',
  micro: 'micro',
};

export const YES = new Set(['是', 'y', 'yes', 'true', '1', '√']);
export const NO = new Set(['否', 'n', 'no', 'false', '0', '']);
