import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  /** Connections the server keeps to PostgreSQL (ignored for the embedded PGlite). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  TONGCHOU_DATA_DIR: z.string().default('./data'),
  TONGCHOU_CLOCK: z.string().default('scenario'),
  TONGCHOU_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  TONGCHOU_SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().default(12),
  TONGCHOU_COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  TONGCHOU_UPLOAD_MAX_MB: z.coerce.number().positive().default(10),
  TONGCHOU_SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  /**
   * How long after the last change heard the KPI figures of open days are computed again, ahead of
   * the next reader (ms); 0: computed only when read.
   */
  TONGCHOU_KPI_REFRESH_MS: z.coerce.number().int().min(0).max(600_000).default(300),
  /** The SMS / messaging gateway the outbox is posted to; unset: messages stay queued. */
  TONGCHOU_WEBHOOK_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof schema> & { dataDir: string; pgliteDir: string };

/** Parses configuration from the process environment once; every module reads it from here. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const dataDir = path.resolve(parsed.data.TONGCHOU_DATA_DIR);
  return { ...parsed.data, dataDir, pgliteDir: path.join(dataDir, 'pglite') };
}
