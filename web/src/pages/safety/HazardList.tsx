import { Button, Flex, Grid, Input, Segmented, type TableColumnsType, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  HAZARD_CATEGORY_LABELS,
  HAZARD_LINE_LABELS,
  HAZARD_LINES,
  HAZARD_SEVERITIES,
  HAZARD_SEVERITY_LABELS,
  HAZARD_STATUS_LABELS,
  HAZARD_STATUSES,
  type HazardCategory,
} from '../../../../shared/enums';
import { useDivisionIndex } from '../../api/reference';
import { useHazards } from '../../api/safety';
import type { HazardView } from '../../api/types';
import { useMe } from '../../auth';
import { DateRangeFilter } from '../../components/DateRangeFilter';
import { EnumSelect } from '../../components/EnumSelect';
import { ListPage, NewButton } from '../../components/ListPage';
import { PagedCards, PagedTable } from '../../components/PagedTable';
import { DistrictSelect, TownSelect } from '../../components/ReferenceSelects';
import { StatusTag } from '../../components/StatusTag';
import { useLocale } from '../../i18n';
import { urlPaging, useUrlState } from '../../lib/useUrlState';
import { HazardTags } from './hazardTags';

const FILTER_KEYS = [
  'q',
  'status',
  'division',
  'line',
  'severity',
  'overdue',
  'enterprise',
  'campaign',
  'from',
  'to',
  'sort',
  'page',
  'pageSize',
] as const;

/**
 * /hazards — hazards (隐患) in scope, filters in the URL (the statistics drill down here). On a
 * phone, and for an enterprise's own account, a card list with its overdue list one tap away.
 */
