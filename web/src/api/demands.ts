import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, type QueryValue } from './client';
import type {
  DemandDetail,
  DemandQueueCounts,
  DemandStats,
  DemandTemplateView,
  DemandView,
  Paged,
  RoutingRules,
} from './types';

/** Query keys of the demands module (企业诉求), one place so that writes invalidate the right ones. */
export const DKEYS = {
  all: ['demands'] as const,
  list: ['demands', 'list'] as const,
  queues: ['demands', 'queues'] as const,
  demand: (id: number | string) => ['demands', 'one', String(id)] as const,
  stats: ['demands', 'stats'] as const,
  templates: ['demands', 'templates'] as const,
  routing: ['demands', 'routing'] as const,
};

export function useDemands(query: Record<string, QueryValue>, enabled = true) {
  return useQuery({
    queryKey: [...DKEYS.list, query],
    queryFn: ({ signal }) => api.get<Paged<DemandView>>('/api/demands', query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The department workbench's counters (new, due soon, overdue, waiting, open by handler). */
export function useDemandQueues(enabled = true) {
  return useQuery({
    queryKey: DKEYS.queues,
    queryFn: ({ signal }) => api.get<DemandQueueCounts>('/api/demands/queues', undefined, signal),
    enabled,
  });
}

export function useDemand(id: number | string | undefined) {
  return useQuery({
    queryKey: DKEYS.demand(id ?? ''),
    queryFn: ({ signal }) => api.get<DemandDetail>(`/api/demands/${id}`, undefined, signal),
    enabled: id !== undefined && id !== '',
  });
}

export function useDemandStats(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: [...DKEYS.stats, query],
    queryFn: ({ signal }) => api.get<DemandStats>('/api/demands/stats', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useDemandTemplates(query: Record<string, QueryValue> = {}, enabled = true) {
  return useQuery({
    queryKey: [...DKEYS.templates, query],
    queryFn: ({ signal }) => api.get<DemandTemplateView[]>('/api/demands/templates', query, signal),
    enabled,
  });
}

export function useRoutingRules() {
  return useQuery({
    queryKey: DKEYS.routing,
    queryFn: ({ signal }) => api.get<RoutingRules>('/api/demands/routing', undefined, signal),
  });
}

/** After any write on demands: every list, counter, detail and statistic may have changed. */
export function useInvalidateDemands() {
  const qc = useQueryClient();
  return useCallback(() => qc.invalidateQueries({ queryKey: DKEYS.all }), [qc]);
}
