import type { z } from 'zod';
import type {
  AuditEntry as AuditEntrySchema,
  AuditVerifyResult as AuditVerifySchema,
} from '../../../shared/schemas/audit';
import type {
  TokenCreated as TokenCreatedSchema,
  TokenView as TokenViewSchema,
} from '../../../shared/schemas/auth';
import type { EnterpriseCreateInput as EnterpriseCreateSchema } from '../../../shared/schemas/enterprises';
import type {
  UserCreateInput as UserCreateSchema,
  UserUpdateInput as UserUpdateSchema,
} from '../../../shared/schemas/users';

export type { Me } from '../../../shared/schemas/auth';
export type { JobView } from '../../../shared/schemas/common';
export type {
  EnterpriseCreateInput,
  EnterpriseListQuery,
  EnterpriseUpdateInput,
  EnterpriseView,
  ImportRowError,
} from '../../../shared/schemas/enterprises';
export type { UserView } from '../../../shared/schemas/users';

export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditVerifyResult = z.infer<typeof AuditVerifySchema>;
export type TokenView = z.infer<typeof TokenViewSchema>;
export type TokenCreated = z.infer<typeof TokenCreatedSchema>;
export type UserCreateInput = z.input<typeof UserCreateSchema>;
export type UserUpdateInput = z.input<typeof UserUpdateSchema>;
/** What the form sends: the schema's input side (USCC before upper-casing). */
export type EnterpriseCreateBody = z.input<typeof EnterpriseCreateSchema>;

export interface Paged<T> {
  items: T[];
  total: number;
}

export type {
  DepartmentView as Department,
  DivisionView as Division,
  EnterpriseOption,
  IndustryView as Industry,
} from '../../../shared/schemas/reference';

export interface ImportStarted {
  jobId: string;
}
