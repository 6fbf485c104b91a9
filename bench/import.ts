/** The enterprise import benchmark (issue: foundation), on the embedded PGlite. */
import { PGlite } from '@electric-sql/pglite';
import ExcelJS from 'exceljs';
import { loadDivisionTree } from '../server/access/divisions';
import { createScoper } from '../server/access/scope';
import { createManualClock } from '../server/clock';
import { schema, wrapPglite } from '../server/db/client';
import { ensureReferenceData } from '../server/db/reference-seed';
import { createRng, generateEnterprises } from '../server/demo/generate';
import { systemCtx } from '../server/demo/seed';
import { waitForJob } from '../server/lib/jobs';
import { loadReference } from '../server/lib/reference';
import { COLUMNS, header } from '../server/modules/enterprises/columns';
import { startImport } from '../server/modules/enterprises/import';
import { searchTextOf } from '../server/modules/enterprises/service';

const ROWS = 10_000;

async function freshDb() {
  const lite = await PGlite.create();
  const database = wrapPglite(lite);
  await database.migrate();
  await ensureReferenceData(database.db);
  return database;
}

/**
 * 10,000 enterprises from .xlsx through the real import path (parse, validate, check duplicates,
 * insert, audit each row) on a fresh embedded PGlite, against bare multi-row INSERTs of the same
 * rows with no validation or audit.
 */
export async function importBench() {
  const list = generateEnterprises(createRng(4242), ROWS);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('企业名录');
  ws.addRow(COLUMNS.map((c) => header(c, 'zh-CN')));
  for (const e of list) {
    ws.addRow(
      COLUMNS.map((c) => {
        if (c.key === 'normalDailyOutput') return e.normalDailyOutputFen / 100;
        const v = (e as unknown as Record<string, unknown>)[c.key];
        return typeof v === 'boolean' ? (v ? '是' : '否') : (v ?? '');
      }),
    );
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());

  // Baseline: the same rows, bare multi-row INSERTs, no parsing, validation or audit.
  const base = await freshDb();
  const now = new Date();
  let t0 = performance.now();
  await base.db.transaction(async (tx) => {
    for (let i = 0; i < list.length; i += 500) {
      await tx
        .insert(schema.enterprises)
        .values(
          list
            .slice(i, i + 500)
            .map((e) => ({ ...e, searchText: searchTextOf(e.name, e.uscc), createdAt: now, updatedAt: now })),
        );
    }
  });
  const baselineMs = performance.now() - t0;
  await base.close();

  const database = await freshDb();
  const tree = await loadDivisionTree(database.db);
  const clock = createManualClock();
  const ctx = systemCtx(
    { db: database.db, clock, tree, ref: await loadReference(database.db), scoper: createScoper(tree) },
    'bench',
  );
  t0 = performance.now();
  const jobId = await startImport(ctx, buf);
  const job = await waitForJob(database.db, jobId, 300_000);
  const importMs = performance.now() - t0;
  await database.close();
  if (job.status !== 'succeeded')
    throw new Error(`import failed: ${JSON.stringify(job.result).slice(0, 500)}`);
  return {
    rows: ROWS,
    fileMb: +(buf.length / 1048576).toFixed(2),
    importMs: Math.round(importMs),
    baselineMs: Math.round(baselineMs),
    ratio: +(importMs / baselineMs).toFixed(2),
  };
}
