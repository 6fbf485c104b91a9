import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Row,
  Segmented,
  Statistic,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DEMAND_CATEGORY_LABELS, type DemandCategory } from '../../../../shared/demands';
import { toQueryString } from '../../api/client';
import { useDemandStats } from '../../api/demands';
import type { DemandStatsRow } from '../../api/types';
import { ErrorState } from '../../components/ErrorPages';
import { ListPage, ScrollX } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { useLocale } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { useUrlState } from '../../lib/useUrlState';
import { barSeries, EChart, type EChartOption } from '../safety/EChart';

type GroupBy = 'department' | 'category' | 'division';
const GROUPS: readonly GroupBy[] = ['department', 'category', 'division'];
const KEYS = ['from', 'to', 'groupBy'] as const;

const pct = (r: number | null, locale: string) => (r === null ? '—' : `${formatNumber(r * 100, locale, 1)}%`);
const share = (part: number, whole: number) => (whole ? part / whole : null);

/**
 * /demands/stats — received, on-time acceptance and resolution, closed (办结) and solved (解决)
 * rates, satisfaction and reopen rate by department, category or district over any range; the
 * department ranking is part 5's evaluation of departments. Exported as .xlsx.
 */
export default function DemandStats() {
  const { t } = useTranslation();
  const { label, locale } = useLocale();
  const { values: f, update } = useUrlState(KEYS);
  const groupBy: GroupBy = GROUPS.includes(f.groupBy as GroupBy) ? (f.groupBy as GroupBy) : 'department';
  const range = { from: f.from, to: f.to };
  const table = useDemandStats({ ...range, groupBy });
  const byDepartment = useDemandStats({ ...range, groupBy: 'department' });
  const byCategory = useDemandStats({ ...range, groupBy: 'category' });

  const rowName = (r: DemandStatsRow, g: GroupBy) =>
    g === 'category' ? label(DEMAND_CATEGORY_LABELS[r.key as DemandCategory], r.name) : r.name;

  const ranking = useMemo<EChartOption>(() => {
    const rows = [...(byDepartment.data?.rows ?? [])]
      .filter((r) => r.received > 0)
      .sort((a, b) => (a.rank ?? 999) - (b.rank ?? 999));
    const pctOf = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 96, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => `${r.rank ?? '—'}. ${r.name}`),
        axisLabel: { width: 150, overflow: 'truncate' },
      },
      series: [
        {
          name: t('demand.stats.solvedRate'),
          type: 'bar',
          barMaxWidth: 14,
          data: rows.map((r) => pctOf(r.solvedRate)),
          itemStyle: { color: '#52c41a' },
          // The solved rate, then the mean satisfaction in stars (the ranking's next criterion).
          label: {
            show: true,
            position: 'right',
            formatter: (p: { value: number | null; dataIndex: number }) => {
              const m = rows[p.dataIndex]?.meanSatisfaction;
              return `${p.value ?? '—'}%${m === null || m === undefined ? '' : `  ★${formatNumber(m, locale, 2)}`}`;
            },
          },
        },
        barSeries(
          t('demand.stats.closedRate'),
          rows.map((r) => pctOf(r.closedRate)),
          '#1677ff',
          14,
        ),
      ],
    };
  }, [byDepartment.data, t, locale]);

  const categories = useMemo<EChartOption>(() => {
    const rows = (byCategory.data?.rows ?? []).filter((r) => r.received > 0);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: rows.map((r) => label(DEMAND_CATEGORY_LABELS[r.key as DemandCategory], r.name)),
        axisLabel: { rotate: 30, interval: 0, width: 90, overflow: 'truncate' },
      },
      yAxis: { type: 'value' },
      series: [
        barSeries(
          t('demand.stats.received'),
          rows.map((r) => r.received),
          '#1677ff',
          28,
        ),
        barSeries(
          t('demand.stats.closed'),
          rows.map((r) => r.closed),
          '#13c2c2',
          28,
        ),
        barSeries(
          t('demand.stats.solved'),
          rows.map((r) => r.solved),
          '#52c41a',
          28,
        ),
        barSeries(
          t('demand.stats.overdue'),
          rows.map((r) => r.overdue),
          '#ff4d4f',
          28,
        ),
      ],
    };
  }, [byCategory.data, t, label]);

  /** The demand list behind a row: same range, plus the row's own key. */
  const drill = (r: DemandStatsRow, extra: Record<string, string> = {}) =>
    `/demands${toQueryString({ from: f.from, to: f.to, [groupBy]: r.key, queue: 'all', ...extra })}`;

  const columns: TableColumnsType<DemandStatsRow> = [
    ...(groupBy === 'department'
      ? [
          {
            title: t('demand.stats.rank'),
            dataIndex: 'rank',
            width: 64,
            align: 'center' as const,
            render: (v: number | null) => v ?? '—',
          },
        ]
      : []),
    {
      title: t(`demand.stats.group.${groupBy}`),
      dataIndex: 'name',
      width: 200,
      render: (_, r) => (
        <Link to={drill(r)} data-testid={`stats-row-${r.key}`}>
          {rowName(r, groupBy)}
        </Link>
      ),
    },
    { title: t('demand.stats.received'), dataIndex: 'received', align: 'right', width: 80 },
    {
      title: t('demand.stats.acceptedOnTime'),
      key: 'acceptedOnTime',
      align: 'right',
      render: (_, r) => `${r.acceptedOnTime} (${pct(share(r.acceptedOnTime, r.accepted), locale)})`,
    },
    {
      title: t('demand.stats.resolvedOnTime'),
      key: 'resolvedOnTime',
      align: 'right',
      render: (_, r) => `${r.resolvedOnTime} (${pct(share(r.resolvedOnTime, r.resolved), locale)})`,
    },
    {
      title: t('demand.stats.closedRate'),
      dataIndex: 'closedRate',
      align: 'right',
      render: (v: number | null) => pct(v, locale),
    },
    {
      title: t('demand.stats.solvedRate'),
      dataIndex: 'solvedRate',
      align: 'right',
      render: (v: number | null) => pct(v, locale),
    },
    {
      title: t('demand.stats.meanSatisfaction'),
      dataIndex: 'meanSatisfaction',
      align: 'right',
      render: (v: number | null, r) => (v === null ? '—' : `${formatNumber(v, locale, 2)} (${r.rated})`),
    },
    {
      title: t('demand.stats.reopenRate'),
      dataIndex: 'reopenRate',
      align: 'right',
      render: (v: number | null) => pct(v, locale),
    },
    {
      title: t('demand.stats.overdue'),
      dataIndex: 'overdue',
      align: 'right',
      render: (v: number, r) =>
        v > 0 ? (
          <Link to={drill(r, { overdue: 'true' })}>
            <Typography.Text type="danger">{v}</Typography.Text>
          </Link>
        ) : (
          0
        ),
    },
  ];

  const exportHref = `/api/demands/stats/export.xlsx${toQueryString({ ...range, groupBy })}`;
  const totals = table.data?.totals;

  return (
    <ListPage
      title={t('demand.stats.title')}
      actions={
        <Button icon={<DownloadOutlined />} href={exportHref} download data-testid="stats-export">
          {t('demand.stats.export')}
        </Button>
      }
      filters={
        <>
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            value={[f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null]}
            onChange={(v) => update({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
            placeholder={[t('demand.list.raisedFrom'), t('demand.list.raisedTo')]}
            style={{ width: 260 }}
            data-testid="stats-range"
          />
          <Segmented
            value={groupBy}
            onChange={(v) => update({ groupBy: v === 'department' ? undefined : v })}
            options={GROUPS.map((g) => ({ value: g, label: t(`demand.stats.by.${g}`) }))}
            data-testid="stats-group"
          />
        </>
      }
    >
      <Alert
        type="info"
        showIcon
        title={t('demand.stats.evaluationTitle')}
        description={t('demand.stats.evaluationNote')}
      />
      {table.error ? (
        <ErrorState error={table.error} onRetry={() => void table.refetch()} />
      ) : !table.data || !totals ? (
        <PageSpinner />
      ) : (
        <Flex vertical gap={16} data-testid="demand-stats">
          <Row gutter={[16, 16]}>
            {(
              [
                [t('demand.stats.received'), totals.received],
                [t('demand.stats.closedRate'), pct(totals.closedRate, locale)],
                [t('demand.stats.solvedRate'), pct(totals.solvedRate, locale)],
                [
                  t('demand.stats.meanSatisfaction'),
                  totals.meanSatisfaction === null ? '—' : formatNumber(totals.meanSatisfaction, locale, 2),
                ],
                [t('demand.stats.reopenRate'), pct(totals.reopenRate, locale)],
              ] as const
            ).map(([title, value]) => (
              <Col key={title} xs={12} md={8} xl={4}>
                <Card size="small">
                  <Statistic title={title} value={value} loading={table.isFetching} />
                </Card>
              </Col>
            ))}
            <Col xs={12} md={8} xl={4}>
              <Card size="small">
                <Link to={`/demands${toQueryString({ ...range, overdue: 'true', queue: 'all' })}`}>
                  <Statistic
                    title={t('demand.stats.overdue')}
                    value={totals.overdue}
                    styles={{ content: { color: totals.overdue ? '#cf1322' : undefined } }}
                    loading={table.isFetching}
                  />
                </Link>
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('demand.stats.rankingChart')}>
                <EChart
                  option={ranking}
                  height={Math.max(380, (byDepartment.data?.rows.length ?? 0) * 34 + 80)}
                  testId="ranking-chart"
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('demand.stats.categoryChart')}>
                <EChart option={categories} height={380} testId="category-chart" />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t(`demand.stats.by.${groupBy}`)}>
            <ScrollX minWidth={1000}>
              <Table<DemandStatsRow>
                rowKey="key"
                size="small"
                pagination={false}
                columns={columns}
                dataSource={table.data.rows}
                data-testid="stats-table"
              />
            </ScrollX>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
              {t('demand.stats.definitions')}
            </Typography.Paragraph>
          </Card>
        </Flex>
      )}
    </ListPage>
  );
}
