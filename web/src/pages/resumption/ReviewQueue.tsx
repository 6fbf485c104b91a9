import { AuditOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Drawer, Flex, Grid, Select, type TableColumnsType, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { APPLICATION_STATUS_LABELS, APPLICATION_STATUSES } from '../../../../shared/enums';
import { api } from '../../api/client';
import { RKEYS } from '../../api/resumption';
import type { ApplicationView, Paged } from '../../api/types';
import { useMe } from '../../auth';
import { ListPage } from '../../components/ListPage';
import { PagedTable } from '../../components/PagedTable';
import { DistrictSelect } from '../../components/ReferenceSelects';
import { StatusTag } from '../../components/StatusTag';
import { useLocale } from '../../i18n';
import { formatDate, formatDateTime } from '../../lib/format';
import { useUrlState } from '../../lib/useUrlState';
import { ApplicationDetailView, DaysWaited, VerificationState } from './ApplicationDetail';
import { APPLICATION_STATUS_COLORS } from './status';

const FILTER_KEYS = ['status', 'division', 'page', 'open'] as const;

/**
 * The district's review queue: applications waiting for a decision, oldest submission first, with
 * the days waited; a drawer shows one application with its history and the approve / return buttons.
 */
export default function ReviewQueue() {
  const { t } = useTranslation();
  const { label } = useLocale();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const { token } = theme.useToken();
  const { values: f, update } = useUrlState(FILTER_KEYS);
  // "all" keeps the status filter off; the default is the queue itself.
  const status = f.status === 'all' ? undefined : (f.status ?? 'submitted');
  const page = Number(f.page) || 1;
  const pageSize = 20;
  const list = useQuery({
    queryKey: [...RKEYS.applications, 'queue', status, f.division, page],
    queryFn: ({ signal }) =>
      api.get<Paged<ApplicationView>>(
        '/api/resumption-applications',
        { status, division: f.division, page, pageSize },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const openId = f.open ? Number(f.open) : null;

  const columns: TableColumnsType<ApplicationView> = [
    {
      title: t('enterprise.fields.name'),
      dataIndex: 'enterpriseName',
      width: 220,
      ellipsis: true,
      render: (_, a) => (
        <Flex vertical gap={2}>
          <Link to={`/enterprises/${a.enterpriseId}`}>{a.enterpriseName}</Link>
          {a.onBehalf && (
            <Tag color="purple" style={{ width: 'fit-content' }}>
              {t('application.onBehalf')}
            </Tag>
          )}
        </Flex>
      ),
    },
    // A district clerk sees one district only: the column would repeat it on every row.
    ...(me.role === 'district'
      ? []
      : [{ title: t('enterprise.fields.division'), dataIndex: 'divisionName', width: 100 }]),
    {
      title: t('resumption.phase'),
      key: 'phase',
      width: 140,
      render: (_, a) =>
        a.phase ? (
          <Flex gap={4} wrap align="center">
            {a.phase.name}
            {!a.phase.open && <Tag color="error">{t('resumption.phaseNotOpen')}</Tag>}
          </Flex>
        ) : (
          '—'
        ),
    },
    {
      title: t('application.fields.plannedDate'),
      dataIndex: 'plannedDate',
      width: 110,
      render: (v: string | null) => formatDate(v),
    },
    {
      title: t('application.submittedAt'),
      dataIndex: 'submittedAt',
      width: 160,
      render: (v: string | null) => formatDateTime(v),
    },
    {
      title: t('review.waited'),
      dataIndex: 'daysWaiting',
      width: 100,
      render: (v: number | null) => (v === null ? '—' : <DaysWaited days={v} />),
    },
    {
      title: t('application.version'),
      dataIndex: 'revisionNo',
      width: 90,
      render: (v: number) => (
        <Flex vertical gap={2} align="flex-start">
          {t('application.revisionNo', { n: v })}
          {v > 1 && <Tag color="orange">{t('application.resubmittedTag')}</Tag>}
        </Flex>
      ),
    },
    {
      title: t('application.verification'),
      key: 'verification',
      width: 120,
      render: (_, a) => <VerificationState application={a} compact />,
    },
    // In the queue every row is waiting; the status column earns its place on the other filters.
    ...(status === 'submitted'
      ? []
      : [
          {
            title: t('application.status'),
            dataIndex: 'status',
            width: 100,
            render: (v: ApplicationView['status']) => (
              <StatusTag value={v} labels={APPLICATION_STATUS_LABELS} colors={APPLICATION_STATUS_COLORS} />
            ),
          },
        ]),
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, a) => (
        <Button
          type={a.abilities.includes('review') ? 'primary' : 'default'}
          size="small"
          icon={<AuditOutlined />}
          onClick={() => update({ open: a.id, page: f.page })}
          data-testid={`review-open-${a.id}`}
        >
          {a.abilities.includes('review') ? t('review.review') : t('common.view')}
        </Button>
      ),
    },
  ];

  return (
    <ListPage
      title={t('menu.resumptionReviews')}
      filters={
        <>
          <Select<string>
            value={f.status ?? 'submitted'}
            onChange={(v) => update({ status: v === 'submitted' ? undefined : v })}
            style={{ width: 160 }}
            options={[
              ...APPLICATION_STATUSES.map((s) => ({ value: s, label: label(APPLICATION_STATUS_LABELS[s]) })),
              { value: 'all', label: t('review.allStatuses') },
            ]}
            data-testid="queue-status"
          />
          {me.role !== 'district' && (
            <DistrictSelect
              allowClear
              value={f.division}
              onChange={(v) => update({ division: v })}
              style={{ width: 170 }}
            />
          )}
          <Typography.Text type="secondary">{t('review.orderHint')}</Typography.Text>
        </>
      }
    >
      <PagedTable<ApplicationView>
        data-testid="review-queue"
        query={list}
        columns={columns}
        locale={{ emptyText: status === 'submitted' ? t('review.emptyQueue') : t('common.noData') }}
        page={page}
        pageSize={pageSize}
        showSizeChanger={false}
        onPage={(p) => update({ page: p === 1 ? undefined : p })}
        minWidth={1000}
      />
      <Drawer
        open={openId !== null}
        onClose={() => update({ open: undefined, page: f.page })}
        size={screens.xl ? 880 : screens.md ? 760 : '100%'}
        styles={{ body: { background: token.colorBgLayout, padding: screens.md ? 16 : 8 } }}
        title={t('application.detailTitle')}
        destroyOnHidden
        data-testid="review-drawer"
      >
        {openId !== null && <ApplicationDetailView id={openId} />}
      </Drawer>
    </ListPage>
  );
}
