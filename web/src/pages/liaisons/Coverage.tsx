import { ThunderboltOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Flex,
  InputNumber,
  Modal,
  Progress,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DEFAULT_LIAISON_MAX_LOAD } from '../../../../shared/schemas/liaisons';
import { api } from '../../api/client';
import { useDivisionIndex } from '../../api/reference';
import { RKEYS } from '../../api/resumption';
import type { AssignmentChange, AutoAssignBody, AutoAssignResult, CoverageView } from '../../api/types';
import { useAuth, useMe } from '../../auth';
import { ListPage, ScrollX } from '../../components/ListPage';
import { QueryGate } from '../../components/PagedTable';
import { DistrictSelect } from '../../components/ReferenceSelects';
import { useLocale } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { formatNumber } from '../../lib/format';
import { testId } from '../../lib/testId';
import { useUrlState } from '../../lib/useUrlState';

const FILTER_KEYS = ['division', 'days', 'maxLoad', 'tab'] as const;
type Row = CoverageView['divisions'][number];
type EnterpriseRow = CoverageView['withoutLiaison'][number];
type NotVisitedRow = CoverageView['notVisited'][number];

/**
 * /liaison/coverage — by district: enterprises without a liaison, liaisons over their load,
 * enterprises not visited in N days; auto-assignment previewed (dry run) before it is applied.
 */
