import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });

/** 企业: the enterprise registry. */
export const enterprises = pgTable(
  'enterprises',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    uscc: text().notNull().unique(),
    name: text().notNull(),
    divisionCode: text().notNull(),
    townCode: text(),
    address: text().notNull().default(''),
    industryCode: text().notNull(),
    sizeClass: text({ enum: ['large', 'medium', 'small', 'micro'] }).notNull(),
    aboveScale: boolean().notNull().default(false),
    publicUtility: boolean().notNull().default(false),
    epidemicSupplies: boolean().notNull().default(false),
    cityOperation: boolean().notNull().default(false),
    keyEnterprise: boolean().notNull().default(false),
    hazardousChemicals: boolean().notNull().default(false),
    longTermShutdown: boolean().notNull().default(false),
    normalWorkforce: integer().notNull().default(0),
    /** Normal daily output value in fen (1/100 yuan). */
    normalDailyOutputFen: bigint({ mode: 'number' }).notNull().default(0),
    legalRepresentative: text().notNull().default(''),
    contactName: text().notNull().default(''),
    contactPhone: text().notNull().default(''),
    /** Lower-case name, USCC, pinyin initials and full pinyin: what the search box matches. */
    searchText: text().notNull(),
    archivedAt: ts(),
    version: integer().notNull().default(1),
    createdAt: ts().notNull(),
    updatedAt: ts().notNull(),
  },
  (t) => [
    index().on(t.divisionCode),
    index().on(t.industryCode),
    index('enterprises_active_idx').on(t.divisionCode, t.aboveScale).where(sql`${t.archivedAt} is null`),
  ],
);
