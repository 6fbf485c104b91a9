import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
import i18n from '../i18n';

/** Maps a server path ("body.contactPhone", "/uscc", "uscc") onto a form field name. */
function fieldOf(path: string, known: Set<string>): string | null {
  const parts = path.split(/[./]/).filter((p) => p && p !== 'body' && p !== 'query');
  const name = parts[0];
  return name && known.has(name) ? name : null;
}

/**
 * Puts a 400's per-field messages on the form fields they belong to. Returns the messages that
 * belong to no field on this form so the caller can show them elsewhere.
 */
export function applyServerErrors(form: FormInstance, err: unknown, fieldNames: readonly string[]): string[] {
  if (!(err instanceof ApiError)) return [];
  const known = new Set(fieldNames);
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const p of err.fieldProblems) {
    const f = fieldOf(p.path, known);
    if (!f) {
      rest.push(p.path ? `${p.path}: ${p.message}` : p.message);
      continue;
    }
    byField.set(f, [...(byField.get(f) ?? []), p.message]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return rest;
}

/** The message to show for any thrown error: the server's own (already localized) when there is one. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'network_error') return i18n.t('errors.network');
    if (err.message) return err.message;
  }
  return i18n.t('errors.generic');
}

/**
 * A failed form submit: field problems go onto their fields; returns the banner text for the
 * rest (null when every problem found its field).
 */
export function formErrorBanner(
  form: FormInstance,
  err: unknown,
  fieldNames: readonly string[],
): string | null {
  if (err instanceof ApiError && err.fieldProblems.length > 0) {
    const rest = applyServerErrors(form, err, fieldNames);
    return rest.length ? `${err.message}: ${rest.join('; ')}` : null;
  }
  return errorMessage(err);
}
