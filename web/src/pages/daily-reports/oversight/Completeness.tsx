import {
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
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CHASE_STAGES } from '../../../../../shared/daily-reports';
import {
  REPORT_CONTENT_LABELS,
  SUBMISSION_STATUS_LABELS,
  type SubmissionStatus,
} from '../../../../../shared/enums';
import type { DAY_STATUS_FILTERS } from '../../../../../shared/schemas/daily-reports';
import {
  type ChaseResult,
  type Completeness as CompletenessData,
  type EnterpriseDayStatus,
  useChaseReports,
  useCompleteness,
  useDayStatus,
} from '../../../api/report-oversight';
import { useMe } from '../../../auth';
import { ErrorState } from '../../../components/ErrorPages';
import { ListPage, ScrollX } from '../../../components/ListPage';
import { PageSpinner } from '../../../components/PageSpinner';
import { DistrictSelect } from '../../../components/ReferenceSelects';
import { StatusTag } from '../../../components/StatusTag';
import { useLocale } from '../../../i18n';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useUrlState } from '../../../lib/useUrlState';
import { EChart, type EChartOption } from '../../safety/EChart';
import { ChaseConfirmButton, ChaseResultAlert } from './ChaseDirectives';

type DivRow = CompletenessData['byDivision'][number];
type Figures = CompletenessData['total'];
type DrillStatus = (typeof DAY_STATUS_FILTERS)[number];

/** `status` + `in` (the division drilled into) open the enterprise table below the figures. */
const FILTER_KEYS = ['date', 'division', 'status', 'in', 'page'] as const;
const DRILL_STATUSES: DrillStatus[] = [
  'expected',
  'missing',
  'received',
  'on_time',
  'late',
  'abnormal',
  'zero',
];

export const SUBMISSION_COLORS: Partial<Record<SubmissionStatus, string>> = {
  missing: 'red',
  late: 'orange',
  on_time: 'green',
  not_expected: 'default',
};
const CONTENT_COLORS = { zero: 'blue', normal: 'default', abnormal: 'red' } as const;

const pct = (r: number | null, locale: string) => (r === null ? '—' : `${formatNumber(r * 100, locale, 1)}%`);

/** Derived counts of a row of figures, keyed by the drill-down status they open. */
function counts(f: Figures): Record<Exclude<DrillStatus, 'normal' | 'not_expected'>, number> {
  return {
    expected: f.expected,
    received: f.received,
    on_time: f.onTime,
    missing: Math.max(0, f.expected - f.received),
    late: Math.max(0, f.received - f.onTime),
    abnormal: f.abnormal,
    zero: f.zero,
  };
}

/**
 * /reports/completeness — a day's completeness (received ÷ expected) and timeliness (on time ÷
 * expected) by district (or by town for a district user or a chosen district); every figure opens
 * the enterprises behind it.
 */
