import { DesktopOutlined, DownloadOutlined, SettingOutlined, WarningOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Dropdown,
  Empty,
  Flex,
  List,
  Row,
  Select,
  Statistic,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { type CSSProperties, type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { SIZE_CLASS_LABELS } from '../../../../shared/enums';
import { KPI_COUNT_LABELS, KPIS } from '../../../../shared/kpi';
import { toQueryString } from '../../api/client';
import {
  type KpiDivisionRow,
  type KpiFigures,
  type KpiSectionRow,
  type KpiSizeRow,
  type KpiSnapshot,
  kpiExportHref,
  useKpiSeries,
  useKpiStream,
  useKpis,
} from '../../api/kpis';
import { useAlerts, useDayStatus } from '../../api/report-oversight';
import { useAuth, useMe } from '../../auth';
import { ErrorState } from '../../components/ErrorPages';
import { ScrollX } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { DistrictSelect } from '../../components/ReferenceSelects';
import { useLocale } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { useUrlState } from '../../lib/useUrlState';
import { EChart, type EChartOption } from '../safety/EChart';
import {
  asPct,
  drillHref,
  formatCount,
  isKpiKey,
  KPI_KEYS,
  type KpiKey,
  partsOf,
  pct,
  targetColor,
  trendFrom,
} from './figures';
import { KpiCard } from './KpiCard';
import { LiveMark } from './live';
import { TargetsModal } from './TargetsModal';

const FILTER_KEYS = ['asOf', 'division', 'rank'] as const;
const TREND: KpiKey[] = ['resumptionRate', 'capacityReleaseRate'];
const TREND_COLORS: Record<string, string> = { resumptionRate: '#1677ff', capacityReleaseRate: '#fa8c16' };

/** A one-line name that ends in … when it does not fit. */
const ELLIPSIS: CSSProperties = {
  flex: 1,
  minWidth: 0,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
};

/** Sorts rows by a rate, best first; rows without a figure last. */
function byRate<T extends KpiFigures>(rows: T[], key: KpiKey): T[] {
  return [...rows].sort((a, b) => (b[key] ?? -1) - (a[key] ?? -1));
}

/**
 * /dashboard — the command dashboard (指挥调度看板): headline KPIs against their targets, trends,
 * the ranking of divisions, today's reports, alerts and hazards, as of any date (kept in the URL)
 * for the city or one district. Every number opens the rows behind it; the figures follow the
 * server's KPI stream without a reload.
 */
export default function Dashboard() {
  const { t } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { values: f, update } = useUrlState(FILTER_KEYS);
  const asOf = f.asOf ?? me.today;
  const cityUser = me.role !== 'district';
  const division = cityUser ? f.division : undefined;
  const rankBy: KpiKey = isKpiKey(f.rank) ? f.rank : 'resumptionRate';
  const [targetsOpen, setTargetsOpen] = useState(false);

  const snapshot = useKpis({ asOf, division });
  const stream = useKpiStream(division);
  const data = snapshot.data;
  const scope = data?.division ?? division ?? undefined;

  const exportItems = (['division', 'industry', 'size'] as const).map((g) => ({
    key: g,
    label: (
      <a href={kpiExportHref({ asOf, division, groupBy: g })} download data-testid={`export-${g}`}>
        {t(`kpi.export.${g}`)}
      </a>
    ),
  }));

  return (
    <Flex vertical gap={16} data-testid="dashboard">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex vertical gap={0}>
          <Flex align="center" gap={8} wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('kpi.dashboard.title')}
              {data?.divisionName ? ` · ${data.divisionName}` : ''}
            </Typography.Title>
            {asOf !== me.today && (
              <Tag color="orange" data-testid="dashboard-past">
                {t('kpi.dashboard.pastDate', { date: asOf })}
              </Tag>
            )}
          </Flex>
          <LiveMark state={stream.state} updatedAt={snapshot.dataUpdatedAt} />
        </Flex>
        <Flex gap={8} wrap align="center">
          <DatePicker
            allowClear={false}
            value={dayjs(asOf)}
            disabledDate={(d) => d.isAfter(dayjs(me.today), 'day')}
            onChange={(v) =>
              update({ asOf: v && v.format('YYYY-MM-DD') !== me.today ? v.format('YYYY-MM-DD') : undefined })
            }
            data-testid="dashboard-date"
            style={{ width: 140 }}
          />
          {asOf !== me.today && (
            <Button onClick={() => update({ asOf: undefined })} data-testid="dashboard-today">
              {t('kpi.dashboard.backToToday')}
            </Button>
          )}
          {cityUser && (
            <DistrictSelect
              allowClear
              placeholder={t('kpi.dashboard.wholeCity')}
              value={f.division}
              onChange={(v) => update({ division: v })}
              style={{ width: 150 }}
              data-testid="dashboard-division"
            />
          )}
          <Dropdown menu={{ items: exportItems }} trigger={['click']}>
            <Button icon={<DownloadOutlined />} data-testid="dashboard-export">
              {t('kpi.export.button')}
            </Button>
          </Dropdown>
          {can('kpi.screen') && (
            <Button
              icon={<DesktopOutlined />}
              onClick={() => navigate(`/screen${toQueryString({ division })}`)}
              data-testid="open-screen"
            >
              {t('kpi.dashboard.bigScreen')}
            </Button>
          )}
          {can('kpi.manage') && (
            <Button
              icon={<SettingOutlined />}
              onClick={() => setTargetsOpen(true)}
              data-testid="open-targets"
            >
              {t('kpi.targets.button')}
            </Button>
          )}
        </Flex>
      </Flex>

      {snapshot.error ? (
        <ErrorState error={snapshot.error} onRetry={() => void snapshot.refetch()} />
      ) : !data ? (
        <PageSpinner />
      ) : (
        <DashboardBody
          data={data}
          asOf={asOf}
          division={scope}
          rankBy={rankBy}
          onRankBy={(k) => update({ rank: k === 'resumptionRate' ? undefined : k })}
          onDivision={cityUser && !division ? (code) => update({ division: code }) : undefined}
          fetching={snapshot.isFetching}
        />
      )}
      <TargetsModal open={targetsOpen} onClose={() => setTargetsOpen(false)} />
    </Flex>
  );
}

function DashboardBody({
  data,
  asOf,
  division,
  rankBy,
  onRankBy,
  onDivision,
  fetching,
}: {
  data: KpiSnapshot;
  asOf: string;
  division: string | undefined;
  rankBy: KpiKey;
  onRankBy: (k: KpiKey) => void;
  /** Opens a district's own dashboard (city view only). */
  onDivision?: (code: string) => void;
  fetching: boolean;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();

  const hazardExtra = (
    <>
      {' · '}
      <Link
        to={`/hazards${toQueryString({ overdue: 'true', division })}`}
        style={{ color: data.counts.hazardsOverdue ? '#cf1322' : undefined }}
        data-testid="kpi-hazards-overdue"
      >
        {t('kpi.dashboard.overdueN', { n: formatNumber(data.counts.hazardsOverdue, locale) })}
      </Link>
    </>
  );

  return (
    <>
      <Row gutter={[12, 12]} data-testid="kpi-cards">
        {KPI_KEYS.map((k) => (
          <Col key={k} xs={24} sm={12} lg={8} xl={6}>
            <KpiCard
              metric={k}
              figures={data}
              previous={data.previous}
              target={data.targets[k]}
              asOf={asOf}
              division={division}
              loading={fetching}
              extra={k === 'hazardRectificationRate' ? hazardExtra : undefined}
            />
          </Col>
        ))}
        <Col xs={24} sm={12} lg={8} xl={6}>
          <AlertsCard division={division} asOf={asOf} />
        </Col>
      </Row>

      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <TrendCard data={data} asOf={asOf} division={division} />
        </Col>
        <Col xs={24} xl={10}>
          <RankingChart
            rows={data.byDivision}
            rankBy={rankBy}
            onRankBy={onRankBy}
            target={data.targets[rankBy]}
            onPick={(row) => navigate(drillHref({ metric: rankBy, asOf, division: row.divisionCode }))}
          />
        </Col>
      </Row>

      <RankingTable data={data} asOf={asOf} division={division} rankBy={rankBy} onDivision={onDivision} />

      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12} xl={8}>
          <ReportsToday data={data} asOf={asOf} division={division} />
        </Col>
        <Col xs={24} lg={12} xl={8}>
          <AlertsList division={division} asOf={asOf} />
        </Col>
        <Col xs={24} xl={8}>
          <HazardsCard data={data} asOf={asOf} division={division} />
        </Col>
      </Row>

      <Breakdowns data={data} asOf={asOf} division={division} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('kpi.dashboard.footnote', { from: data.from, asOf: data.asOf })}
      </Typography.Text>
    </>
  );
}

