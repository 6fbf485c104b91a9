import { z } from 'zod';

/** A label in both UI languages. */
export interface Label {
  'zh-CN': string;
  en: string;
}
export type Locale = 'zh-CN' | 'en';
export const LOCALES = ['zh-CN', 'en'] as const;

export const ROLES = [
  'admin',
  'auditor',
  'commander',
  'leader',
  'department',
  'district',
  'supervisor',
  'liaison',
  'enterprise',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const ROLE_LABELS: Record<Role, Label> = {
  admin: { 'zh-CN': '系统管理员', en: 'System administrator' },
  auditor: { 'zh-CN': '审计管理员', en: 'Audit administrator' },
  commander: { 'zh-CN': '指挥部', en: 'Command HQ' },
  leader: { 'zh-CN': '市级领导', en: 'City leader' },
  department: { 'zh-CN': '部门', en: 'Department' },
  district: { 'zh-CN': '县区', en: 'District' },
  supervisor: { 'zh-CN': '督导组', en: 'Supervisor' },
  liaison: { 'zh-CN': '派驻指导员', en: 'Liaison officer' },
  enterprise: { 'zh-CN': '企业', en: 'Enterprise' },
};

/** Which scope field a role's account needs. */
export const ROLE_SCOPE: Record<Role, 'none' | 'division' | 'department' | 'enterprise'> = {
  admin: 'none',
  auditor: 'none',
  commander: 'none',
  leader: 'none',
  department: 'department',
  district: 'division',
  supervisor: 'none',
  liaison: 'division',
  enterprise: 'enterprise',
};

export const SIZE_CLASSES = ['large', 'medium', 'small', 'micro'] as const;
export const SizeClass = z.enum(SIZE_CLASSES);
export type SizeClass = z.infer<typeof SizeClass>;
export const SIZE_CLASS_LABELS: Record<SizeClass, Label> = {
  large: { 'zh-CN': '大型', en: 'Large' },
  medium: { 'zh-CN': '中型', en: 'Medium' },
  small: { 'zh-CN': '小型', en: 'Small' },
  micro: { 'zh-CN': '微型', en: 'Micro' },
};

export const ENTERPRISE_FLAGS = [
  'publicUtility',
  'epidemicSupplies',
  'cityOperation',
  'keyEnterprise',
  'hazardousChemicals',
  'longTermShutdown',
] as const;
export type EnterpriseFlag = (typeof ENTERPRISE_FLAGS)[number];
export const ENTERPRISE_FLAG_LABELS: Record<EnterpriseFlag, Label> = {
  publicUtility: { 'zh-CN': '公用事业', en: 'Public utility' },
  epidemicSupplies: { 'zh-CN': '防疫物资生产', en: 'Epidemic supplies' },
  cityOperation: { 'zh-CN': '城市运行保障', en: 'City operation' },
  keyEnterprise: { 'zh-CN': '重点企业', en: 'Key enterprise' },
  hazardousChemicals: { 'zh-CN': '危险化学品', en: 'Hazardous chemicals' },
  longTermShutdown: { 'zh-CN': '长期停产', en: 'Long-term shutdown' },
};

export const JOB_STATUSES = ['running', 'succeeded', 'failed'] as const;
export const JobStatus = z.enum(JOB_STATUSES);
