import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type QueryValue } from './client';
import type {
  AttachmentView,
  CampaignView,
  ChecklistView,
  HazardDetail,
  HazardStats,
  HazardView,
  InspectionSummary,
  InspectionView,
  Paged,
  ResponsibilityView,
} from './types';

/** Query keys of the safety line (inspections, hazards, campaigns, responsibility), one place. */
export const SKEYS = {
  checklists: ['checklists'] as const,
  inspections: ['inspections'] as const,
  inspection: (id: number | string) => ['inspection', String(id)] as const,
  hazards: ['hazards'] as const,
  hazard: (id: number | string) => ['hazard', String(id)] as const,
  hazardStats: ['hazard-stats'] as const,
  campaigns: ['campaigns'] as const,
  responsibility: (enterpriseId: number | string) => ['responsibility', String(enterpriseId)] as const,
  attachments: ['attachments'] as const,
};

export function useChecklists(enabled = true) {
  return useQuery({
    queryKey: SKEYS.checklists,
    queryFn: ({ signal }) => api.get<Paged<ChecklistView>>('/api/checklists', undefined, signal),
    staleTime: 10 * 60_000,
    enabled,
  });
}

export function useInspections(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: [...SKEYS.inspections, query],
    queryFn: ({ signal }) => api.get<Paged<InspectionSummary>>('/api/inspections', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useInspection(id: number | string | undefined) {
  return useQuery({
    queryKey: SKEYS.inspection(id ?? ''),
    queryFn: ({ signal }) => api.get<InspectionView>(`/api/inspections/${id}`, undefined, signal),
    enabled: id !== undefined && id !== '',
  });
}

export function useHazards(query: Record<string, QueryValue>, enabled = true) {
  return useQuery({
    queryKey: [...SKEYS.hazards, query],
    queryFn: ({ signal }) => api.get<Paged<HazardView>>('/api/hazards', query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useHazard(id: number | string | undefined) {
  return useQuery({
    queryKey: SKEYS.hazard(id ?? ''),
    queryFn: ({ signal }) => api.get<HazardDetail>(`/api/hazards/${id}`, undefined, signal),
    enabled: id !== undefined && id !== '',
  });
}

export function useHazardStats(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: [...SKEYS.hazardStats, query],
    queryFn: ({ signal }) => api.get<HazardStats>('/api/hazards/stats', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCampaigns() {
  return useQuery({
    queryKey: SKEYS.campaigns,
    queryFn: ({ signal }) => api.get<Paged<CampaignView>>('/api/campaigns', undefined, signal),
  });
}

export function useResponsibility(enterpriseId: number | string | undefined, enabled = true) {
  return useQuery({
    queryKey: SKEYS.responsibility(enterpriseId ?? ''),
    queryFn: ({ signal }) =>
      api.get<ResponsibilityView>(`/api/enterprises/${enterpriseId}/responsibility`, undefined, signal),
    enabled: enabled && !!enterpriseId,
  });
}

/** Attachments by id (photos of an item, a hazard or its evidence). */
export function useAttachmentsByIds(ids: number[]) {
  return useQuery({
    queryKey: [...SKEYS.attachments, ids],
    queryFn: ({ signal }) =>
      api.get<Paged<AttachmentView>>('/api/attachments', { ids: ids.join(','), pageSize: 100 }, signal),
    enabled: ids.length > 0,
    staleTime: 5 * 60_000,
  });
}

/** Uploads one file for an enterprise (multipart field "file"). */
export function uploadAttachment(enterpriseId: number, file: File | Blob) {
  const form = new FormData();
  form.append('file', file);
  return api.upload<AttachmentView>(`/api/attachments?enterpriseId=${enterpriseId}`, form);
}
