import { boolean, integer, pgTable, text } from 'drizzle-orm/pg-core';

/** 行政区划: city → district/county → town/street, by GB/T 2260 code (the high-tech zone has a local code). */
export const divisions = pgTable('divisions', {
  code: text().primaryKey(),
  name: text().notNull(),
  nameEn: text().notNull(),
  parentCode: text(),
  level: text({ enum: ['city', 'district', 'town'] }).notNull(),
  gbCode: boolean().notNull().default(true),
  sort: integer().notNull().default(0),
});

/** 部门: the city departments of DOMAIN.md. */
export const departments = pgTable('departments', {
  code: text().primaryKey(),
  name: text().notNull(),
  nameEn: text().notNull(),
  sort: integer().notNull().default(0),
});

/** GB/T 4754-2017 sections (A–T), divisions (2 digits) and the classes the registry uses. */
export const industries = pgTable('industries', {
  code: text().primaryKey(),
  name: text().notNull(),
  nameEn: text().notNull(),
  section: text().notNull(),
  level: text({ enum: ['section', 'division', 'group', 'class'] }).notNull(),
});

/** Key–value system state (e.g. which demo data set has been seeded). */
export const systemSettings = pgTable('system_settings', {
  key: text().primaryKey(),
  value: text().notNull(),
});
