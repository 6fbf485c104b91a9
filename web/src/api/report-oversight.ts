import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AlertList as AlertListSchema,
  AlertView,
  ChaseResult,
  Completeness,
  EnterpriseDayStatus,
  ReportFormInput as ReportFormInputSchema,
  ReportFormView,
} from '../../../shared/schemas/daily-reports';
import type {
  DirectiveAckInput as DirectiveAckSchema,
  DirectiveChaseResult,
  DirectiveCompliance,
  DirectiveInput as DirectiveInputSchema,
  DirectiveTargetView,
  DirectiveView,
} from '../../../shared/schemas/directives';
import { api, type QueryValue } from './client';
import { DRKEYS } from './daily-reports';
import type { Paged } from './types';

export type {
  AlertView,
  ChaseResult,
  Completeness,
  EnterpriseDayStatus,
  ReportFormView,
} from '../../../shared/schemas/daily-reports';
export type {
  DirectiveChaseResult,
  DirectiveCompliance,
  DirectiveTargetView,
  DirectiveView,
} from '../../../shared/schemas/directives';
export type AlertList = z.infer<typeof AlertListSchema>;
/** What the issue form sends (the schema's input side). */
export type DirectiveBody = z.input<typeof DirectiveInputSchema>;
export type DirectiveAckBody = z.input<typeof DirectiveAckSchema>;
/** A new version of the report form as the configuration page sends it. */
export type ReportFormBody = z.input<typeof ReportFormInputSchema>;

/** Query keys of the report oversight pages (completeness, alerts, directives, form), one place. */
export const OKEYS = {
  completeness: ['report-completeness'] as const,
  dayStatus: ['report-day-status'] as const,
  alerts: ['alerts'] as const,
  directives: ['directives'] as const,
  directive: (id: number | string) => ['directive', String(id)] as const,
  compliance: (id: number | string) => ['directive-compliance', String(id)] as const,
  targets: (id: number | string) => ['directive-targets', String(id)] as const,
  reportForm: ['report-form'] as const,
};

export function useCompleteness(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: [...OKEYS.completeness, query],
    queryFn: ({ signal }) => api.get<Completeness>('/api/daily-reports/completeness', query, signal),
    placeholderData: keepPreviousData,
  });
}

/** The enterprises behind a completeness figure. */
export function useDayStatus(query: Record<string, QueryValue>, enabled = true) {
  return useQuery({
    queryKey: [...OKEYS.dayStatus, query],
    queryFn: ({ signal }) =>
      api.get<Paged<EnterpriseDayStatus> & { date: string }>('/api/daily-reports/status', query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useAlerts(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: [...OKEYS.alerts, query],
    queryFn: ({ signal }) => api.get<AlertList>('/api/alerts', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useAcknowledgeAlert() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, actionTaken }: { id: number; actionTaken: string }) =>
      api.post<AlertView>(`/api/alerts/${id}/acknowledge`, { actionTaken }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: OKEYS.alerts }),
  });
}

export function useDirectives(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: [...OKEYS.directives, query],
    queryFn: ({ signal }) => api.get<Paged<DirectiveView>>('/api/directives', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useDirective(id: number | string | undefined) {
  return useQuery({
    queryKey: OKEYS.directive(id ?? ''),
    queryFn: ({ signal }) => api.get<DirectiveView>(`/api/directives/${id}`, undefined, signal),
    enabled: id !== undefined && id !== '',
  });
}

export function useDirectiveCompliance(id: number | string | undefined, enabled = true) {
  return useQuery({
    queryKey: OKEYS.compliance(id ?? ''),
    queryFn: ({ signal }) =>
      api.get<DirectiveCompliance>(`/api/directives/${id}/compliance`, undefined, signal),
    enabled: enabled && id !== undefined && id !== '',
  });
}

export function useDirectiveTargets(
  id: number | string | undefined,
  query: Record<string, QueryValue>,
  enabled = true,
) {
  return useQuery({
    queryKey: [...OKEYS.targets(id ?? ''), query],
    queryFn: ({ signal }) =>
      api.get<Paged<DirectiveTargetView>>(`/api/directives/${id}/targets`, query, signal),
    placeholderData: keepPreviousData,
    enabled: enabled && id !== undefined && id !== '',
  });
}

export function useIssueDirective() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DirectiveBody) => api.post<DirectiveView>('/api/directives', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: OKEYS.directives }),
  });
}

export function useAcknowledgeDirective(id: number | string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DirectiveAckBody) => api.post<DirectiveTargetView>(`/api/directives/${id}/ack`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: OKEYS.directive(id) });
      void qc.invalidateQueries({ queryKey: OKEYS.directives });
      void qc.invalidateQueries({ queryKey: OKEYS.compliance(id) });
      void qc.invalidateQueries({ queryKey: OKEYS.targets(id) });
    },
  });
}

/** The form in force; labels change rarely, but the configuration page asks `fresh` (it saves on top). */
export function useReportForm({ fresh = false }: { fresh?: boolean } = {}) {
  return useQuery({
    queryKey: OKEYS.reportForm,
    queryFn: ({ signal }) => api.get<ReportFormView>('/api/daily-reports/form', undefined, signal),
    staleTime: fresh ? 0 : 5 * 60_000,
    refetchOnMount: fresh ? 'always' : true,
  });
}

/** Saves a new version of the form; both form queries (this page's and the filing page's) follow. */
export function useSaveReportForm() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReportFormBody) => api.put<ReportFormView>('/api/daily-reports/form', body),
    onSuccess: (saved) => {
      qc.setQueryData(OKEYS.reportForm, saved);
      void qc.invalidateQueries({ queryKey: DRKEYS.form });
    },
  });
}

/** Chases a day's missing reports now: the stages whose time has come (a district: its territory). */
export function useChaseReports() {
  return useMutation({
    mutationFn: (date: string) => api.post<ChaseResult>('/api/daily-reports/chase', { date }),
  });
}

/** Chases the overdue acknowledgements of one directive (or every overdue one in scope). */
export function useChaseDirectives() {
  return useMutation({
    mutationFn: (directiveId?: number) =>
      api.post<DirectiveChaseResult>('/api/directives/chase', directiveId ? { directiveId } : {}),
  });
}