/** Open abnormal-report alerts (current, raised on or before the date). */
function AlertsCard({ division, asOf }: { division?: string; asOf: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { data } = useAlerts({ status: 'open', division, to: asOf, page: 1, pageSize: 1 });
  const open = data?.open ?? data?.total;
  return (
    <Card size="small" style={{ height: '100%' }} data-testid="alerts-card">
      <Flex vertical gap={4}>
        <Typography.Text type="secondary">
          <WarningOutlined /> {t('kpi.dashboard.openAlerts')}
        </Typography.Text>
        <Link to={`/reports/alerts${toQueryString({ status: 'open', division })}`} data-testid="alerts-open">
          <span
            style={{ fontSize: 28, fontWeight: 600, color: open ? '#cf1322' : undefined, lineHeight: 1.2 }}
          >
            {open === undefined ? '…' : formatNumber(open, locale)}
          </span>
        </Link>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('kpi.dashboard.openAlertsHint')}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

/** Resumption and capacity release day by day since the campaign start, with the targets. */
function TrendCard({ data, asOf, division }: { data: KpiSnapshot; asOf: string; division?: string }) {
  const { t } = useTranslation();
  const { label, locale } = useLocale();
  const navigate = useNavigate();
  const from = trendFrom(asOf);
  const resumption = useKpiSeries({ metric: 'resumptionRate', from, to: asOf, division });
  const capacity = useKpiSeries({ metric: 'capacityReleaseRate', from, to: asOf, division });
  const series = useMemo(
    () => ({ resumptionRate: resumption.data, capacityReleaseRate: capacity.data }),
    [resumption.data, capacity.data],
  );
  const error = resumption.error ?? capacity.error;

  const option = useMemo<EChartOption>(() => {
    const dates = (series.resumptionRate ?? series.capacityReleaseRate ?? []).map((p) => p.date);
    return {
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (v == null ? '—' : `${formatNumber(v as number, locale, 1)}%`),
      },
      legend: { top: 0 },
      grid: { left: 44, right: 56, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: dates.map((d) => d.slice(5)), boundaryGap: false },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: TREND.map((k) => {
        const target = data.targets[k];
        return {
          name: label(KPIS[k].label),
          type: 'line',
          smooth: true,
          showSymbol: true,
          symbolSize: 5,
          data: (series[k as 'resumptionRate'] ?? []).map((p) => asPct(p.value)),
          itemStyle: { color: TREND_COLORS[k] },
          markLine:
            target === null || target === undefined
              ? undefined
              : {
                  silent: true,
                  symbol: 'none',
                  lineStyle: { type: 'dashed', color: TREND_COLORS[k] },
                  label: {
                    formatter: t('kpi.chart.targetLine', { value: pct(target, locale, 0) }),
                    fontSize: 10,
                  },
                  data: [{ yAxis: asPct(target) }],
                },
        };
      }),
    };
  }, [series, data.targets, label, locale, t]);

  return (
    <Card size="small" title={t('kpi.dashboard.trend')} style={{ height: '100%' }}>
      {error ? (
        <ErrorState error={error} onRetry={() => void resumption.refetch()} />
      ) : (
        <EChart
          option={option}
          height={300}
          testId="trend-chart"
          onClick={(e) => {
            const metric = TREND[e.seriesIndex ?? 0];
            const point = series[metric as 'resumptionRate']?.[e.dataIndex];
            if (point) navigate(drillHref({ metric, asOf: point.date, division }));
          }}
        />
      )}
    </Card>
  );
}

/** Divisions ranked by one KPI: bars, best on top, with the target. */
function RankingChart({
  rows,
  rankBy,
  onRankBy,
  target,
  onPick,
}: {
  rows: KpiDivisionRow[];
  rankBy: KpiKey;
  onRankBy: (k: KpiKey) => void;
  target: number | null | undefined;
  onPick: (row: KpiDivisionRow) => void;
}) {
  const { t } = useTranslation();
  const { label, locale } = useLocale();
  const sorted = useMemo(() => byRate(rows, rankBy).reverse(), [rows, rankBy]);
  const option = useMemo<EChartOption>(
    () => ({
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: unknown) => (v == null ? '—' : `${formatNumber(v as number, locale, 1)}%`),
      },
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: sorted.map((r) => r.divisionName), axisLabel: { interval: 0 } },
      series: [
        {
          name: label(KPIS[rankBy].label),
          type: 'bar',
          barMaxWidth: 18,
          data: sorted.map((r) => ({
            value: asPct(r[rankBy]),
            itemStyle: { color: targetColor(r[rankBy], target) ?? '#1677ff' },
          })),
          label: {
            show: true,
            position: 'right',
            formatter: (p: { value: number | null }) => (p.value == null ? '—' : `${p.value}%`),
          },
          markLine:
            target === null || target === undefined
              ? undefined
              : {
                  silent: true,
                  symbol: 'none',
                  lineStyle: { type: 'dashed', color: '#8c8c8c' },
                  label: { formatter: pct(target, locale, 0), position: 'end' },
                  data: [{ xAxis: asPct(target) }],
                },
        },
      ],
    }),
    [sorted, rankBy, target, label, locale],
  );
  return (
    <Card
      size="small"
      title={t('kpi.dashboard.ranking')}
      style={{ height: '100%' }}
      extra={
        <Select<KpiKey>
          size="small"
          value={rankBy}
          onChange={onRankBy}
          popupMatchSelectWidth={false}
          style={{ width: 180 }}
          data-testid="rank-by"
          options={KPI_KEYS.map((k) => ({ value: k, label: label(KPIS[k].label) }))}
        />
      }
    >
      {rows.length === 0 ? (
        <Empty />
      ) : (
        <EChart
          option={option}
          height={Math.max(300, sorted.length * 26 + 20)}
          testId="ranking-chart"
          onClick={(e) => {
            const row = sorted[e.dataIndex];
            if (row) onPick(row);
          }}
        />
      )}
    </Card>
  );
}

