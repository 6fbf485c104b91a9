import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type {
  ApplicationDetail,
  ApplicationView,
  HistoryView,
  MyEnterprise,
  Paged,
  PlanView,
  VisitView,
} from './types';

/** Query keys of the resumption and liaison data, one place so that writes invalidate the right ones. */
export const RKEYS = {
  plan: ['resumption-plan'] as const,
  applications: ['resumption-applications'] as const,
  application: (id: number | string) => ['resumption-application', String(id)] as const,
  history: (enterpriseId: number | string) => ['resumption-history', String(enterpriseId)] as const,
  myEnterprises: ['liaison-my-enterprises'] as const,
  visits: ['liaison-visits'] as const,
  coverage: ['liaison-coverage'] as const,
  liaisons: ['liaisons'] as const,
};

export function usePlan(enabled = true) {
  return useQuery({
    queryKey: RKEYS.plan,
    queryFn: ({ signal }) => api.get<PlanView>('/api/resumption/phases', undefined, signal),
    enabled,
  });
}

export function useApplication(id: number | string | undefined) {
  return useQuery({
    queryKey: RKEYS.application(id ?? ''),
    queryFn: ({ signal }) =>
      api.get<ApplicationDetail>(`/api/resumption-applications/${id}`, undefined, signal),
    enabled: id !== undefined && id !== '',
  });
}

/** An enterprise's applications, the open one (or the one waiting) first. */
export function useEnterpriseApplications(enterpriseId: number | undefined) {
  return useQuery({
    queryKey: [...RKEYS.applications, 'enterprise', enterpriseId],
    queryFn: ({ signal }) =>
      api.get<Paged<ApplicationView>>('/api/resumption-applications', { enterpriseId, pageSize: 20 }, signal),
    enabled: !!enterpriseId,
  });
}

export function useResumptionHistory(enterpriseId: number | string | undefined) {
  return useQuery({
    queryKey: RKEYS.history(enterpriseId ?? ''),
    queryFn: ({ signal }) =>
      api.get<HistoryView>(`/api/enterprises/${enterpriseId}/resumption-history`, undefined, signal),
    enabled: !!enterpriseId,
  });
}

export function useMyEnterprises(enabled = true) {
  return useQuery({
    queryKey: RKEYS.myEnterprises,
    queryFn: ({ signal }) =>
      api.get<{ items: MyEnterprise[] }>('/api/liaisons/me/enterprises', undefined, signal),
    enabled,
  });
}

export function useVisits(enterpriseId: number | undefined, enabled = true) {
  return useQuery({
    queryKey: [...RKEYS.visits, enterpriseId],
    queryFn: ({ signal }) =>
      api.get<Paged<VisitView>>('/api/liaison-visits', { enterpriseId, pageSize: 10 }, signal),
    enabled: enabled && !!enterpriseId,
  });
}
