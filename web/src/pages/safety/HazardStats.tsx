import { Card, Col, DatePicker, Flex, Row, Statistic, Table, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { HAZARD_LINE_LABELS, HAZARD_LINES } from '../../../../shared/enums';
import { toQueryString } from '../../api/client';
import { useHazardStats } from '../../api/safety';
import type { HazardStats as Stats } from '../../api/types';
import { EnumSelect } from '../../components/EnumSelect';
import { ErrorState } from '../../components/ErrorPages';
import { ListPage, ScrollX } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { DistrictSelect } from '../../components/ReferenceSelects';
import { useLocale } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { useUrlState } from '../../lib/useUrlState';
import { barSeries, EChart, type EChartOption } from './EChart';

type Bucket = Stats['byDivision'][number];
const FILTER_KEYS = ['from', 'to', 'division', 'line'] as const;

const pct = (r: number | null, locale: string) => (r === null ? '—' : `${formatNumber(r * 100, locale, 1)}%`);

/** /hazards/stats — found, closed, rectification rate and overdue by district and line, with drill-down. */
export default function HazardStats() {
  const { t } = useTranslation();
  const { label, locale } = useLocale();
  const { values: f, update } = useUrlState(FILTER_KEYS);
  const { data, error, isFetching, refetch } = useHazardStats({
    from: f.from,
    to: f.to,
    division: f.division,
    line: f.line,
  });

  /** The hazard list behind a bucket: same window and filters, plus the bucket's own key. */
  const drill = (extra: Record<string, string | undefined>) =>
    `/hazards${toQueryString({ from: f.from, to: f.to, division: f.division, line: f.line, ...extra })}`;

  const option = useMemo<EChartOption>(() => {
    const rows = data?.byDivision ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 40, top: 36, bottom: 60 },
      xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: 30, interval: 0 } },
      yAxis: [
        { type: 'value' },
        { type: 'value', max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        barSeries(
          t('hazardStats.found'),
          rows.map((r) => r.found),
          '#1677ff',
          36,
        ),
        barSeries(
          t('hazardStats.closed'),
          rows.map((r) => r.closed),
          '#52c41a',
          36,
        ),
        barSeries(
          t('hazardStats.overdue'),
          rows.map((r) => r.overdue),
          '#ff4d4f',
          36,
        ),
        {
          name: t('hazardStats.rate'),
          type: 'line',
          yAxisIndex: 1,
          data: rows.map((r) =>
            r.rectificationRate === null ? null : Math.round(r.rectificationRate * 1000) / 10,
          ),
          itemStyle: { color: '#faad14' },
        },
      ],
    };
  }, [data, t]);

  const columns = (drillKey: 'division' | 'line'): TableColumnsType<Bucket> => [
    {
      title: t('hazardStats.name'),
      dataIndex: 'name',
      render: (_, r) =>
        // Enterprises with no town recorded have no division to drill down to.
        r.key === '' ? (
          r.name
        ) : (
          <Link to={drill({ [drillKey]: r.key })} data-testid={`drill-${r.key}`}>
            {drillKey === 'line' ? label(HAZARD_LINE_LABELS[r.key as 'epidemic' | 'safety'], r.name) : r.name}
          </Link>
        ),
    },
    {
      title: t('hazardStats.found'),
      dataIndex: 'found',
      align: 'right',
      render: (v: number) => formatNumber(v, locale),
    },
    {
      title: t('hazardStats.closed'),
      dataIndex: 'closed',
      align: 'right',
      render: (v: number) => formatNumber(v, locale),
    },
    {
      title: t('hazardStats.rate'),
      dataIndex: 'rectificationRate',
      align: 'right',
      render: (v: number | null) => pct(v, locale),
    },
    {
      title: t('hazardStats.overdue'),
      dataIndex: 'overdue',
      align: 'right',
      render: (v: number, r) =>
        v > 0 && r.key !== '' ? (
          <Link to={drill({ [drillKey]: r.key, overdue: 'true' })}>{formatNumber(v, locale)}</Link>
        ) : (
          formatNumber(v, locale)
        ),
    },
  ];

  return (
    <ListPage
      title={t('hazardStats.title')}
      filters={
        <>
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            value={[f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null]}
            onChange={(v) => update({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
            placeholder={[t('hazard.list.foundFrom'), t('hazard.list.foundTo')]}
            style={{ width: 260 }}
          />
          <DistrictSelect
            allowClear
            value={f.division}
            onChange={(v) => update({ division: v })}
            style={{ width: 160 }}
          />
          <EnumSelect
            values={HAZARD_LINES}
            labels={HAZARD_LINE_LABELS}
            placeholder={t('hazard.fields.line')}
            value={f.line}
            onChange={(v) => update({ line: v })}
            style={{ width: 140 }}
          />
        </>
      }
    >
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !data ? (
        <PageSpinner />
      ) : (
        <Flex vertical gap={16} data-testid="hazard-stats">
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Link to={drill({})}>
                  <Statistic title={t('hazardStats.found')} value={data.found} loading={isFetching} />
                </Link>
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Link to={drill({ status: 'closed' })}>
                  <Statistic title={t('hazardStats.closed')} value={data.closed} loading={isFetching} />
                </Link>
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('hazardStats.rate')}
                  value={pct(data.rectificationRate, locale)}
                  loading={isFetching}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Link to={drill({ overdue: 'true' })}>
                  <Statistic
                    title={t('hazardStats.overdue')}
                    value={data.overdue}
                    styles={{ content: { color: data.overdue ? '#cf1322' : undefined } }}
                    loading={isFetching}
                  />
                </Link>
              </Card>
            </Col>
          </Row>
          <Card
            size="small"
            title={data.divisionLevel === 'town' ? t('hazardStats.byTown') : t('hazardStats.byDivision')}
            data-testid="stats-by-division"
          >
            <EChart option={option} testId="stats-chart" />
            <ScrollX minWidth={560}>
              <Table<Bucket>
                rowKey="key"
                size="small"
                pagination={false}
                columns={columns('division')}
                dataSource={data.byDivision}
              />
            </ScrollX>
          </Card>
          <Card size="small" title={t('hazardStats.byLine')}>
            <ScrollX minWidth={560}>
              <Table<Bucket>
                rowKey="key"
                size="small"
                pagination={false}
                columns={columns('line')}
                dataSource={data.byLine}
              />
            </ScrollX>
          </Card>
        </Flex>
      )}
    </ListPage>
  );
}
