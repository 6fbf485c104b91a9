import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from './client';
import type { Department, Division, Industry } from './types';

const REFERENCE = { staleTime: 60 * 60_000, gcTime: Number.POSITIVE_INFINITY } as const;

export function useDivisions() {
  return useQuery({
    queryKey: ['divisions'],
    queryFn: () => api.get<Division[]>('/api/divisions'),
    ...REFERENCE,
  });
}

export function useDepartments() {
  return useQuery({
    queryKey: ['departments'],
    queryFn: () => api.get<Department[]>('/api/departments'),
    ...REFERENCE,
  });
}

export function useIndustries() {
  return useQuery({
    queryKey: ['industries'],
    queryFn: () => api.get<Industry[]>('/api/industries'),
    ...REFERENCE,
  });
}

/** Divisions by code, plus the district list (the high-tech zone counts as one). */
export function useDivisionIndex() {
  const { data, isLoading } = useDivisions();
  return useMemo(() => {
    const all = data ?? [];
    const byCode = new Map(all.map((d) => [d.code, d]));
    const districts = all.filter((d) => d.level === 'district');
    const townsOf = (code: string | null | undefined) =>
      code ? all.filter((d) => d.level === 'town' && d.parentCode === code) : [];
    return { byCode, districts, townsOf, isLoading };
  }, [data, isLoading]);
}

/** GB/T 4754 level of a code: section letter, 2-digit division, 3-digit group, 4-digit class. */
export function industryDepth(code: string): number {
  return /^[A-Z]$/.test(code) ? 0 : code.length - 1;
}
