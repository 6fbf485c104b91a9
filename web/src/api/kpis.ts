import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { KpiKey } from '../../../shared/kpi';
import type {
  KpiDrillPage,
  KpiSeries,
  KpiSnapshot,
  KpiTargetsInput,
  KpiTargetsView,
} from '../../../shared/schemas/kpis';
import { api, type QueryValue, toQueryString } from './client';
import { OKEYS } from './report-oversight';

export type {
  KpiCounts,
  KpiDivisionRow,
  KpiDrillPage,
  KpiDrillRow,
  KpiFigures,
  KpiSectionRow,
  KpiSeries,
  KpiSeriesPoint,
  KpiSizeRow,
  KpiSnapshot,
  KpiTargets,
  KpiTargetsView,
} from '../../../shared/schemas/kpis';

/** Query keys of the KPI pages; everything under `all` is refetched when the stream says so. */
export const KKEYS = {
  all: ['kpis'] as const,
  snapshot: ['kpis', 'snapshot'] as const,
  series: ['kpis', 'series'] as const,
  drill: ['kpis', 'drill'] as const,
  targets: ['kpis', 'targets'] as const,
};

/** The KPI snapshot as of a date (city, a district, or the caller's own division). */
export function useKpis(query: { asOf?: string; division?: string; from?: string }, enabled = true) {
  return useQuery({
    queryKey: [...KKEYS.snapshot, query],
    queryFn: ({ signal }) => api.get<KpiSnapshot>('/api/kpis', query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One KPI day by day (at most 120 days). */
export function useKpiSeries(query: { metric: KpiKey; from?: string; to?: string; division?: string }) {
  return useQuery({
    queryKey: [...KKEYS.series, query],
    queryFn: ({ signal }) => api.get<KpiSeries>('/api/kpis/series', query, signal),
    placeholderData: keepPreviousData,
  });
}

/** The rows behind a figure. */
export function useKpiDrill(query: Record<string, QueryValue>, enabled = true) {
  return useQuery({
    queryKey: [...KKEYS.drill, query],
    queryFn: ({ signal }) => api.get<KpiDrillPage>('/api/kpis/drill', query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useKpiTargets(enabled = true) {
  return useQuery({
    queryKey: KKEYS.targets,
    queryFn: ({ signal }) => api.get<KpiTargetsView>('/api/kpis/targets', undefined, signal),
    enabled,
  });
}

export function useSaveKpiTargets() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: KpiTargetsInput) => api.put<KpiTargetsView>('/api/kpis/targets', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: KKEYS.all }),
  });
}

/** Download links (same-origin GET, the session cookie goes along). */
export const kpiExportHref = (query: Record<string, QueryValue>) =>
  `/api/kpis/export.xlsx${toQueryString(query)}`;
export const kpiDrillExportHref = (query: Record<string, QueryValue>) =>
  `/api/kpis/drill/export.xlsx${toQueryString(query)}`;

export type StreamState = 'connecting' | 'live' | 'reconnecting';

/** Events closer together than this make one refetch. */
const REFETCH_DELAY_MS = 1_000;
/** After the browser gives up on a stream (an HTTP error, not a dropped line), try again this late. */
const REOPEN_DELAY_MS = 5_000;

/**
 * Follows `GET /api/kpis/stream` and refetches the KPI figures (and the report and alert lists
 * shown beside them) shortly after something that changes them was written. EventSource
 * reconnects by itself when the line drops (a server restart); when it gives up (an HTTP error)
 * the stream is opened again after a pause. The server opens every stream with `ready`: after a
 * reconnect (or when it lost events) everything is refetched, since events may have been missed.
 */
export function useKpiStream(division?: string): { state: StreamState; lastEventAt: Date | null } {
  const qc = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');
  const [lastEventAt, setLastEventAt] = useState<Date | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | null = null;
    let firstReady = true;
    let stopped = false;

    const refetchSoon = () => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        void qc.invalidateQueries({ queryKey: KKEYS.all });
        void qc.invalidateQueries({ queryKey: OKEYS.completeness });
        void qc.invalidateQueries({ queryKey: OKEYS.dayStatus });
        void qc.invalidateQueries({ queryKey: OKEYS.alerts });
      }, REFETCH_DELAY_MS);
    };

    const open = () => {
      if (stopped) return;
      source = new EventSource(`/api/kpis/stream${toQueryString({ division })}`);
      source.addEventListener('open', () => setState('live'));
      source.addEventListener('ready', () => {
        setState('live');
        // The page loaded its figures just now; later `ready`s mean "you may have missed some".
        if (!firstReady) refetchSoon();
        firstReady = false;
      });
      source.addEventListener('kpi', () => {
        setLastEventAt(new Date());
        refetchSoon();
      });
      source.addEventListener('error', () => {
        setState('reconnecting');
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          reopen = setTimeout(open, REOPEN_DELAY_MS);
        }
      });
    };
    open();

    return () => {
      stopped = true;
      source?.close();
      if (reopen) clearTimeout(reopen);
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [division, qc]);

  return { state, lastEventAt };
}
