import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDatabase } from './test/global-setup';

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongchou-cli-'));
const pgUrl = process.env.TEST_DATABASE_URL;
const dbName = `tc_test_cli_${process.pid}`;
const env = {
  ...process.env,
  TONGCHOU_DATA_DIR: dataDir,
  ...(pgUrl ? { DATABASE_URL: withDatabase(pgUrl, dbName) } : { DATABASE_URL: '' }),
};

async function cli(...args: string[]) {
  try {
    const r = await run(process.execPath, ['bin/tongchou.js', ...args], { env, timeout: 120_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

/** Runs SQL against the CLI's database as a DBA would, bypassing the product. */
async function asDba(sql: string) {
  if (pgUrl) {
    const c = new pg.Client({ connectionString: withDatabase(pgUrl, dbName) });
    await c.connect();
    await c.query(sql);
    await c.end();
    return;
  }
  const lite = await PGlite.create(path.join(dataDir, 'pglite'));
  await lite.exec(sql);
  await lite.close();
}

beforeAll(async () => {
  if (pgUrl) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`create database ${dbName}`);
    await c.end();
  }
});
afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (pgUrl) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`drop database if exists ${dbName} with (force)`);
    await c.end();
  }
});

describe('tongchou CLI', () => {
  it('migrates, creates users, refuses weak passwords, and verifies the audit chain', {
    timeout: 240_000,
  }, async () => {
    expect((await cli('migrate')).code).toBe(0);
    const created = await cli(
      'user',
      'create',
      '-u',
      'ops',
      '-r',
      'admin',
      '-n',
      '运维管理员',
      '--password',
      'Ops@2020pass',
    );
    expect(created.out).toMatch(/Created ops/);
    const weak = await cli(
      'user',
      'create',
      '-u',
      'weak',
      '-r',
      'admin',
      '-n',
      'w',
      '--password',
      'password',
    );
    expect(weak.code).toBe(1);
    const scoped = await cli(
      'user',
      'create',
      '-u',
      'clerk',
      '-r',
      'district',
      '-n',
      '区职员',
      '--password',
      'Clerk@2020',
      '--division',
      '210503',
    );
    expect(scoped.code).toBe(0);
    expect((await cli('user', 'reset-password', 'clerk', '--password', 'New@Pass2020')).code).toBe(0);
    const ok = await cli('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/intact: 3 entries/);

    await asDba(`alter table audit_log disable trigger audit_log_no_change;
      update audit_log set after = jsonb_set(after, '{displayName}', '"篡改"') where action = 'user.create' and entity_id = (select entity_id from audit_log where action = 'user.create' order by id desc limit 1);
      alter table audit_log enable trigger audit_log_no_change;`);
    const bad = await cli('audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/ALTERED: entry 2 \(content_altered\)/);
  });
});
