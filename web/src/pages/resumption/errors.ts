import { APPLICATION_STATUS_LABELS, type Label, RESUMPTION_STATUS_LABELS } from '../../../../shared/enums';
import { ApiError } from '../../api/client';
import i18n, { currentLocale } from '../../i18n';
import { errorMessage } from '../../lib/errors';

/** Steps that are not statuses but can appear in a 409 `invalid_transition` (server: status.ts). */
const STEPS = ['edit', 'verify', 'apply', 'archived', 'none'] as const;

function word(code: unknown): string {
  const c = String(code ?? '');
  const label: Label | undefined =
    APPLICATION_STATUS_LABELS[c as keyof typeof APPLICATION_STATUS_LABELS] ??
    RESUMPTION_STATUS_LABELS[c as keyof typeof RESUMPTION_STATUS_LABELS];
  if (label) return label[currentLocale()];
  return (STEPS as readonly string[]).includes(c) ? i18n.t(`resumption.step.${c}`) : c;
}

/**
 * The message of a failed resumption request. A 409 `invalid_transition` carries status codes in
 * its details; the server's sentence quotes them raw, so it is phrased here with their labels.
 */
export function resumptionError(err: unknown): string {
  if (err instanceof ApiError && err.code === 'invalid_transition') {
    const d = (err.details ?? {}) as { from?: unknown; to?: unknown };
    if (d.from !== undefined && d.to !== undefined)
      return i18n.t('resumption.invalidTransition', { from: word(d.from), to: word(d.to) });
  }
  return errorMessage(err);
}