export default function Coverage() {
  const { t } = useTranslation();
  const { locale, name } = useLocale();
  const { can } = useAuth();
  const me = useMe();
  const { byCode } = useDivisionIndex();
  const { values: f, update } = useUrlState(FILTER_KEYS);
  const days = Number(f.days) || 7;
  const maxLoad = Number(f.maxLoad) || DEFAULT_LIAISON_MAX_LOAD;
  const [assignOpen, setAssignOpen] = useState(false);
  const coverage = useQuery({
    queryKey: [...RKEYS.coverage, f.division, days, maxLoad],
    queryFn: ({ signal }) =>
      api.get<CoverageView>('/api/liaisons/coverage', { division: f.division, days, maxLoad }, signal),
    placeholderData: keepPreviousData,
  });
  const { data } = coverage;
  const division = (c: string) => name(byCode.get(c), c);
  const num = (n: number) => formatNumber(n, locale);

  const columns: TableColumnsType<Row> = [
    { title: t('enterprise.fields.division'), dataIndex: 'name', width: 140 },
    { title: t('coverage.enterprises'), dataIndex: 'enterprises', width: 90, render: num },
    {
      title: t('coverage.covered'),
      key: 'covered',
      width: 170,
      render: (_, r) => (
        <Flex vertical gap={0}>
          <span>
            {num(r.covered)} / {num(r.enterprises)}
          </span>
          <Progress
            percent={r.enterprises ? Math.round((r.covered / r.enterprises) * 1000) / 10 : 100}
            size="small"
            status={r.withoutLiaison ? 'active' : 'success'}
          />
        </Flex>
      ),
    },
    {
      title: t('coverage.withoutLiaison'),
      dataIndex: 'withoutLiaison',
      width: 110,
      render: (n: number) => (n ? <Tag color="error">{num(n)}</Tag> : num(n)),
    },
    { title: t('coverage.liaisons'), dataIndex: 'liaisons', width: 90, render: num },
    {
      title: t('coverage.overLoad', { max: data?.maxLoad ?? maxLoad }),
      dataIndex: 'overLoad',
      width: 120,
      render: (n: number) => (n ? <Tag color="warning">{num(n)}</Tag> : num(n)),
    },
    {
      title: t('coverage.notVisited', { days: data?.days ?? days }),
      dataIndex: 'notVisited',
      width: 130,
      render: (n: number) => (n ? <Tag color="orange">{num(n)}</Tag> : num(n)),
    },
  ];

  // The tabs count every case; their lists stop at the server's list limit.
  const sum = (k: 'withoutLiaison' | 'overLoad' | 'notVisited') =>
    (data?.divisions ?? []).reduce((n, r) => n + r[k], 0);
  const capped = (n: number) =>
    data && n >= data.listLimit ? (
      <Typography.Text type="secondary">{t('coverage.capped', { limit: data.listLimit })}</Typography.Text>
    ) : null;
  // The enterprise's name (to its page) and district, first in the lists of enterprises.
  const enterpriseColumns = <T extends EnterpriseRow>(): TableColumnsType<T> => [
    {
      title: t('enterprise.fields.name'),
      dataIndex: 'name',
      render: (v: string, r) => <Link to={`/enterprises/${r.id}`}>{v}</Link>,
    },
    { title: t('enterprise.fields.division'), dataIndex: 'divisionCode', render: division },
  ];

  return (
    <ListPage
      title={t('menu.liaisonCoverage')}
      actions={
        can('liaison.assign') && (
          <Button
            type="primary"
            icon={<ThunderboltOutlined />}
            onClick={() => setAssignOpen(true)}
            data-testid="auto-assign"
          >
            {t('coverage.autoAssign')}
          </Button>
        )
      }
      filters={
        <>
          {me.role !== 'district' && (
            <DistrictSelect
              allowClear
              value={f.division}
              onChange={(v) => update({ division: v })}
              style={{ width: 170 }}
            />
          )}
          <Flex gap={4} align="center">
            <Typography.Text>{t('coverage.daysLabel')}</Typography.Text>
            <InputNumber<number>
              min={1}
              max={90}
              precision={0}
              value={days}
              onChange={(v) => update({ days: v && v !== 7 ? v : undefined })}
              style={{ width: 80 }}
              data-testid="coverage-days"
            />
          </Flex>
          <Flex gap={4} align="center">
            <Typography.Text>{t('coverage.maxLoadLabel')}</Typography.Text>
            <InputNumber<number>
              min={1}
              max={50}
              precision={0}
              value={maxLoad}
              onChange={(v) => update({ maxLoad: v && v !== DEFAULT_LIAISON_MAX_LOAD ? v : undefined })}
              style={{ width: 80 }}
            />
          </Flex>
          {data && (
            <Typography.Text type="secondary">{t('coverage.asOf', { date: data.asOf })}</Typography.Text>
          )}
        </>
      }
    >
      <QueryGate query={coverage}>
        {(data) => (
          <Flex vertical gap={16}>
            <ScrollX minWidth={860}>
              <Table<Row>
                data-testid="coverage-table"
                rowKey="code"
                size="small"
                loading={coverage.isFetching}
                columns={columns}
                dataSource={data.divisions}
                pagination={false}
                summary={(rows) =>
                  rows.length > 1 ? (
                    <Table.Summary.Row>
                      <Table.Summary.Cell index={0}>
                        <Typography.Text strong>{t('coverage.total')}</Typography.Text>
                      </Table.Summary.Cell>
                      {(
                        [
                          'enterprises',
                          'covered',
                          'withoutLiaison',
                          'liaisons',
                          'overLoad',
                          'notVisited',
                        ] as const
                      ).map((k, i) => (
                        <Table.Summary.Cell key={k} index={i + 1}>
                          <Typography.Text strong>{num(rows.reduce((n, r) => n + r[k], 0))}</Typography.Text>
                        </Table.Summary.Cell>
                      ))}
                    </Table.Summary.Row>
                  ) : null
                }
              />
            </ScrollX>
            <Tabs
              activeKey={f.tab ?? 'without'}
              onChange={(k) => update({ tab: k === 'without' ? undefined : k })}
              items={[
                {
                  key: 'without',
                  label: t('coverage.tabWithout', { count: sum('withoutLiaison') }),
                  children: (
                    <CappedTable
                      capped={capped(data.withoutLiaison.length)}
                      minWidth={480}
                      rows={data.withoutLiaison}
                      columns={enterpriseColumns()}
                    />
                  ),
                },
                {
                  key: 'over',
                  label: t('coverage.tabOver', { count: sum('overLoad') }),
                  children: (
                    <CappedTable
                      capped={capped(data.overLoaded.length)}
                      minWidth={480}
                      rows={data.overLoaded}
                      columns={[
                        { title: t('coverage.liaison'), dataIndex: 'displayName' },
                        {
                          title: t('enterprise.fields.division'),
                          dataIndex: 'divisionCode',
                          render: division,
                        },
                        {
                          title: t('coverage.load'),
                          dataIndex: 'load',
                          render: (n: number) => (
                            <Tag color="warning">{t('coverage.loadOf', { n, max: data.maxLoad })}</Tag>
                          ),
                        },
                      ]}
                    />
                  ),
                },
                {
                  key: 'notVisited',
                  label: t('coverage.tabNotVisited', { count: sum('notVisited'), days: data.days }),
                  children: (
                    <CappedTable
                      capped={capped(data.notVisited.length)}
                      minWidth={600}
                      rows={data.notVisited}
                      columns={[
                        ...enterpriseColumns<NotVisitedRow>(),
                        {
                          title: t('coverage.liaison'),
                          dataIndex: 'liaison',
                          render: (l: { displayName: string } | null) =>
                            l ? l.displayName : <Tag color="error">{t('resumption.noLiaison')}</Tag>,
                        },
                        {
                          title: t('liaison.mine.lastVisit'),
                          dataIndex: 'lastVisitDate',
                          render: (d: string | null) => d ?? <Tag>{t('liaison.mine.neverVisited')}</Tag>,
                        },
                      ]}
                    />
                  ),
                },
              ]}
            />
          </Flex>
        )}
      </QueryGate>
      {assignOpen && (
        <AutoAssignModal division={f.division} maxLoad={maxLoad} onClose={() => setAssignOpen(false)} />
      )}
    </ListPage>
  );
}

