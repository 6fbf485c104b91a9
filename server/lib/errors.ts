/** One field-level problem in a 400 response. */
export interface FieldIssue {
  path: string;
  /** Machine-readable reason (e.g. `unknown_division`). */
  reason: string;
  params?: Record<string, unknown>;
  /** Filled in by the error handler in the request's language when not given. */
  message?: string;
}

/**
 * An error with an HTTP status and a stable code; the error handler renders it as
 * `{ error: { code, message, details } }` in the user's language.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params?: Record<string, unknown>,
    readonly details?: unknown,
  ) {
    super(code);
  }
}

export const notFound = () => new AppError(404, 'not_found');
export const forbidden = () => new AppError(403, 'forbidden');
export const staleVersion = (current: number) =>
  new AppError(409, 'stale_version', undefined, { currentVersion: current });
/** A 400 listing every field that is wrong. */
export const invalid = (issues: FieldIssue[]) => new AppError(400, 'validation_failed', undefined, issues);