/** A rate cell that opens the rows behind it, with numerator/denominator in its tooltip. */
function RateLink({
  figures,
  metric,
  href,
  testId,
}: {
  figures: KpiFigures;
  metric: KpiKey;
  href: string;
  testId?: string;
}) {
  const { locale } = useLocale();
  const { numerator, denominator, unit } = partsOf(figures, metric);
  return (
    <Link
      to={href}
      title={`${formatCount(numerator, unit, locale)} / ${formatCount(denominator, unit, locale)}`}
      data-testid={testId}
    >
      {pct(figures[metric], locale)}
    </Link>
  );
}

/** Sortable rate columns for any breakdown table; `href` is the drill-down of one cell. */
function rateColumns<T extends KpiFigures>(
  label: (k: KpiKey) => ReactNode,
  href: (row: T, metric: KpiKey) => string,
  testId?: (row: T, metric: KpiKey) => string,
  defaultSort?: KpiKey,
): TableColumnsType<T> {
  return KPI_KEYS.map((k) => ({
    key: k,
    title: label(k),
    dataIndex: k,
    align: 'right' as const,
    width: 110,
    sorter: (a: T, b: T) => (a[k] ?? -1) - (b[k] ?? -1),
    sortDirections: ['descend', 'ascend'] as ('descend' | 'ascend')[],
    defaultSortOrder: k === defaultSort ? ('descend' as const) : undefined,
    render: (_: unknown, r: T) => (
      <RateLink figures={r} metric={k} href={href(r, k)} testId={testId?.(r, k)} />
    ),
  }));
}

