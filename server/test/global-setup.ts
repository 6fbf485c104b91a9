import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPostgres, wrapPglite } from '../db/client';
import { ensureReferenceData } from '../db/reference-seed';

export const SNAPSHOT = path.resolve('.tmp/test-snapshot.tar.gz');

/**
 * Prepares one migrated database with reference data that every test file clones:
 * a PGlite data-dir snapshot, or (with TEST_DATABASE_URL) a PostgreSQL template database.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = `tc_test_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    const tplUrl = withDatabase(url, template);
    const database = openPostgres(tplUrl, 2);
    await database.migrate();
    await ensureReferenceData(database.db);
    await database.close();
    project.provide('pgTemplate', template);
    return async () => {
      await admin.query(`drop database if exists ${template}`);
      await admin.end();
    };
  }
  fs.mkdirSync(path.dirname(SNAPSHOT), { recursive: true });
  const lite = await PGlite.create();
  const database = wrapPglite(lite);
  await database.migrate();
  await ensureReferenceData(database.db);
  const blob = await lite.dumpDataDir('gzip');
  fs.writeFileSync(SNAPSHOT, Buffer.from(await blob.arrayBuffer()));
  await lite.close();
  project.provide('pgTemplate', '');
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}