export default function Completeness() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const me = useMe();
  const { values: f, update } = useUrlState(FILTER_KEYS);
  const date = f.date ?? me.today;
  const [chased, setChased] = useState<ChaseResult | null>(null);
  const byTown = me.role === 'district' || !!f.division;
  const { data, error, isFetching, refetch } = useCompleteness({
    date,
    division: f.division,
    level: byTown ? 'town' : 'district',
  });

  const drillStatus = (DRILL_STATUSES as string[]).includes(f.status ?? '')
    ? (f.status as DrillStatus)
    : undefined;
  const page = Number(f.page) || 1;
  const drill = useDayStatus(
    { date, division: f.in ?? f.division, status: drillStatus, page, pageSize: 20 },
    !!drillStatus,
  );

  const open = (status: DrillStatus, division?: string) => update({ status, in: division });
  const divisionName = (code: string | undefined) =>
    code ? (data?.byDivision.find((d) => d.divisionCode === code)?.divisionName ?? code) : undefined;

  const option = useMemo<EChartOption>(() => {
    const rows = data?.byDivision ?? [];
    const asPct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v == null ? '—' : `${v}%`) },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 36, bottom: 60 },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.divisionName),
        // Long names (English, autonomous counties) wrap under their bar instead of being cut off.
        axisLabel: { interval: 0, width: rows.length > 10 ? 64 : 110, overflow: 'break', lineHeight: 14 },
      },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: t('dailyReport.oversight.completeness'),
          type: 'bar',
          barMaxWidth: 32,
          data: rows.map((r) => asPct(r.completeness)),
          itemStyle: { color: '#1677ff' },
        },
        {
          name: t('dailyReport.oversight.timeliness'),
          type: 'bar',
          barMaxWidth: 32,
          data: rows.map((r) => asPct(r.timeliness)),
          itemStyle: { color: '#52c41a' },
        },
      ],
    };
  }, [data, t]);

  const num = (n: number, status: DrillStatus, division?: string, danger = false) =>
    n > 0 ? (
      <Button
        type="link"
        size="small"
        danger={danger}
        style={{ padding: 0 }}
        onClick={() => open(status, division)}
        data-testid={`drill-${status}-${division ?? 'all'}`}
      >
        {formatNumber(n, locale)}
      </Button>
    ) : (
      0
    );

  const columns: TableColumnsType<DivRow> = [
    {
      title: byTown ? t('dailyReport.oversight.town') : t('dailyReport.oversight.district'),
      dataIndex: 'divisionName',
      render: (v: string, r) =>
        byTown ? (
          v
        ) : (
          <Button
            type="link"
            size="small"
            style={{ padding: 0 }}
            onClick={() => update({ division: r.divisionCode, status: undefined, in: undefined })}
          >
            {v}
          </Button>
        ),
    },
    {
      title: t('dailyReport.oversight.expected'),
      align: 'right',
      render: (_, r) => num(r.expected, 'expected', r.divisionCode),
    },
    {
      title: t('dailyReport.oversight.received'),
      align: 'right',
      render: (_, r) => num(r.received, 'received', r.divisionCode),
    },
    {
      title: t('dailyReport.oversight.onTime'),
      align: 'right',
      render: (_, r) => num(r.onTime, 'on_time', r.divisionCode),
    },
    {
      title: t('dailyReport.oversight.missing'),
      align: 'right',
      render: (_, r) => num(counts(r).missing, 'missing', r.divisionCode, true),
    },
    {
      title: t('dailyReport.oversight.late'),
      align: 'right',
      render: (_, r) => num(counts(r).late, 'late', r.divisionCode),
    },
    {
      title: t('dailyReport.oversight.abnormal'),
      align: 'right',
      render: (_, r) => num(r.abnormal, 'abnormal', r.divisionCode, true),
    },
    {
      title: t('dailyReport.oversight.zero'),
      align: 'right',
      render: (_, r) => num(r.zero, 'zero', r.divisionCode),
    },
    {
      title: t('dailyReport.oversight.completeness'),
      dataIndex: 'completeness',
      align: 'right',
      render: (v: number | null) => pct(v, locale),
    },
    {
      title: t('dailyReport.oversight.timeliness'),
      dataIndex: 'timeliness',
      align: 'right',
      render: (v: number | null) => pct(v, locale),
    },
  ];

  const drillColumns: TableColumnsType<EnterpriseDayStatus> = [
    {
      title: t('dailyReport.oversight.enterprise'),
      dataIndex: 'name',
      render: (v: string, r) => <Link to={`/enterprises/${r.enterpriseId}`}>{v}</Link>,
    },
    { title: t('dailyReport.oversight.uscc'), dataIndex: 'uscc', width: 200 },
    { title: t('dailyReport.oversight.district'), dataIndex: 'divisionName', width: 170 },
    {
      title: t('dailyReport.oversight.submission'),
      dataIndex: 'submission',
      width: 110,
      render: (v: SubmissionStatus) => (
        <StatusTag value={v} labels={SUBMISSION_STATUS_LABELS} colors={SUBMISSION_COLORS} />
      ),
    },
    {
      title: t('dailyReport.oversight.content'),
      dataIndex: 'content',
      width: 100,
      render: (v: EnterpriseDayStatus['content']) =>
        v ? <StatusTag value={v} labels={REPORT_CONTENT_LABELS} colors={CONTENT_COLORS} /> : '—',
    },
    {
      title: t('dailyReport.oversight.filedAt'),
      dataIndex: 'firstFiledAt',
      width: 170,
      render: (v: string | null, r) =>
        v
          ? `${formatDateTime(v)}${r.revision && r.revision > 1 ? ` · ${t('dailyReport.oversight.revisionN', { n: r.revision })}` : ''}`
          : '—',
    },
  ];

  const cards: { status: DrillStatus; title: string; danger?: boolean }[] = [
    { status: 'expected', title: t('dailyReport.oversight.expected') },
    { status: 'received', title: t('dailyReport.oversight.received') },
    { status: 'on_time', title: t('dailyReport.oversight.onTime') },
    { status: 'missing', title: t('dailyReport.oversight.missing'), danger: true },
    { status: 'late', title: t('dailyReport.oversight.late') },
    { status: 'abnormal', title: t('dailyReport.oversight.abnormal'), danger: true },
    { status: 'zero', title: t('dailyReport.oversight.zero') },
  ];

  return (
    <ListPage
      title={t('dailyReport.oversight.title')}
      actions={
        me.abilities.includes('dailyReport.chase') ? (
          <ChaseButton date={date} onResult={setChased} />
        ) : undefined
      }
      filters={
        <>
          <DatePicker
            allowClear={false}
            value={dayjs(date)}
            disabledDate={(d) => d.isAfter(dayjs(me.today), 'day')}
            onChange={(v) => update({ date: v ? v.format('YYYY-MM-DD') : undefined })}
            data-testid="completeness-date"
          />
          {me.role !== 'district' && (
            <DistrictSelect
              allowClear
              value={f.division}
              onChange={(v) => update({ division: v, in: undefined })}
              style={{ width: 160 }}
            />
          )}
        </>
      }
    >
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !data ? (
        <PageSpinner />
      ) : (
        <Flex vertical gap={16} data-testid="completeness">
          {chased && <ChaseOutcome result={chased} onClose={() => setChased(null)} />}
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('dailyReport.oversight.completeness')}
                  value={pct(data.total.completeness, locale)}
                  loading={isFetching}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('dailyReport.oversight.timeliness')}
                  value={pct(data.total.timeliness, locale)}
                  loading={isFetching}
                />
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card size="small">
                <Typography.Text type="secondary">
                  {t('dailyReport.oversight.deadlineHint', { date: data.date, deadline: data.deadline })}
                </Typography.Text>
              </Card>
            </Col>
            {cards.map((c) => {
              const n = counts(data.total)[c.status as keyof ReturnType<typeof counts>];
              return (
                <Col key={c.status} flex="1 1 130px">
                  <Card
                    size="small"
                    hoverable
                    onClick={() => open(c.status)}
                    data-testid={`total-${c.status}`}
                    style={drillStatus === c.status && !f.in ? { borderColor: '#1677ff' } : undefined}
                  >
                    <Statistic
                      title={c.title}
                      value={n}
                      loading={isFetching}
                      styles={{ content: { color: c.danger && n > 0 ? '#cf1322' : undefined } }}
                    />
                  </Card>
                </Col>
              );
            })}
          </Row>
          <Card
            size="small"
            title={byTown ? t('dailyReport.oversight.byTown') : t('dailyReport.oversight.byDistrict')}
            extra={
              f.division && me.role !== 'district' ? (
                <Button size="small" onClick={() => update({ division: undefined, in: undefined })}>
                  {t('dailyReport.oversight.allDistricts')}
                </Button>
              ) : undefined
            }
          >
            {data.byDivision.length > 0 && <EChart option={option} testId="completeness-chart" />}
            <ScrollX minWidth={900}>
              <Table<DivRow>
                rowKey="divisionCode"
                size="small"
                pagination={false}
                columns={columns}
                dataSource={data.byDivision}
              />
            </ScrollX>
          </Card>
          {drillStatus && (
            <Card
              size="small"
              data-testid="completeness-drill"
              title={t('dailyReport.oversight.drillTitle', {
                scope:
                  divisionName(f.in) ??
                  (f.division ? divisionName(f.division) : t('dailyReport.oversight.allScope')),
                status: t(`dailyReport.oversight.status.${drillStatus}`),
                count: drill.data?.total ?? 0,
              })}
              extra={
                <Button size="small" onClick={() => update({ status: undefined, in: undefined })}>
                  {t('dailyReport.oversight.closeDrill')}
                </Button>
              }
            >
              <Segmented<DrillStatus>
                style={{ marginBottom: 12 }}
                value={drillStatus}
                onChange={(v) => update({ status: v })}
                options={DRILL_STATUSES.map((s) => ({
                  value: s,
                  label: t(`dailyReport.oversight.status.${s}`),
                }))}
              />
              {drill.error ? (
                <ErrorState error={drill.error} onRetry={() => void drill.refetch()} />
              ) : (
                <ScrollX minWidth={820}>
                  <Table<EnterpriseDayStatus>
                    rowKey="enterpriseId"
                    size="small"
                    loading={drill.isFetching}
                    columns={drillColumns}
                    dataSource={drill.data?.items ?? []}
                    pagination={{
                      current: page,
                      pageSize: 20,
                      total: drill.data?.total ?? 0,
                      showSizeChanger: false,
                      onChange: (p) => update({ page: p }),
                    }}
                  />
                </ScrollX>
              )}
            </Card>
          )}
        </Flex>
      )}
    </ListPage>
  );
}

