import {
  BarChartOutlined,
  CheckOutlined,
  ClockCircleFilled,
  FileTextOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Flex,
  Grid,
  Input,
  Select,
  type TableColumnsType,
  Tabs,
  Typography,
} from 'antd';
import { type Key, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import {
  DEMAND_CATEGORIES,
  DEMAND_CATEGORY_LABELS,
  DEMAND_QUEUE_LABELS,
  DEMAND_QUEUES,
  DEMAND_STATUS_LABELS,
  DEMAND_STATUSES,
  DEMAND_URGENCIES,
  DEMAND_URGENCY_LABELS,
  type DemandQueue,
} from '../../../../shared/demands';
import { api } from '../../api/client';
import { useDemandQueues, useDemands, useInvalidateDemands } from '../../api/demands';
import type { DemandBulkAcceptResult, DemandView } from '../../api/types';
import { useAuth, useMe } from '../../auth';
import { DateRangeFilter } from '../../components/DateRangeFilter';
import { EnumSelect } from '../../components/EnumSelect';
import { ListPage } from '../../components/ListPage';
import { PagedCards, PagedTable } from '../../components/PagedTable';
import { DepartmentSelect, DistrictSelect } from '../../components/ReferenceSelects';
import { useLocale } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { urlPaging, useUrlState } from '../../lib/useUrlState';
import { DemandTags } from './demandTags';

const FILTER_KEYS = [
  'queue',
  'q',
  'status',
  'category',
  'urgency',
  'department',
  'division',
  'overdue',
  'escalated',
  'handler',
  'enterpriseId',
  'from',
  'to',
  'page',
  'pageSize',
] as const;

/**
 * /demands — for a department the workbench (queues new / due soon / overdue / waiting / all, by
 * handler, bulk accept); for HQ, leaders, districts, squads and liaisons a filtered list. The
 * enterprise's own account has its phone view at /demands/mine.
 */
export default function DemandList() {
  const me = useMe();
  if (me.role === 'enterprise') return <Navigate to="/demands/mine" replace />;
  return <Demands />;
}

function Demands() {
  const { t } = useTranslation();
  const { label } = useLocale();
  const me = useMe();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const compact = !screens.md;
  // Filters two to a row on a phone, fixed widths on a desktop.
  const w = (px: number) => ({ width: compact ? 'calc(50% - 4px)' : px });
  const invalidate = useInvalidateDemands();
  const { values: f, update, clear } = useUrlState(FILTER_KEYS);
  const [q, setQ] = useState(f.q ?? '');
  useEffect(() => setQ(f.q ?? ''), [f.q]);
  const [selected, setSelected] = useState<Key[]>([]);
  const [skipped, setSkipped] = useState<DemandBulkAcceptResult['skipped']>([]);

  const workbench = me.role === 'department';
  const queue = workbench ? ((f.queue as DemandQueue | 'all' | undefined) ?? 'new') : undefined;
  const queues = useDemandQueues(workbench);
  const paging = urlPaging(f, update);
  const { page, pageSize } = paging;
  const filters = {
    q: f.q,
    status: f.status,
    category: f.category,
    urgency: f.urgency,
    department: f.department,
    division: f.division,
    overdue: f.overdue,
    escalated: f.escalated,
    handler: f.handler,
    enterpriseId: f.enterpriseId,
    from: f.from,
    to: f.to,
  };
  const list = useDemands({
    ...filters,
    queue: queue && queue !== 'all' ? queue : undefined,
    sort: queue === 'new' || queue === 'due_soon' || queue === 'overdue' ? 'dueOn' : undefined,
    page,
    pageSize,
  });

  const bulk = useMutation({
    mutationFn: (ids: number[]) => api.post<DemandBulkAcceptResult>('/api/demands/bulk-accept', { ids }),
    onSuccess: (r) => {
      message.success(t('demand.list.bulkAccepted', { count: r.accepted.length }));
      setSkipped(r.skipped);
      setSelected([]);
      void invalidate();
    },
    onError: (err) => message.error(errorMessage(err)),
  });

  const columns: TableColumnsType<DemandView> = [
    {
      title: t('demand.fields.number'),
      dataIndex: 'number',
      width: 160,
      render: (_, d) => (
        <Flex gap={6} align="center" style={{ whiteSpace: 'nowrap' }}>
          {d.overdue && (
            <ClockCircleFilled style={{ color: '#ff4d4f' }} aria-label={t('demand.list.overdueOnly')} />
          )}
          <Link to={`/demands/${d.id}`} data-testid="demand-row-link">
            {d.number}
          </Link>
        </Flex>
      ),
    },
    {
      title: t('demand.fields.description'),
      key: 'description',
      ellipsis: true,
      render: (_, d) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: d.description }}>
            <Link to={`/demands/${d.id}`}>{d.description}</Link>
          </Typography.Text>
          <Typography.Text
            type="secondary"
            ellipsis={{ tooltip: `${d.enterpriseName} · ${d.divisionName}` }}
            style={{ fontSize: 12 }}
          >
            <Link to={`/enterprises/${d.enterpriseId}`} style={{ color: 'inherit' }}>
              {d.enterpriseName}
            </Link>
            {' · '}
            {d.divisionName}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('demand.fields.category'),
      dataIndex: 'category',
      width: 120,
      ellipsis: true,
      render: (v: DemandView['category']) => label(DEMAND_CATEGORY_LABELS[v], v),
    },
    {
      title: t('demand.fields.status'),
      key: 'status',
      width: 210,
      render: (_, d) => (
        <Flex wrap gap={4}>
          <DemandTags d={d} />
        </Flex>
      ),
    },
    {
      title: t('demand.fields.department'),
      key: 'department',
      width: 170,
      ellipsis: true,
      render: (_, d) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: d.leadDepartment.name }}>
            {d.leadDepartment.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.handlerName ?? t('demand.notTaken')}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('demand.list.dates'),
      key: 'dates',
      width: 130,
      render: (_, d) => (
        <Flex vertical style={{ whiteSpace: 'nowrap' }}>
          <span>{d.raisedOn}</span>
          <Typography.Text type={d.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
            {d.dueOn ? t('demand.list.due', { date: d.dueOn }) : '—'}
          </Typography.Text>
        </Flex>
      ),
    },
  ];

  const acceptable = (d: DemandView) => d.status === 'submitted' && d.transitions.includes('accepted');
  // Only rows still on screen and still acceptable count (after paging, filtering or a reload).
  const onScreen = new Set((list.data?.items ?? []).filter(acceptable).map((d) => d.id));
  const chosen = selected.filter((k) => onScreen.has(Number(k)));
  const mayBulk = can('demand.bulkAccept') && (me.role === 'department' || me.role === 'commander');
  const anyFilter = Object.values(filters).some((v) => v !== undefined);
  const counts = queues.data;

  const tabs = workbench && (
    <Tabs
      activeKey={queue}
      onChange={(k) => update({ queue: k === 'new' ? undefined : k })}
      data-testid="demand-queues"
      style={{ marginBottom: -8 }}
      items={[
        ...DEMAND_QUEUES.map((k) => ({
          key: k,
          label: (
            <span data-testid={`queue-${k}`}>
              {label(DEMAND_QUEUE_LABELS[k])}{' '}
              <Badge
                count={counts?.[k] ?? 0}
                showZero
                overflowCount={999}
                color={k === 'overdue' ? '#ff4d4f' : k === 'due_soon' ? '#faad14' : '#1677ff'}
              />
            </span>
          ),
        })),
        { key: 'all', label: <span data-testid="queue-all">{t('demand.list.all')}</span> },
      ]}
    />
  );

  return (
    <ListPage
      title={workbench ? t('demand.list.workbenchTitle') : t('menu.demands')}
      actions={
        <>
          {can('demand.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/demands/new')}>
              {t('demand.raise')}
            </Button>
          )}
          {can('demand.templates') && me.role === 'department' && (
            <Button icon={<FileTextOutlined />} onClick={() => navigate('/demands/templates')}>
              {t('menu.demandTemplates')}
            </Button>
          )}
          {can('demand.stats') && (
            <Button icon={<BarChartOutlined />} onClick={() => navigate('/demands/stats')}>
              {t('menu.demandStats')}
            </Button>
          )}
        </>
      }
      filters={
        <>
          {tabs && <div style={{ width: '100%' }}>{tabs}</div>}
          <Input.Search
            allowClear
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => update({ q: v.trim() })}
            placeholder={t('demand.list.searchPlaceholder')}
            style={{ width: compact ? '100%' : 240 }}
            data-testid="demand-search"
          />
          {workbench && (
            <Select<string>
              allowClear
              placeholder={t('demand.list.handler')}
              value={f.handler}
              onChange={(v) => update({ handler: v })}
              style={w(170)}
              data-testid="filter-handler"
              options={[
                { value: 'me', label: t('demand.list.handlerMe') },
                ...(counts?.byHandler ?? [])
                  .filter((h) => h.handlerId !== null)
                  .map((h) => ({
                    value: String(h.handlerId),
                    label: t('demand.list.handlerOpen', { name: h.handlerName, count: h.open }),
                  })),
              ]}
            />
          )}
          {(!workbench || queue === 'all') && (
            <EnumSelect
              values={DEMAND_STATUSES}
              labels={DEMAND_STATUS_LABELS}
              placeholder={t('demand.fields.status')}
              value={f.status}
              onChange={(v) => update({ status: v })}
              style={w(150)}
              data-testid="filter-status"
            />
          )}
          <EnumSelect
            values={DEMAND_CATEGORIES}
            labels={DEMAND_CATEGORY_LABELS}
            placeholder={t('demand.fields.category')}
            value={f.category}
            onChange={(v) => update({ category: v })}
            style={w(170)}
            data-testid="filter-category"
          />
          <EnumSelect
            values={DEMAND_URGENCIES}
            labels={DEMAND_URGENCY_LABELS}
            placeholder={t('demand.fields.urgency')}
            value={f.urgency}
            onChange={(v) => update({ urgency: v })}
            style={w(110)}
          />
          {!workbench && (
            <DepartmentSelect
              allowClear
              placeholder={t('demand.fields.department')}
              value={f.department}
              onChange={(v) => update({ department: v })}
              style={w(200)}
              data-testid="filter-department"
            />
          )}
          {!workbench && me.role !== 'liaison' && (
            <DistrictSelect
              allowClear
              value={f.division}
              onChange={(v) => update({ division: v })}
              style={w(150)}
              data-testid="filter-division"
            />
          )}
          {(!workbench || queue === 'all') && (
            <Select<string>
              allowClear
              placeholder={t('demand.list.timeliness')}
              value={f.overdue === 'true' ? 'overdue' : f.escalated === 'true' ? 'escalated' : undefined}
              onChange={(v) =>
                update({
                  overdue: v === 'overdue' ? 'true' : undefined,
                  escalated: v === 'escalated' ? 'true' : undefined,
                })
              }
              options={[
                { value: 'overdue', label: t('demand.list.overdueOnly') },
                { value: 'escalated', label: t('demand.list.escalatedOnly') },
              ]}
              style={w(140)}
              data-testid="filter-overdue"
            />
          )}
          {!compact && (
            <DateRangeFilter
              from={f.from}
              to={f.to}
              onChange={(from, to) => update({ from, to })}
              placeholder={[t('demand.list.raisedFrom'), t('demand.list.raisedTo')]}
              style={w(250)}
            />
          )}
          {anyFilter && (
            <Button type="link" onClick={clear}>
              {t('common.resetFilters')}
            </Button>
          )}
        </>
      }
    >
      {mayBulk && !compact && (
        <Flex gap={8} align="center" wrap>
          <Button
            type="primary"
            icon={<CheckOutlined />}
            disabled={chosen.length === 0}
            loading={bulk.isPending}
            onClick={() => bulk.mutate(chosen.map(Number))}
            data-testid="bulk-accept"
          >
            {t('demand.list.bulkAccept', { count: chosen.length })}
          </Button>
          <Typography.Text type="secondary">{t('demand.list.bulkHint')}</Typography.Text>
        </Flex>
      )}
      {skipped.length > 0 && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setSkipped([])}
          title={t('demand.list.bulkSkipped', { count: skipped.length })}
          description={skipped
            .map((s) => `#${s.id} ${t(`demand.list.skipReason.${s.reason}`, { defaultValue: s.reason })}`)
            .join('；')}
        />
      )}
      {compact ? (
        <PagedCards<DemandView>
          data-testid="demand-cards"
          query={list}
          page={page}
          pageSize={pageSize}
          onPage={(p) => update({ page: p === 1 ? undefined : p })}
          emptyText={t('demand.list.empty')}
          href={(d) => `/demands/${d.id}`}
          cardTestId="demand-card"
          renderCard={(d) => (
            <>
              <Typography.Text strong>
                {label(DEMAND_CATEGORY_LABELS[d.category])} · {d.enterpriseName}
              </Typography.Text>
              <Typography.Text type="secondary" ellipsis>
                {d.description}
              </Typography.Text>
              <Flex wrap gap={4}>
                <DemandTags d={d} />
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {d.number} · {d.leadDepartment.name} · {formatDate(d.raisedAt)}
              </Typography.Text>
            </>
          )}
        />
      ) : (
        <PagedTable<DemandView>
          data-testid="demand-table"
          query={list}
          columns={columns}
          {...paging}
          minWidth={1000}
          locale={{ emptyText: t('demand.list.empty') }}
          rowSelection={
            mayBulk
              ? {
                  selectedRowKeys: chosen,
                  onChange: setSelected,
                  getCheckboxProps: (d) =>
                    ({ disabled: !acceptable(d), 'data-testid': `select-${d.id}` }) as never,
                }
              : undefined
          }
          onRow={(d) =>
            ({
              'data-testid': `demand-row-${d.id}`,
            }) as never
          }
        />
      )}
    </ListPage>
  );
}
