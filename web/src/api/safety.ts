import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type QueryValue } from './client';
import type {
  AttachmentView,
  CampaignDetail,
  CampaignView,
  ChecklistView,
  EnterpriseView,
  HazardDetail,
  HazardStats,
  HazardView,
  IncompleteItem,
  InspectionSummary,
  InspectionView,
  Paged,
  ResponsibilityView,
  SquadView,
  SupervisionGroupView,
  SupervisorCandidate,
} from './types';

/** Query keys of the safety line (inspections, hazards, campaigns, responsibility), one place. */
export const SKEYS = {
  checklists: ['checklists'] as const,
  checklist: (id: number | string) => ['checklists', 'one', String(id)] as const,
  supervision: ['supervision'] as const,
  groups: ['supervision', 'groups'] as const,
  group: (id: number | string) => ['supervision', 'groups', String(id)] as const,
  squads: ['supervision', 'squads'] as const,
  squad: (id: number | string) => ['supervision', 'squads', 'one', String(id)] as const,
  candidates: ['supervision', 'candidates'] as const,
  campaign: (id: number | string) => ['campaigns', 'one', String(id)] as const,
  incomplete: ['responsibility', 'incomplete'] as const,
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

/** Every template version, retired ones included (the editor's history). */
export function useChecklistVersions(enabled = true) {
  return useQuery({
    queryKey: [...SKEYS.checklists, 'all'],
    queryFn: ({ signal }) => api.get<Paged<ChecklistView>>('/api/checklists', { all: true }, signal),
    enabled,
  });
}

export function useChecklist(id: number | string | undefined) {
  return useQuery({
    queryKey: SKEYS.checklist(id ?? ''),
    queryFn: ({ signal }) => api.get<ChecklistView>(`/api/checklists/${id}`, undefined, signal),
    enabled: id !== undefined && id !== '',
  });
}

export function useSupervisionGroups() {
  return useQuery({
    queryKey: SKEYS.groups,
    queryFn: ({ signal }) =>
      api.get<Paged<SupervisionGroupView>>('/api/supervision/groups', undefined, signal),
  });
}

export function useSupervisionGroup(id: number | string | undefined) {
  return useQuery({
    queryKey: SKEYS.group(id ?? ''),
    queryFn: ({ signal }) =>
      api.get<SupervisionGroupView>(`/api/supervision/groups/${id}`, undefined, signal),
    enabled: id !== undefined && id !== '',
  });
}

export function useSquads(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: [...SKEYS.squads, query],
    queryFn: ({ signal }) => api.get<Paged<SquadView>>('/api/supervision/squads', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSquad(id: number | string | undefined) {
  return useQuery({
    queryKey: SKEYS.squad(id ?? ''),
    queryFn: ({ signal }) => api.get<SquadView>(`/api/supervision/squads/${id}`, undefined, signal),
    enabled: id !== undefined && id !== '',
  });
}

/** Supervisor accounts to add to a unit, searched as the commander types. */
export function useSupervisorCandidates(q: string, enabled = true) {
  return useQuery({
    queryKey: [...SKEYS.candidates, q],
    queryFn: ({ signal }) =>
      api.get<Paged<SupervisorCandidate>>(
        '/api/supervision/candidates',
        { q: q || undefined, pageSize: 30 },
        signal,
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Enterprises in the user's scope, searched by name as they type (pickers). */
export function useEnterprisePick(q: string, enabled = true) {
  return useQuery({
    queryKey: ['enterprises', 'pick', q],
    queryFn: ({ signal }) =>
      api.get<Paged<EnterpriseView>>(
        '/api/enterprises',
        { q: q || undefined, archived: 'false', pageSize: 30, sort: 'name' },
        signal,
      ),
    staleTime: 60_000,
    enabled,
  });
}

/** One enterprise, by the key its own page uses (e.g. the enterprise a form was opened for). */
export function useEnterpriseById(id: number | undefined, staleTime = 0) {
  return useQuery({
    queryKey: ['enterprise', String(id)],
    queryFn: ({ signal }) => api.get<EnterpriseView>(`/api/enterprises/${id}`, undefined, signal),
    enabled: !!id,
    staleTime,
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

export function useCampaign(id: number | string | undefined) {
  return useQuery({
    queryKey: SKEYS.campaign(id ?? ''),
    queryFn: ({ signal }) => api.get<CampaignDetail>(`/api/campaigns/${id}`, undefined, signal),
    enabled: id !== undefined && id !== '',
  });
}

export function useIncompleteResponsibility(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: [...SKEYS.incomplete, query],
    queryFn: ({ signal }) => api.get<Paged<IncompleteItem>>('/api/responsibility/incomplete', query, signal),
    placeholderData: keepPreviousData,
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