/** 催报: chases the day's non-filers now (the stages whose time has come) and says what was sent. */
function ChaseButton({ date, onResult }: { date: string; onResult: (r: ChaseResult) => void }) {
  const { t } = useTranslation();
  return (
    <ChaseConfirmButton
      chase={useChaseReports()}
      arg={date}
      onResult={onResult}
      title={t('dailyReport.chase.confirm', { date })}
      hint={t('dailyReport.chase.hint')}
      label={t('dailyReport.chase.button')}
      testId="chase-reports"
    />
  );
}

function ChaseOutcome({ result, onClose }: { result: ChaseResult; onClose: () => void }) {
  const { t } = useTranslation();
  const stageName = (s: string) => t(`dailyReport.chase.stages.${s}`);
  if (!result.stages.some((s) => s.due))
    return (
      <ChaseResultAlert
        type="info"
        onClose={onClose}
        title={t('dailyReport.chase.notDue', { date: result.date, deadline: result.deadline })}
      />
    );
  const notifications = result.stages.reduce((n, s) => n + s.notifications, 0);
  const outbox = result.stages.reduce((n, s) => n + s.outbox, 0);
  return (
    <ChaseResultAlert
      type="success"
      onClose={onClose}
      title={t('dailyReport.chase.done', {
        date: result.date,
        missing: result.missing,
        notifications,
        outbox,
      })}
      description={
        <Flex gap={4} wrap align="center">
          {result.stages.map((s) => (
            <Tag key={s.stage} color={s.due ? 'blue' : 'default'} data-testid={`chase-stage-${s.stage}`}>
              {s.due
                ? t('dailyReport.chase.stage', {
                    stage: stageName(s.stage),
                    count: s.notifications,
                    outbox: s.outbox,
                  })
                : t('dailyReport.chase.stageLater', {
                    stage: stageName(s.stage),
                    minutes: CHASE_STAGES.find((x) => x.stage === s.stage)?.afterMinutes ?? 0,
                  })}
            </Tag>
          ))}
          {notifications === 0 && result.missing > 0 && (
            <Typography.Text type="secondary">{t('dailyReport.chase.repeat')}</Typography.Text>
          )}
        </Flex>
      }
    />
  );
}
