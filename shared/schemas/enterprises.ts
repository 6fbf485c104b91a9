import { z } from 'zod';
import { ResumptionStatus, SizeClass } from '../enums';
import { checkUscc } from '../uscc';
import { IsoDate, QueryBool } from './common';
import { EnterprisePhase, PersonRef } from './resumption';

/** USCC field: upper-cased, validated with the GB 32100-2015 check character. */
export const Uscc = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((s, ctx) => {
    const p = checkUscc(s);
    if (p) ctx.addIssue({ code: 'custom', message: 'invalid_uscc', params: { uscc: p } });
  });

const Flags = {
  publicUtility: z.boolean(),
  epidemicSupplies: z.boolean(),
  cityOperation: z.boolean(),
  keyEnterprise: z.boolean(),
  hazardousChemicals: z.boolean(),
  longTermShutdown: z.boolean(),
};

const Editable = {
  name: z.string().trim().min(2).max(100),
  divisionCode: z.string().trim().min(6).max(12),
  townCode: z.string().trim().min(9).max(12).nullable(),
  address: z.string().trim().max(200),
  industryCode: z.string().trim().min(1).max(5),
  sizeClass: SizeClass,
  aboveScale: z.boolean(),
  ...Flags,
  normalWorkforce: z.number().int().min(0).max(1_000_000),
  /** Yuan per day, up to 2 decimals. */
  normalDailyOutput: z.number().min(0).max(1e11),
  legalRepresentative: z.string().trim().max(50),
  contactName: z.string().trim().max(50),
  contactPhone: z
    .string()
    .trim()
    .max(20)
    .regex(/^$|^[0-9+\-() ]{5,20}$/, 'phone'),
};

export const EnterpriseCreateInput = z.strictObject({
  uscc: Uscc,
  name: Editable.name,
  divisionCode: Editable.divisionCode,
  industryCode: Editable.industryCode,
  sizeClass: Editable.sizeClass,
  townCode: Editable.townCode.optional(),
  address: Editable.address.optional(),
  aboveScale: z.boolean().optional(),
  publicUtility: z.boolean().optional(),
  epidemicSupplies: z.boolean().optional(),
  cityOperation: z.boolean().optional(),
  keyEnterprise: z.boolean().optional(),
  hazardousChemicals: z.boolean().optional(),
  longTermShutdown: z.boolean().optional(),
  normalWorkforce: Editable.normalWorkforce.optional(),
  normalDailyOutput: Editable.normalDailyOutput.optional(),
  legalRepresentative: Editable.legalRepresentative.optional(),
  contactName: Editable.contactName.optional(),
  contactPhone: Editable.contactPhone.optional(),
});
export type EnterpriseCreateInput = z.infer<typeof EnterpriseCreateInput>;

export const EnterpriseUpdateInput = z.strictObject({
  version: z.number().int().positive(),
  uscc: Uscc.optional(),
  name: Editable.name.optional(),
  divisionCode: Editable.divisionCode.optional(),
  townCode: Editable.townCode.optional(),
  address: Editable.address.optional(),
  industryCode: Editable.industryCode.optional(),
  sizeClass: SizeClass.optional(),
  aboveScale: z.boolean().optional(),
  publicUtility: z.boolean().optional(),
  epidemicSupplies: z.boolean().optional(),
  cityOperation: z.boolean().optional(),
  keyEnterprise: z.boolean().optional(),
  hazardousChemicals: z.boolean().optional(),
  longTermShutdown: z.boolean().optional(),
  normalWorkforce: Editable.normalWorkforce.optional(),
  normalDailyOutput: Editable.normalDailyOutput.optional(),
  legalRepresentative: Editable.legalRepresentative.optional(),
  contactName: Editable.contactName.optional(),
  contactPhone: Editable.contactPhone.optional(),
});
export type EnterpriseUpdateInput = z.infer<typeof EnterpriseUpdateInput>;

export const ArchiveInput = z.strictObject({
  version: z.number().int().positive(),
  archived: z.boolean(),
  reason: z.string().trim().min(2).max(200),
});

export const EnterpriseListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  division: z.string().trim().max(12).optional(),
  industry: z.string().trim().max(5).optional(),
  sizeClass: SizeClass.optional(),
  aboveScale: QueryBool.optional(),
  flag: z
    .enum([
      'publicUtility',
      'epidemicSupplies',
      'cityOperation',
      'keyEnterprise',
      'hazardousChemicals',
      'longTermShutdown',
    ])
    .optional(),
  archived: QueryBool.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  sort: z.enum(['name', 'uscc', 'division', 'updatedAt']).default('name'),
});
export type EnterpriseListQuery = z.infer<typeof EnterpriseListQuery>;

export const EnterpriseView = z.object({
  id: z.number().int(),
  uscc: z.string(),
  name: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  address: z.string(),
  industryCode: z.string(),
  industryName: z.string(),
  industrySection: z.string(),
  sizeClass: SizeClass,
  aboveScale: z.boolean(),
  publicUtility: z.boolean(),
  epidemicSupplies: z.boolean(),
  cityOperation: z.boolean(),
  keyEnterprise: z.boolean(),
  hazardousChemicals: z.boolean(),
  longTermShutdown: z.boolean(),
  normalWorkforce: z.number().int(),
  normalDailyOutput: z.number(),
  legalRepresentative: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  phoneMasked: z.boolean(),
  archived: z.boolean(),
  archivedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities: z.array(z.string()),
  /** Detail only (GET /api/enterprises/:id): the resumption phase, today's status, the liaison. */
  phase: EnterprisePhase.nullable().optional(),
  resumptionStatus: ResumptionStatus.optional(),
  liaison: PersonRef.nullable().optional(),
});
export type EnterpriseView = z.infer<typeof EnterpriseView>;

export const ImportStart = z.object({ jobId: z.string() });

export const ImportRowError = z.object({
  row: z.number().int(),
  column: z.string(),
  reason: z.string(),
});
export type ImportRowError = z.infer<typeof ImportRowError>;

export const AsOfQuery = z.object({ asOf: IsoDate.optional() });
