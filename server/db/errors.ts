/** Errors that say the database cannot be reached (answered 503 with Retry-After, server/app.ts). */

const DB_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
]);

/** Whether the error (or what it wraps: drizzle's query error, an AggregateError of connects) says the database is unreachable. */
export function isDbDown(err: any, depth = 0): boolean {
  if (!err || depth > 4) return false;
  if (DB_DOWN_CODES.has(err.code)) return true;
  const msg = String(err.message ?? '');
  // "not queryable": a client whose connection broke while a transaction held it (client.ts).
  if (
    /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|is not queryable/.test(
      msg,
    )
  )
    return true;
  if (Array.isArray(err.errors) && err.errors.some((e: unknown) => isDbDown(e, depth + 1))) return true;
  return isDbDown(err.cause, depth + 1);
}
