import {
  Card,
  Flex,
  List,
  Table,
  type TableColumnsType,
  type TablePaginationConfig,
  type TableProps,
} from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
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

/**
 * The phone form of a server-paged list: one card a row, each a link to its page, and a simple
 * pager when there is more than a page.
 */
export function PagedCards<T extends { id: number }>({
  query,
  page,
  pageSize,
  onPage,
  emptyText,
  href,
  cardTestId,
  renderCard,
  'data-testid': testId,
}: {
  query: ListQuery<Paged<T>>;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  emptyText: string;
  href: (row: T) => string;
  cardTestId: string;
  /** The card's lines (stacked). */
  renderCard: (row: T) => ReactNode;
  'data-testid'?: string;
}) {
  return (
    <QueryGate query={query}>
      {(data) => (
        <List<T>
          data-testid={testId}
          loading={query.isFetching}
          dataSource={data.items}
          locale={{ emptyText }}
          pagination={
            data.total > pageSize
              ? { current: page, pageSize, total: data.total, size: 'small', simple: true, onChange: onPage }
              : false
          }
          renderItem={(row) => (
            <Link to={href(row)} style={{ display: 'block', marginBottom: 8 }} data-testid={cardTestId}>
              <Card size="small" hoverable>
                <Flex vertical gap={4}>
                  {renderCard(row)}
                </Flex>
              </Card>
            </Link>
          )}
        />
      )}
    </QueryGate>
  );
}
