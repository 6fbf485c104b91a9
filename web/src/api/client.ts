import type { Locale } from '../../../shared/enums';

/** One field-level problem from a 400 validation error. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** Any non-2xx answer from the API, in the server's one error shape. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The per-field problems of a validation error, or [] when there are none. */
  get fieldProblems(): FieldProblem[] {
    if (!Array.isArray(this.details)) return [];
    return this.details
      .filter((d): d is { path: unknown; message: unknown } => typeof d === 'object' && d !== null)
      .map((d) => ({
        path: Array.isArray(d.path) ? d.path.join('.') : String(d.path ?? ''),
        message: String(d.message ?? ''),
      }));
  }
}

export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

/**
 * Fired on a 401 for a signed-in request (`unauthenticated`, `session_expired`; detail = the code):
 * the auth provider sends the user to the login page.
 */
export const UNAUTHENTICATED_EVENT = 'tongchou:unauthenticated';
/** Fired on 403 `password_change_required` (e.g. an administrator reset the password meanwhile). */
export const PASSWORD_CHANGE_EVENT = 'tongchou:password-change-required';

let csrfToken: string | null = null;
let language: Locale = 'zh-CN';

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setApiLanguage(locale: Locale): void {
  language = locale;
}

export type QueryValue = string | number | boolean | null | undefined;

/** `?a=1&b=x` from an object; empty, null and undefined values are left out. */
export function toQueryString(params: Record<string, QueryValue> | undefined): string {
  if (!params) return '';
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `?${s}` : '';
}

interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(path + toQueryString(opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', (e as Error).message);
  }

  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    const apiError = new ApiError(
      res.status,
      err?.code ?? `http_${res.status}`,
      err?.message ?? (res.statusText || `HTTP ${res.status}`),
      err?.details,
    );
    if (res.status === 401 && apiError.code !== 'invalid_credentials') {
      window.dispatchEvent(new CustomEvent(UNAUTHENTICATED_EVENT, { detail: apiError.code }));
    }
    if (res.status === 403 && apiError.code === 'password_change_required') {
      window.dispatchEvent(new Event(PASSWORD_CHANGE_EVENT));
    }
    throw apiError;
  }
  return data as T;
}

/** Typed JSON client: same-origin cookie session, Accept-Language, CSRF header on writes. */
export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** multipart/form-data POST (file uploads). */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { body: form }),
};
