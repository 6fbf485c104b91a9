import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  FileReportInput as FileReportInputSchema,
  ReportFormView as ReportFormViewSchema,
  ReportView as ReportViewSchema,
  RevisionView as RevisionViewSchema,
} from '../../../shared/schemas/daily-reports';
import { api } from './client';
import type { Paged } from './types';

export type ReportFormView = z.infer<typeof ReportFormViewSchema>;
export type DailyReportView = z.infer<typeof ReportViewSchema>;
export type DailyReportRevision = z.infer<typeof RevisionViewSchema>;
export type FileReportBody = z.input<typeof FileReportInputSchema>;

/** Query keys of the daily report data, one place so that writes invalidate the right ones. */
export const DRKEYS = {
  form: ['daily-report-form'] as const,
  reports: ['daily-reports'] as const,
  revisions: (id: number | string) => ['daily-report-revisions', String(id)] as const,
};

/** The form in force (fields, rules, deadline). */
export function useReportForm(enabled = true) {
  return useQuery({
    queryKey: DRKEYS.form,
    queryFn: ({ signal }) => api.get<ReportFormView>('/api/daily-reports/form', undefined, signal),
    enabled,
  });
}

/** An enterprise's reports, newest first; `from`/`to`/`date` narrow the days. */
export function useEnterpriseReports(
  enterpriseId: number | undefined,
  range: { date?: string; from?: string; to?: string; pageSize?: number } = {},
) {
  return useQuery({
    queryKey: [...DRKEYS.reports, 'enterprise', enterpriseId, range],
    queryFn: ({ signal }) =>
      api.get<Paged<DailyReportView>>('/api/daily-reports', { enterpriseId, pageSize: 31, ...range }, signal),
    enabled: !!enterpriseId,
  });
}

/** A report's revisions, oldest first. */
export function useReportRevisions(id: number | undefined) {
  return useQuery({
    queryKey: DRKEYS.revisions(id ?? ''),
    queryFn: ({ signal }) =>
      api.get<DailyReportRevision[]>(`/api/daily-reports/${id}/revisions`, undefined, signal),
    enabled: !!id,
  });
}

export function fileReport(body: FileReportBody) {
  return api.post<DailyReportView>('/api/daily-reports', body);
}