function ColumnTitle({ metric }: { metric: KpiKey }) {
  const { label } = useLocale();
  return (
    <Typography.Text style={{ fontSize: 12 }} title={undefined}>
      <span title={label(KPIS[metric].definition)}>{label(KPIS[metric].label)}</span>
    </Typography.Text>
  );
}

/** Every division with every rate, sortable; the names open that division's dashboard. */
function RankingTable({
  data,
  asOf,
  division,
  rankBy,
  onDivision,
}: {
  data: KpiSnapshot;
  asOf: string;
  division?: string;
  rankBy: KpiKey;
  onDivision?: (code: string) => void;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<KpiDivisionRow> = [
    {
      key: 'rank',
      title: '#',
      width: 44,
      render: (_, r) => byRate(data.byDivision, rankBy).indexOf(r) + 1,
    },
    {
      key: 'name',
      title: division ? t('kpi.dashboard.town') : t('kpi.dashboard.district'),
      dataIndex: 'divisionName',
      width: 130,
      render: (v: string, r) =>
        onDivision ? (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onDivision(r.divisionCode)}>
            {v}
          </Button>
        ) : (
          v
        ),
    },
    ...rateColumns<KpiDivisionRow>(
      (k) => <ColumnTitle metric={k} />,
      (r, k) => drillHref({ metric: k, asOf, division: r.divisionCode }),
      (r, k) => `rank-${r.divisionCode}-${k}`,
      rankBy,
    ),
  ];
  return (
    <Card
      size="small"
      title={division ? t('kpi.dashboard.byTown') : t('kpi.dashboard.byDistrict')}
      extra={
        <Button
          size="small"
          icon={<DownloadOutlined />}
          href={kpiExportHref({ asOf, division, groupBy: 'division' })}
          download
          data-testid="ranking-export"
        >
          {t('kpi.export.xlsx')}
        </Button>
      }
    >
      <ScrollX minWidth={960}>
        <Table<KpiDivisionRow>
          key={rankBy}
          rowKey="divisionCode"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={data.byDivision}
          data-testid="ranking-table"
        />
      </ScrollX>
    </Card>
  );
}

