import { z } from 'zod';
import { Role } from '../enums';

export const LoginInput = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const Me = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  divisionCode: z.string().nullable(),
  departmentCode: z.string().nullable(),
  enterpriseId: z.number().int().nullable(),
  locale: z.enum(['zh-CN', 'en']),
  abilities: z.array(z.string()),
  mustChangePassword: z.boolean(),
  csrfToken: z.string().nullable(),
  today: z.string(),
  now: z.string(),
});
export type Me = z.infer<typeof Me>;

export const PreferencesInput = z.strictObject({ locale: z.enum(['zh-CN', 'en']) });

export const ChangePasswordInput = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const TokenCreateInput = z.strictObject({
  name: z.string().trim().min(1).max(64),
  expiresInDays: z.number().int().min(1).max(366).optional(),
});

export const TokenView = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const TokenCreated = TokenView.extend({ token: z.string() });
