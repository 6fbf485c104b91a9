import { z } from 'zod';

export const DivisionView = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  parentCode: z.string().nullable(),
  level: z.enum(['city', 'district', 'town']),
});
export type DivisionView = z.infer<typeof DivisionView>;

export const DepartmentView = z.object({ code: z.string(), name: z.string(), nameEn: z.string() });
export type DepartmentView = z.infer<typeof DepartmentView>;

export const IndustryView = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  section: z.string(),
  level: z.string(),
});
export type IndustryView = z.infer<typeof IndustryView>;

export const EnterpriseOption = z.object({
  id: z.number(),
  name: z.string(),
  uscc: z.string(),
  divisionCode: z.string(),
});
export type EnterpriseOption = z.infer<typeof EnterpriseOption>;
