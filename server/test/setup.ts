import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { inject } from 'vitest';
import type { Role } from '../../shared/enums';
import { USCC_ALPHABET, usccCheckChar } from '../../shared/uscc';
import { loadDivisionTree } from '../access/divisions';
import { createScoper } from '../access/scope';
import { type App, buildApp, CSRF_HEADER, SESSION_COOKIE } from '../app';
import { type Clock, createManualClock } from '../clock';
import { type Database, openPostgres, rows, schema, wrapPglite } from '../db/client';
import { loadEnv } from '../env';
import type { Actor, Ctx } from '../lib/context';
import { hashPassword } from '../lib/passwords';
import { loadReference } from '../lib/reference';
import { searchTextOf } from '../modules/enterprises/service';
import { SNAPSHOT, withDatabase } from './global-setup';

export const TEST_PASSWORD = 'Test@Pass2020';

/** A fresh database for one test file: a PGlite clone of the migrated snapshot, or a PostgreSQL copy of the template. */
export async function openTestDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  const template = inject('pgTemplate');
  if (url && template) {
    const name = `tc_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    const database = openPostgres(withDatabase(url, name), 5);
    return {
      database,
      drop: async () => {
        await database.close();
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  }
  const blob = new Blob([fs.readFileSync(SNAPSHOT)]);
  const lite = await PGlite.create({ loadDataDir: blob });
  const database = wrapPglite(lite);
  return { database, drop: () => database.close() };
}

export interface TestResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  rawPayload: Buffer;
  json(): any;
}

/** A signed-in client: keeps the session cookie and sends the CSRF token on writes. */
export interface Agent {
  username: string;
  cookie: string;
  csrf: string;
  get(url: string, headers?: Record<string, string>): Promise<TestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<TestResponse>;
}

export interface TestApp {
  app: App;
  database: Database;
  clock: Clock;
  /** Signs in (the user must exist) and returns a client. */
  login(username: string, password?: string): Promise<Agent>;
  /** A client with no session. */
  anon: Omit<Agent, 'username' | 'cookie' | 'csrf'>;
  /** Creates a user with TEST_PASSWORD and signs in as them. */
  as(role: Role, scope?: Partial<UserOverrides>): Promise<Agent & { user: typeof schema.users.$inferSelect }>;
  makeEnterprise(
    overrides?: Partial<typeof schema.enterprises.$inferInsert>,
  ): Promise<typeof schema.enterprises.$inferSelect>;
  makeUser(role: Role, overrides?: Partial<UserOverrides>): Promise<typeof schema.users.$inferSelect>;
  assign(
    userId: number,
    enterpriseId: number,
    kind: 'liaison' | 'supervisor' | 'contact_leader',
  ): Promise<void>;
  /** A service context acting as a user (for calling services directly). */
  ctxFor(user: typeof schema.users.$inferSelect): Promise<Ctx>;
  close(): Promise<void>;
}

interface UserOverrides {
  username: string;
  displayName: string;
  divisionCode: string | null;
  departmentCode: string | null;
  enterpriseId: number | null;
  disabled: boolean;
}

let passwordHash: Promise<string> | undefined;
let seq = 0;

/** A valid, unique USCC for a division (factories never collide across a file). */
export function testUscc(division = '210502'): string {
  seq++;
  const body = Array.from(
    { length: 9 },
    (_, i) => USCC_ALPHABET[(seq * 7 + i * 13 + Math.floor(seq / 31) * (i + 1)) % 31],
  ).join('');
  const first17 = `91${division}${body}`;
  return first17 + usccCheckChar(first17);
}

/** Waits up to 3 s for a condition that another connection or a notice brings about. */
export async function eventually(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met within 3 s');
}

/**
 * Adds `n` copies of row `id` of `table` (every column but `id`) in one statement: data at
 * province scale for a test of a job, without n factory calls.
 */
export async function cloneRow(database: Database, table: string, id: number, n: number): Promise<void> {
  const cols = await rows<{ name: string }>(
    database.db,
    sql`select column_name as name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} and column_name <> 'id'
      order by ordinal_position`,
  );
  const list = sql.raw(cols.map((c) => `"${c.name}"`).join(', '));
  await database.db.execute(
    sql`insert into ${sql.identifier(table)} (${list}) select ${list} from ${sql.identifier(table)}, generate_series(1, ${n}) where id = ${id}`,
  );
}

export async function createTestApp(
  opts: { clock?: string; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const { database, drop } = await openTestDatabase();
  const clock = createManualClock(opts.clock);
  // The KPI figures of open days computed ahead of readers (TONGCHOU_KPI_REFRESH_MS) only where a
  // test asks for it: elsewhere background statements would make the memory's counts vary.
  const env = loadEnv({
    TONGCHOU_KPI_REFRESH_MS: '0',
    ...opts.env,
    TONGCHOU_DATA_DIR: '.tmp/test-data',
  } as NodeJS.ProcessEnv);
  const app = await buildApp({ database, clock, env, strictAudit: true });
  passwordHash ??= hashPassword(TEST_PASSWORD);

  const send = async (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<TestResponse> => {
    const res = await app.inject({
      method,
      url,
      headers: { 'accept-language': 'en', ...headers },
      ...(body !== undefined ? { payload: body as never } : {}),
    });
    return res as unknown as TestResponse;
  };

  const agent = (username: string, cookie: string, csrf: string): Agent => {
    const h = (extra?: Record<string, string>) => ({
      ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}),
      ...(csrf ? { [CSRF_HEADER]: csrf } : {}),
      ...extra,
    });
    return {
      username,
      cookie,
      csrf,
      get: (url, extra) => send('GET', url, undefined, h(extra)),
      post: (url, body, extra) => send('POST', url, body ?? {}, h(extra)),
      patch: (url, body, extra) => send('PATCH', url, body ?? {}, h(extra)),
      put: (url, body, extra) => send('PUT', url, body ?? {}, h(extra)),
      delete: (url, extra) => send('DELETE', url, undefined, h(extra)),
    };
  };

  const login = async (username: string, password = TEST_PASSWORD) => {
    const res = await send('POST', '/api/auth/login', { username, password }, {});
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    const setCookie = String(res.headers['set-cookie']);
    const cookie = /tc_session=([^;]+)/.exec(setCookie)![1];
    return agent(username, cookie, res.json().csrfToken);
  };

  const makeUser: TestApp['makeUser'] = async (role, o = {}) => {
    const now = clock.now();
    const [u] = await database.db
      .insert(schema.users)
      .values({
        username: o.username ?? `${role}_${++seq}`,
        displayName: o.displayName ?? `${role} ${seq}`,
        role,
        divisionCode:
          o.divisionCode !== undefined
            ? o.divisionCode
            : role === 'district' || role === 'liaison'
              ? '210502'
              : null,
        departmentCode:
          o.departmentCode !== undefined ? o.departmentCode : role === 'department' ? 'industry' : null,
        enterpriseId: o.enterpriseId ?? null,
        disabled: o.disabled ?? false,
        passwordHash: await passwordHash!,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return u;
  };

  const makeEnterprise: TestApp['makeEnterprise'] = async (o = {}) => {
    const now = clock.now();
    const division = o.divisionCode ?? '210502';
    const uscc = o.uscc ?? testUscc(division === '210590' ? '210500' : division);
    const name = o.name ?? `测试企业${++seq}有限公司`;
    const [e] = await database.db
      .insert(schema.enterprises)
      .values({
        industryCode: '3130',
        sizeClass: 'medium',
        contactPhone: '13800001234',
        ...o,
        uscc,
        name,
        divisionCode: division,
        searchText: searchTextOf(name, uscc),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return e;
  };

  const assign: TestApp['assign'] = async (userId, enterpriseId, kind) => {
    await database.db
      .insert(schema.enterpriseAssignments)
      .values({ userId, enterpriseId, kind, assignedAt: clock.now() });
  };

  return {
    app,
    database,
    clock,
    login,
    anon: agent('', '', ''),
    async as(role, scope = {}) {
      let enterpriseId = scope.enterpriseId ?? null;
      if (role === 'enterprise' && !enterpriseId) enterpriseId = (await makeEnterprise()).id;
      const user = await makeUser(role, { ...scope, enterpriseId });
      return { ...(await login(user.username)), user };
    },
    makeEnterprise,
    makeUser,
    assign,
    async ctxFor(user) {
      const tree = await loadDivisionTree(database.db);
      const actor: Actor = {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        divisionCode: user.divisionCode,
        departmentCode: user.departmentCode,
        enterpriseId: user.enterpriseId,
        locale: 'en',
        via: 'token',
      };
      return {
        db: database.db,
        clock,
        tree,
        ref: await loadReference(database.db),
        scoper: createScoper(tree),
        actor,
        ip: null,
        locale: 'en',
        audited: false,
      };
    },
    async close() {
      await app.close();
      await drop();
    },
  };
}