export default function HazardList() {
  const { t } = useTranslation();
  const { label } = useLocale();
  const me = useMe();
  const { byCode } = useDivisionIndex();
  const screens = Grid.useBreakpoint();
  const { values: f, update, clear } = useUrlState(FILTER_KEYS);
  const [q, setQ] = useState(f.q ?? '');
  useEffect(() => setQ(f.q ?? ''), [f.q]);
  const compact = !screens.md;
  const isEnterprise = me.role === 'enterprise';

  const paging = urlPaging(f, update);
  const { page, pageSize } = paging;
  const filters = {
    q: f.q,
    status: f.status,
    division: f.division,
    line: f.line,
    severity: f.severity,
    overdue: f.overdue,
    enterprise: f.enterprise,
    campaign: f.campaign,
    from: f.from,
    to: f.to,
    sort: f.sort,
  };
  const list = useHazards({ ...filters, page, pageSize });

  const columns: TableColumnsType<HazardView> = [
    {
      title: t('hazard.fields.description'),
      dataIndex: 'description',
      ellipsis: true,
      render: (_, h) => <Link to={`/hazards/${h.id}`}>{h.description}</Link>,
    },
    {
      title: t('hazard.fields.enterprise'),
      dataIndex: 'enterpriseName',
      width: 200,
      ellipsis: true,
      render: (_, h) => <Link to={`/enterprises/${h.enterpriseId}`}>{h.enterpriseName}</Link>,
    },
    { title: t('hazard.fields.division'), dataIndex: 'divisionName', width: 110, ellipsis: true },
    {
      title: t('hazard.fields.line'),
      dataIndex: 'line',
      width: 110,
      render: (v: HazardView['line']) => <StatusTag value={v} labels={HAZARD_LINE_LABELS} />,
    },
    {
      title: t('hazard.fields.category'),
      dataIndex: 'category',
      width: 150,
      ellipsis: true,
      render: (v: string) => label(HAZARD_CATEGORY_LABELS[v as HazardCategory], v),
    },
    { title: t('hazard.fields.foundOn'), dataIndex: 'foundOn', width: 110 },
    { title: t('hazard.fields.deadline'), dataIndex: 'deadline', width: 110 },
    {
      title: t('hazard.fields.status'),
      key: 'status',
      width: 220,
      render: (_, h) => (
        <Flex wrap gap={4}>
          <HazardTags h={h} />
        </Flex>
      ),
    },
  ];

  const anyFilter = Object.values(filters).some((v) => v !== undefined);
  // The division filter may be a town (the statistics drill down by town for one district).
  const divisionNode = f.division ? byCode.get(f.division) : undefined;
  const district = divisionNode?.level === 'town' ? (divisionNode.parentCode ?? undefined) : f.division;
  const town = divisionNode?.level === 'town' ? f.division : undefined;

  return (
    <ListPage
      title={isEnterprise ? t('hazard.mineTitle') : t('menu.hazards')}
      actions={
        <NewButton
          access="hazard.create"
          to={f.enterprise ? `/hazards/new?enterpriseId=${f.enterprise}` : '/hazards/new'}
          testId="hazard-new"
        >
          {t('hazardForm.title')}
        </NewButton>
      }
      filters={
        <>
          <Segmented
            value={f.overdue === 'true' ? 'overdue' : f.status === 'pending' ? 'pending' : 'all'}
            onChange={(v) =>
              update(
                v === 'overdue'
                  ? { overdue: 'true', status: undefined }
                  : v === 'pending'
                    ? { status: 'pending', overdue: undefined }
                    : { status: undefined, overdue: undefined },
              )
            }
            options={[
              { value: 'all', label: t('hazard.list.all') },
              { value: 'pending', label: t('hazard.list.pending') },
              { value: 'overdue', label: t('hazard.list.overdue') },
            ]}
            data-testid="hazard-segment"
          />
          {!isEnterprise && (
            <Input.Search
              allowClear
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => update({ q: v.trim() })}
              placeholder={t('hazard.list.searchPlaceholder')}
              style={{ width: compact ? '100%' : 240 }}
              data-testid="hazard-search"
            />
          )}
          <EnumSelect
            values={HAZARD_STATUSES}
            labels={HAZARD_STATUS_LABELS}
            placeholder={t('hazard.fields.status')}
            value={f.status && f.status !== 'pending' ? f.status : undefined}
            onChange={(v) => update({ status: v })}
            style={{ width: 130 }}
            data-testid="filter-status"
          />
          {!isEnterprise && (
            <DistrictSelect
              allowClear
              value={district}
              onChange={(v) => update({ division: v })}
              style={{ width: 150 }}
              data-testid="filter-division"
            />
          )}
          {!isEnterprise && district && (
            <TownSelect
              divisionCode={district}
              value={town}
              onChange={(v) => update({ division: v ?? district })}
              style={{ width: 170 }}
              data-testid="filter-town"
            />
          )}
          <EnumSelect
            values={HAZARD_LINES}
            labels={HAZARD_LINE_LABELS}
            placeholder={t('hazard.fields.line')}
            value={f.line}
            onChange={(v) => update({ line: v })}
            style={{ width: 130 }}
            data-testid="filter-line"
          />
          <EnumSelect
            values={HAZARD_SEVERITIES}
            labels={HAZARD_SEVERITY_LABELS}
            placeholder={t('hazard.fields.severity')}
            value={f.severity}
            onChange={(v) => update({ severity: v })}
            style={{ width: 120 }}
            data-testid="filter-severity"
          />
          {!isEnterprise && (
            <DateRangeFilter
              from={f.from}
              to={f.to}
              onChange={(from, to) => update({ from, to })}
              placeholder={[t('hazard.list.foundFrom'), t('hazard.list.foundTo')]}
              style={{ width: 250 }}
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
      {compact ? (
        <PagedCards<HazardView>
          data-testid="hazard-cards"
          query={list}
          page={page}
          pageSize={pageSize}
          onPage={(p) => update({ page: p === 1 ? undefined : p })}
          emptyText={t('hazard.list.empty')}
          href={(h) => `/hazards/${h.id}`}
          cardTestId="hazard-card"
          renderCard={(h) => (
            <>
              <Typography.Text strong ellipsis={{ tooltip: h.description }}>
                {h.description}
              </Typography.Text>
              {!isEnterprise && <Typography.Text type="secondary">{h.enterpriseName}</Typography.Text>}
              <Flex wrap gap={4}>
                <HazardTags h={h} />
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('hazard.list.cardDates', { found: h.foundOn, deadline: h.deadline })}
              </Typography.Text>
            </>
          )}
        />
      ) : (
        <PagedTable<HazardView>
          data-testid="hazard-table"
          query={list}
          columns={columns}
          {...paging}
          minWidth={1100}
        />
      )}
    </ListPage>
  );
}
