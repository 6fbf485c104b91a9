import { loadDivisionTree } from './access/divisions';
import { createScoper } from './access/scope';
import { type Clock, createClock } from './clock';
import { type Database, openDatabase } from './db/client';
import { ensureReferenceData } from './db/reference-seed';
import { systemCtx } from './demo/seed';
import type { Env } from './env';
import { sealAuditChain } from './lib/audit';
import type { Ctx } from './lib/context';
import { loadReference } from './lib/reference';

export interface Runtime {
  env: Env;
  database: Database;
  clock: Clock;
  /** A context that acts as the system (or as a named user's stand-in) for CLI work. */
  systemCtx(name?: string): Promise<Ctx>;
}

/** Opens the configured database, migrates it and makes sure the reference data is there. */
export async function openRuntime(env: Env, opts: { migrate?: boolean } = {}): Promise<Runtime> {
  const database = await openDatabase({
    url: env.DATABASE_URL,
    pgliteDir: env.pgliteDir,
    poolSize: env.DATABASE_POOL_SIZE,
  });
  const clock = createClock(env.TONGCHOU_CLOCK);
  if (opts.migrate !== false) {
    await database.migrate();
    await ensureReferenceData(database.db);
    // What a CLI command wrote to the audit log is linked into the chain before it exits.
    const close = database.close.bind(database);
    database.close = async () => {
      // Unsealed entries are safe: the next server start seals them.
      await sealAuditChain(database.db, { wait: true }).catch(() => undefined);
      await close();
    };
  }
  return {
    env,
    database,
    clock,
    async systemCtx(name = 'system') {
      const tree = await loadDivisionTree(database.db);
      const ref = await loadReference(database.db);
      return systemCtx({ db: database.db, clock, tree, ref, scoper: createScoper(tree) }, name);
    },
  };
}