/** Today's (the date's) reports: received of expected, and who has not reported yet. */
function ReportsToday({ data, asOf, division }: { data: KpiSnapshot; asOf: string; division?: string }) {
  const { t } = useTranslation();
  const { label, locale } = useLocale();
  const missing = useDayStatus({ date: asOf, division, status: 'missing', page: 1, pageSize: 6 });
  const c = data.counts;
  const missingCount = Math.max(0, c.reportsExpected - c.reportsReceived);
  const completenessHref = (status: string) =>
    `/reports/completeness${toQueryString({ date: asOf, division, status })}`;
  return (
    <Card
      size="small"
      title={t('kpi.dashboard.reportsToday', { date: asOf })}
      style={{ height: '100%' }}
      data-testid="reports-today"
      extra={<Link to={completenessHref('missing')}>{t('kpi.dashboard.allMissing')}</Link>}
    >
      <Row gutter={8}>
        <Col span={8}>
          <Link to={drillHref({ metric: 'reportCompleteness', asOf, division, part: 'numerator' })}>
            <Statistic
              title={label(KPI_COUNT_LABELS.reportsReceived)}
              value={formatNumber(c.reportsReceived, locale)}
              data-testid="reports-received"
            />
          </Link>
        </Col>
        <Col span={8}>
          <Link to={drillHref({ metric: 'reportCompleteness', asOf, division })}>
            <Statistic
              title={label(KPI_COUNT_LABELS.reportsExpected)}
              value={formatNumber(c.reportsExpected, locale)}
            />
          </Link>
        </Col>
        <Col span={8}>
          <Link to={completenessHref('missing')} data-testid="reports-missing">
            <Statistic
              title={t('kpi.dashboard.missing')}
              value={formatNumber(missingCount, locale)}
              styles={{ content: { color: missingCount ? '#cf1322' : undefined } }}
            />
          </Link>
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', margin: '8px 0 4px' }}>
        {t('kpi.dashboard.missingList')}
      </Typography.Text>
      {missing.error ? (
        <ErrorState error={missing.error} onRetry={() => void missing.refetch()} />
      ) : (
        <List
          size="small"
          loading={!missing.data}
          dataSource={missing.data?.items ?? []}
          locale={{ emptyText: t('kpi.dashboard.noneMissing') }}
          data-testid="missing-list"
          renderItem={(r) => (
            <List.Item style={{ paddingInline: 0, gap: 8 }}>
              <Link to={`/enterprises/${r.enterpriseId}`} style={ELLIPSIS} title={r.name}>
                {r.name}
              </Link>
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {r.divisionName}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** The newest open alerts, with a link to all of them. */
function AlertsList({ division, asOf }: { division?: string; asOf: string }) {
  const { t } = useTranslation();
  const { data, error, refetch } = useAlerts({ status: 'open', division, to: asOf, page: 1, pageSize: 6 });
  return (
    <Card
      size="small"
      title={t('kpi.dashboard.alertsTitle')}
      style={{ height: '100%' }}
      extra={
        <Link to={`/reports/alerts${toQueryString({ status: 'open', division })}`}>
          {t('kpi.dashboard.allAlerts')}
        </Link>
      }
    >
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <List
          size="small"
          loading={!data}
          dataSource={data?.items ?? []}
          locale={{ emptyText: t('kpi.dashboard.noAlerts') }}
          renderItem={(a) => (
            <List.Item style={{ paddingInline: 0, gap: 8 }}>
              <Link to={`/enterprises/${a.enterpriseId}`} style={ELLIPSIS} title={a.enterpriseName}>
                {a.enterpriseName}
              </Link>
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {a.divisionName} · {a.date.slice(5)}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** Hazards found, closed and overdue in the window, by division. */
function HazardsCard({ data, asOf, division }: { data: KpiSnapshot; asOf: string; division?: string }) {
  const { t } = useTranslation();
  const { label, locale } = useLocale();
  const navigate = useNavigate();
  const c = data.counts;
  const rows = data.byDivision;
  const option = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, itemWidth: 12, itemHeight: 8 },
      grid: { left: 36, right: 8, top: 28, bottom: 48 },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.divisionName),
        axisLabel: { rotate: rows.length > 5 ? 35 : 0, interval: 0, fontSize: 10 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: label(KPI_COUNT_LABELS.hazardsFound),
          type: 'bar',
          data: rows.map((r) => r.counts.hazardsFound),
          itemStyle: { color: '#1677ff' },
        },
        {
          name: label(KPI_COUNT_LABELS.hazardsClosed),
          type: 'bar',
          data: rows.map((r) => r.counts.hazardsClosed),
          itemStyle: { color: '#52c41a' },
        },
        {
          name: label(KPI_COUNT_LABELS.hazardsOverdue),
          type: 'bar',
          data: rows.map((r) => r.counts.hazardsOverdue),
          itemStyle: { color: '#ff4d4f' },
        },
      ],
    }),
    [rows, label],
  );
  const hazardDrill = (part: 'numerator' | 'denominator', code?: string) =>
    drillHref({ metric: 'hazardRectificationRate', asOf, division: code ?? division, part });
  return (
    <Card
      size="small"
      title={t('kpi.dashboard.hazards', { from: data.from })}
      style={{ height: '100%' }}
      data-testid="hazards-card"
    >
      <Row gutter={8}>
        <Col span={8}>
          <Link to={hazardDrill('denominator')}>
            <Statistic
              title={label(KPI_COUNT_LABELS.hazardsFound)}
              value={formatNumber(c.hazardsFound, locale)}
            />
          </Link>
        </Col>
        <Col span={8}>
          <Link to={hazardDrill('numerator')}>
            <Statistic
              title={label(KPI_COUNT_LABELS.hazardsClosed)}
              value={formatNumber(c.hazardsClosed, locale)}
            />
          </Link>
        </Col>
        <Col span={8}>
          <Link to={`/hazards${toQueryString({ overdue: 'true', division })}`}>
            <Statistic
              title={label(KPI_COUNT_LABELS.hazardsOverdue)}
              value={formatNumber(c.hazardsOverdue, locale)}
              styles={{ content: { color: c.hazardsOverdue ? '#cf1322' : undefined } }}
            />
          </Link>
        </Col>
      </Row>
      {rows.length > 0 && (
        <EChart
          option={option}
          height={200}
          testId="hazards-chart"
          onClick={(e) => {
            const row = rows[e.dataIndex];
            if (row)
              navigate(hazardDrill(e.seriesIndex === 1 ? 'numerator' : 'denominator', row.divisionCode));
          }}
        />
      )}
    </Card>
  );
}

/** The same rates by industry section and by size class, each exportable. */
function Breakdowns({ data, asOf, division }: { data: KpiSnapshot; asOf: string; division?: string }) {
  const { t } = useTranslation();
  const { label, locale } = useLocale();
  const sectionColumns: TableColumnsType<KpiSectionRow> = [
    {
      key: 'section',
      title: t('kpi.dashboard.section'),
      width: 200,
      render: (_, r) => `${r.section} ${locale === 'en' ? r.sectionNameEn : r.sectionName}`,
    },
    ...rateColumns<KpiSectionRow>(
      (k) => <ColumnTitle metric={k} />,
      (r, k) => drillHref({ metric: k, asOf, division, section: r.section }),
    ),
  ];
  const sizeColumns: TableColumnsType<KpiSizeRow> = [
    {
      key: 'size',
      title: t('kpi.dashboard.size'),
      width: 120,
      render: (_, r) => label(SIZE_CLASS_LABELS[r.sizeClass]),
    },
    ...rateColumns<KpiSizeRow>(
      (k) => <ColumnTitle metric={k} />,
      (r, k) => drillHref({ metric: k, asOf, division, sizeClass: r.sizeClass }),
    ),
  ];
  const exportButton = (groupBy: 'industry' | 'size') => (
    <Button
      size="small"
      icon={<DownloadOutlined />}
      href={kpiExportHref({ asOf, division, groupBy })}
      download
      data-testid={`breakdown-export-${groupBy}`}
    >
      {t('kpi.export.xlsx')}
    </Button>
  );
  return (
    <Card size="small" title={t('kpi.dashboard.breakdowns')}>
      <Tabs
        size="small"
        items={[
          {
            key: 'industry',
            label: t('kpi.dashboard.byIndustry'),
            children: (
              <Flex vertical gap={8}>
                <Flex justify="end">{exportButton('industry')}</Flex>
                <ScrollX minWidth={1000}>
                  <Table<KpiSectionRow>
                    rowKey="section"
                    size="small"
                    pagination={false}
                    columns={sectionColumns}
                    dataSource={data.byIndustrySection}
                  />
                </ScrollX>
              </Flex>
            ),
          },
          {
            key: 'size',
            label: t('kpi.dashboard.bySize'),
            children: (
              <Flex vertical gap={8}>
                <Flex justify="end">{exportButton('size')}</Flex>
                <ScrollX minWidth={920}>
                  <Table<KpiSizeRow>
                    rowKey="sizeClass"
                    size="small"
                    pagination={false}
                    columns={sizeColumns}
                    dataSource={data.bySize}
                  />
                </ScrollX>
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}
