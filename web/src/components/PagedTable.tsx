import { Table, type TableColumnsType, type TablePaginationConfig, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Paged } from '../api/types';
import { ErrorState } from './ErrorPages';
import { ScrollX } from './ListPage';
import { PageSpinner } from './PageSpinner';

/** The parts of a react-query result a list needs. */
export interface ListQuery<D> {
  data: D | undefined;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

/**
 * A query's error with a retry, a spinner until the first answer, then the content. No content
 * until the first answer arrives: an empty table would read as "no results".
 */
export function QueryGate<D>({ query, children }: { query: ListQuery<D>; children: (data: D) => ReactNode }) {
  const { error, data, refetch } = query;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data) return <PageSpinner />;
  return <>{children(data)}</>;
}

type PassThrough<T> = Omit<
  TableProps<T>,
  'columns' | 'rowKey' | 'dataSource' | 'loading' | 'pagination' | 'data-testid'
>;

interface PagedTableProps<T> extends PassThrough<T> {
  /** The page's query (server-side paging): `data` is one page of rows and the total. */
  query: ListQuery<Paged<T>>;
  columns: TableColumnsType<T>;
  rowKey?: TableProps<T>['rowKey'];
  page: number;
  pageSize: number;
  /** A page (or page size) chosen. */
  onPage: (page: number, pageSize: number) => void;
  /** Below this width the table scrolls sideways. */
  minWidth: number;
  showSizeChanger?: boolean;
  pageSizeOptions?: TablePaginationConfig['pageSizeOptions'];
  'data-testid'?: string;
}

/** A server-paged table: error / first-load states, sideways scroll, the total and the pager. */
export function PagedTable<T extends object>({
  query,
  columns,
  rowKey = 'id',
  page,
  pageSize,
  onPage,
  minWidth,
  showSizeChanger,
  pageSizeOptions,
  ...rest
}: PagedTableProps<T>) {
  const { t } = useTranslation();
  return (
    <QueryGate query={query}>
      {(data) => (
        <ScrollX minWidth={minWidth}>
          <Table<T>
            {...rest}
            rowKey={rowKey}
            loading={query.isFetching}
            columns={columns}
            dataSource={data.items}
            pagination={{
              current: page,
              pageSize,
              total: data.total,
              showSizeChanger,
              pageSizeOptions,
              showTotal: (total) => t('common.total', { count: total }),
              onChange: onPage,
            }}
          />
        </ScrollX>
      )}
    </QueryGate>
  );
}