/** One of the tabs' lists: the note that it stops at the server's limit, then its rows, 20 a page. */
function CappedTable<T extends { id: number }>({
  capped,
  minWidth,
  rows,
  columns,
}: {
  capped: ReactNode;
  minWidth: number;
  rows: T[];
  columns: TableColumnsType<T>;
}) {
  return (
    <Flex vertical gap={8}>
      {capped}
      <ScrollX minWidth={minWidth}>
        <Table<T>
          size="small"
          rowKey="id"
          dataSource={rows}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          columns={columns}
        />
      </ScrollX>
    </Flex>
  );
}

/** Auto-assignment: a dry run first, shown in full; the same run applied on confirmation. */
function AutoAssignModal({
  division,
  maxLoad: initialMax,
  onClose,
}: {
  division?: string;
  maxLoad: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [maxLoad, setMaxLoad] = useState(initialMax);
  const [plan, setPlan] = useState<AutoAssignResult | null>(null);
  const run = useMutation({
    mutationFn: (dryRun: boolean) =>
      api.post<AutoAssignResult>('/api/liaisons/auto-assign', {
        dryRun,
        maxLoad,
        ...(division ? { division } : {}),
      } satisfies AutoAssignBody),
    onSuccess: (r) => {
      if (r.dryRun) {
        setPlan(r);
        return;
      }
      void qc.invalidateQueries({ queryKey: RKEYS.coverage });
      void qc.invalidateQueries({ queryKey: RKEYS.liaisons });
      void qc.invalidateQueries({ queryKey: ['enterprise'] });
      message.success(
        t('coverage.applied', {
          assigned: r.summary.assigned,
          moved: r.summary.moved,
          ended: r.summary.ended,
        }),
      );
      onClose();
    },
  });
  const s = plan?.summary;
  const nothing = plan && plan.changes.length === 0;
  return (
    <Modal
      open
      width={860}
      title={t('coverage.autoAssignTitle')}
      onCancel={onClose}
      footer={
        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            loading={run.isPending && run.variables === true}
            onClick={() => run.mutate(true)}
            data-testid="assign-preview"
          >
            {plan ? t('coverage.previewAgain') : t('coverage.preview')}
          </Button>
          <Button
            type="primary"
            disabled={!plan || !!nothing || plan.maxLoad !== maxLoad}
            loading={run.isPending && run.variables === false}
            onClick={() => run.mutate(false)}
            {...testId('assign-apply')}
          >
            {t('coverage.apply', { count: plan?.changes.length ?? 0 })}
          </Button>
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('coverage.autoAssignHint')}
        </Typography.Paragraph>
        <Flex gap={8} align="center" wrap>
          <Typography.Text>{t('coverage.maxLoadLabel')}</Typography.Text>
          <InputNumber<number>
            min={1}
            max={50}
            precision={0}
            value={maxLoad}
            onChange={(v) => {
              setMaxLoad(v ?? DEFAULT_LIAISON_MAX_LOAD);
              setPlan(null);
            }}
          />
        </Flex>
        {run.error && <Alert type="error" showIcon title={errorMessage(run.error)} />}
        {s && (
          <>
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, sm: 2, md: 3, lg: 3, xl: 3, xxl: 3 }}
              data-testid="assign-summary"
              items={(['needing', 'kept', 'assigned', 'moved', 'ended', 'uncovered'] as const).map((k) => ({
                key: k,
                label: t(`coverage.summary.${k}`),
                children: s[k],
              }))}
            />
            {nothing ? (
              <Alert type="success" showIcon title={t('coverage.nothingToDo')} />
            ) : (
              <ScrollX minWidth={640}>
                <Table<AssignmentChange>
                  size="small"
                  rowKey={(c) => `${c.enterpriseId}-${c.to?.id ?? 'none'}`}
                  dataSource={plan.changes}
                  pagination={{ pageSize: 10, showSizeChanger: false }}
                  columns={[
                    { title: t('enterprise.fields.name'), dataIndex: 'enterpriseName', ellipsis: true },
                    {
                      title: t('coverage.from'),
                      dataIndex: 'from',
                      render: (p: AssignmentChange['from']) => p?.displayName ?? '—',
                    },
                    {
                      title: t('coverage.to'),
                      dataIndex: 'to',
                      render: (p: AssignmentChange['to']) =>
                        p ? <Tag color="blue">{p.displayName}</Tag> : <Tag>{t('coverage.none')}</Tag>,
                    },
                    {
                      title: t('coverage.reason'),
                      dataIndex: 'reason',
                      render: (r: AssignmentChange['reason']) => t(`coverage.reasons.${r}`),
                    },
                  ]}
                />
              </ScrollX>
            )}
            {plan.uncovered.length > 0 && (
              <Alert
                type="warning"
                showIcon
                title={t('coverage.uncovered', { count: plan.uncovered.length })}
                description={plan.uncovered
                  .slice(0, 10)
                  .map((u) => u.name)
                  .join('、')}
              />
            )}
          </>
        )}
      </Flex>
    </Modal>
  );
}
