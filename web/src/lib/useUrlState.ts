import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export type UrlPatch<K extends string> = Partial<Record<K, string | number | boolean | null | undefined>>;

/**
 * List filters kept in the query string, so a filtered list can be bookmarked, shared and
 * survives a reload. Changing any filter but `page` sends the list back to page 1.
 */
export function useUrlState<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = useMemo(
    () =>
      Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined])) as Record<K, string | undefined>,
    [params, keys],
  );
  const update = useCallback(
    (patch: UrlPatch<K>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === null || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          if (!('page' in patch)) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  const clear = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams]);
  return { values, update, clear };
}

/**
 * Paging kept in the query string (`page`, `pageSize`; 20 a page unless chosen): the numbers for
 * the query, and the pager props of a `PagedTable` with a size changer.
 */
export function urlPaging(
  f: { page?: string; pageSize?: string },
  update: (patch: UrlPatch<'page' | 'pageSize'>) => void,
) {
  const page = Number(f.page) || 1;
  const pageSize = Number(f.pageSize) || 20;
  return {
    page,
    pageSize,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    onPage: (p: number, ps: number) =>
      update({ page: p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps }),
  };
}
