/**
 * Rows a multi-row statement takes at once. PostgreSQL accepts at most 65,535 parameters in a
 * statement, and drizzle builds a statement's SQL recursively (its stack overflowed on a
 * 20,000-row insert at province scale): 500 rows stay well inside both, and building one takes a
 * few milliseconds, so other requests run between the parts.
 */
export const ROWS_PER_STATEMENT = 500;

/**
 * Runs `part` over consecutive slices of `items` (one statement each, in order) and returns what
 * the parts returned, in order. For writes and look-ups whose size depends on the data: a job or
 * an import at province scale must not build one statement of every row.
 */
export function inChunks<T, R>(
  items: readonly T[],
  part: (slice: T[]) => Promise<readonly R[]>,
  size?: number,
): Promise<R[]>;
export function inChunks<T>(
  items: readonly T[],
  part: (slice: T[]) => Promise<unknown>,
  size?: number,
): Promise<void>;
export async function inChunks<T>(
  items: readonly T[],
  part: (slice: T[]) => Promise<unknown>,
  size = ROWS_PER_STATEMENT,
): Promise<unknown> {
  const out: unknown[] = [];
  for (let i = 0; i < items.length; i += size) {
    const got = await part(items.slice(i, i + size));
    if (Array.isArray(got)) for (const x of got) out.push(x);
  }
  return out;
}
