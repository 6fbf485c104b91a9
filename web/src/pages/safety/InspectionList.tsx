import { Flex, Select, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  HAZARD_LINE_LABELS,
  HAZARD_LINES,
  INSPECTION_STATUS_LABELS,
  INSPECTION_STATUSES,
} from '../../../../shared/enums';
import { useInspections } from '../../api/safety';
import type { InspectionSummary } from '../../api/types';
import { useAuth } from '../../auth';
import { EnumSelect } from '../../components/EnumSelect';
import { ListPage, NewButton } from '../../components/ListPage';
import { PagedTable } from '../../components/PagedTable';
import { StatusTag } from '../../components/StatusTag';
import { useUrlState } from '../../lib/useUrlState';

const FILTER_KEYS = ['status', 'line', 'mine', 'enterprise', 'page', 'pageSize'] as const;

/** /inspections — inspections of enterprises in scope; the inspector's own drafts first to hand. */
export default function InspectionList() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { values: f, update } = useUrlState(FILTER_KEYS);
  const page = Number(f.page) || 1;
  const pageSize = Number(f.pageSize) || 20;
  const list = useInspections({
    status: f.status,
    line: f.line,
    mine: f.mine,
    enterprise: f.enterprise,
    page,
    pageSize,
  });

  const columns: TableColumnsType<InspectionSummary> = [
    {
      title: t('inspection.enterprise'),
      dataIndex: 'enterpriseName',
      ellipsis: true,
      render: (_, r) => <Link to={`/inspections/${r.id}`}>{r.enterpriseName}</Link>,
    },
    { title: t('hazard.fields.division'), dataIndex: 'divisionName', width: 110 },
    { title: t('inspection.template'), dataIndex: 'templateName', width: 200, ellipsis: true },
    { title: t('inspection.date'), dataIndex: 'inspectedOn', width: 110 },
    { title: t('inspection.inspector'), dataIndex: 'inspectorName', width: 140, ellipsis: true },
    {
      title: t('inspection.result'),
      key: 'counts',
      width: 200,
      render: (_, r) => (
        <Typography.Text type={r.counts.fail ? 'danger' : undefined}>
          {t('inspection.countsLine', { ...r.counts })}
        </Typography.Text>
      ),
    },
    {
      title: t('hazard.fields.status'),
      dataIndex: 'status',
      width: 100,
      render: (v: InspectionSummary['status']) => (
        <StatusTag
          value={v}
          labels={INSPECTION_STATUS_LABELS}
          colors={{ draft: 'processing', signed: 'success' }}
        />
      ),
    },
  ];

  return (
    <ListPage
      title={t('menu.inspections')}
      actions={
        <NewButton access="inspection.conduct" to={'/inspections/new'} testId="inspection-new">
          {t('inspection.startTitle')}
        </NewButton>
      }
      filters={
        <Flex gap={8} wrap>
          {can('inspection.conduct') && (
            <Select<string>
              allowClear
              placeholder={t('inspection.whose')}
              value={f.mine}
              onChange={(v) => update({ mine: v })}
              style={{ width: 130 }}
              options={[{ value: 'true', label: t('inspection.mineOnly') }]}
            />
          )}
          <EnumSelect
            values={INSPECTION_STATUSES}
            labels={INSPECTION_STATUS_LABELS}
            placeholder={t('hazard.fields.status')}
            value={f.status}
            onChange={(v) => update({ status: v })}
            style={{ width: 120 }}
          />
          <EnumSelect
            values={HAZARD_LINES}
            labels={HAZARD_LINE_LABELS}
            placeholder={t('hazard.fields.line')}
            value={f.line}
            onChange={(v) => update({ line: v })}
            style={{ width: 130 }}
          />
        </Flex>
      }
    >
      <PagedTable<InspectionSummary>
        data-testid="inspection-table"
        query={list}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={(p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps })}
        minWidth={960}
      />
    </ListPage>
  );
}
