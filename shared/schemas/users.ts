import { z } from 'zod';
import { Role } from '../enums';

export const UserView = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  divisionCode: z.string().nullable(),
  departmentCode: z.string().nullable(),
  enterpriseId: z.number().int().nullable(),
  enterpriseName: z.string().nullable(),
  phone: z.string().nullable(),
  disabled: z.boolean(),
  locked: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof UserView>;

const Username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');

const ScopeFields = {
  divisionCode: z.string().trim().min(1).nullable().optional(),
  departmentCode: z.string().trim().min(1).nullable().optional(),
  enterpriseId: z.number().int().positive().nullable().optional(),
};

export const UserCreateInput = z.strictObject({
  username: Username,
  displayName: z.string().trim().min(1).max(64),
  role: Role,
  password: z.string().min(1).max(256),
  phone: z.string().trim().max(32).nullable().optional(),
  ...ScopeFields,
});

export const UserUpdateInput = z.strictObject({
  version: z.number().int().positive(),
  displayName: z.string().trim().min(1).max(64).optional(),
  role: Role.optional(),
  phone: z.string().trim().max(32).nullable().optional(),
  disabled: z.boolean().optional(),
  unlock: z.literal(true).optional(),
  ...ScopeFields,
});

export const ResetPasswordInput = z.strictObject({ password: z.string().min(1).max(256) });

export const UserListQuery = z.object({
  q: z.string().trim().max(64).optional(),
  role: Role.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
