import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { enterprises } from './enterprises';

const ts = (name?: string) =>
  name
    ? timestamp(name, { withTimezone: true, mode: 'date' })
    : timestamp({ withTimezone: true, mode: 'date' });

export const users = pgTable(
  'users',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    username: text().notNull(),
    displayName: text().notNull(),
    role: text({
      enum: [
        'admin',
        'auditor',
        'commander',
        'leader',
        'department',
        'district',
        'supervisor',
        'liaison',
        'enterprise',
      ],
    }).notNull(),
    divisionCode: text(),
    departmentCode: text(),
    enterpriseId: integer().references(() => enterprises.id),
    phone: text(),
    passwordHash: text().notNull(),
    passwordChangedAt: ts().notNull(),
    mustChangePassword: boolean().notNull().default(false),
    disabled: boolean().notNull().default(false),
    failedLogins: integer().notNull().default(0),
    lockedUntil: ts(),
    locale: text({ enum: ['zh-CN', 'en'] })
      .notNull()
      .default('zh-CN'),
    lastLoginAt: ts(),
    version: integer().notNull().default(1),
    createdAt: ts().notNull(),
    updatedAt: ts().notNull(),
  },
  (t) => [uniqueIndex('users_username_key').on(sql`lower(${t.username})`), index().on(t.role)],
);

/** Server-side sessions; `id` is the SHA-256 of the cookie value, never the value itself. */
export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    csrfToken: text().notNull(),
    createdAt: ts().notNull(),
    lastSeenAt: ts().notNull(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index().on(t.userId)],
);

/** Personal API tokens (Bearer); only the SHA-256 is kept. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    name: text().notNull(),
    tokenHash: text().notNull().unique(),
    prefix: text().notNull(),
    createdAt: ts().notNull(),
    expiresAt: ts(),
    lastUsedAt: ts(),
    revokedAt: ts(),
  },
  (t) => [index().on(t.userId)],
);

/**
 * Enterprises a user is assigned to (liaison stationing, supervision). Rows are never deleted:
 * ending an assignment sets `endedAt`, so the history stays.
 */
export const enterpriseAssignments = pgTable(
  'enterprise_assignments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    kind: text({ enum: ['liaison', 'supervisor', 'contact_leader'] }).notNull(),
    reason: text(),
    assignedAt: ts().notNull(),
    endedAt: ts(),
  },
  (t) => [index().on(t.userId, t.kind), index().on(t.enterpriseId)],
);

/**
 * Append-only, hash-chained audit log. Writers insert entries without a link; the sealer
 * (server/lib/audit.ts) then gives each its place in the chain (`seq`) and its hash, once. A
 * trigger refuses DELETE, TRUNCATE and every UPDATE except that one-time seal.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    at: ts().notNull(),
    actorId: integer(),
    actorUsername: text(),
    actorRole: text(),
    action: text().notNull(),
    entity: text().notNull(),
    entityId: text(),
    before: jsonb(),
    after: jsonb(),
    ip: text(),
    /** Position in the chain; null until sealed. */
    seq: bigint({ mode: 'number' }).unique(),
    prevHash: text(),
    hash: text(),
  },
  (t) => [
    index().on(t.at),
    index().on(t.entity, t.entityId),
    index().on(t.actorId),
    index('audit_log_unsealed_idx').on(t.id).where(sql`${t.hash} is null`),
  ],
);

/** Long-running work (imports, seeding) with progress a client can poll. */
export const jobs = pgTable('jobs', {
  id: text().primaryKey(),
  kind: text().notNull(),
  userId: integer().references(() => users.id),
  status: text({ enum: ['running', 'succeeded', 'failed'] }).notNull(),
  phase: text(),
  processed: integer().notNull().default(0),
  total: integer().notNull().default(0),
  result: jsonb(),
  createdAt: ts().notNull(),
  finishedAt: ts(),
});
