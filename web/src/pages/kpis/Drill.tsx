import { ArrowLeftOutlined, DownloadOutlined, InfoCircleOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Input,
  Result,
  Row,
  Segmented,
  Statistic,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { SIZE_CLASS_LABELS, type SizeClass } from '../../../../shared/enums';
import { KPIS } from '../../../../shared/kpi';
import { toQueryString } from '../../api/client';
import { type KpiDrillRow, type KpiFigures, kpiDrillExportHref, useKpiDrill, useKpis } from '../../api/kpis';
import { useMe } from '../../auth';
import { PagedTable } from '../../components/PagedTable';
import { useLocale } from '../../i18n';
import { formatNumber, formatYuan } from '../../lib/format';
import { useUrlState } from '../../lib/useUrlState';
import { formatCount, isKpiKey, type KpiKey, partsOf, pct } from './figures';
import { KpiDefinition } from './KpiCard';

const KEYS = [
  'metric',
  'asOf',
  'division',
  'part',
  'section',
  'sizeClass',
  'from',
  'q',
  'page',
  'pageSize',
] as const;
type Part = 'numerator' | 'denominator';

/** The KPIs whose rows carry a value (and what it is weighed by). */
const VALUED = ['capacityReleaseRate', 'onDutyRate', 'hazardRectificationRate'] as const;
type Valued = (typeof VALUED)[number];
const isValued = (k: KpiKey): k is Valued => (VALUED as readonly string[]).includes(k);

/** How a row's `value` reads: capacity %, workers on site, days overdue. */
function rowValue(metric: Valued, v: number | null, locale: string): string {
  if (v === null) return '—';
  return metric === 'capacityReleaseRate' ? `${formatNumber(v, locale, 1)}%` : formatNumber(v, locale);
}

/**
 * /kpis/drill?metric=&asOf=&division=&part= — the rows behind one figure: every row of the
 * denominator (those counted in the numerator marked), or only the numerator's; searchable,
 * paged and exportable with the same filters.
 */
export default function Drill() {
  const { t } = useTranslation();
  const { label, locale } = useLocale();
  const me = useMe();
  const navigate = useNavigate();
  const { values: f, update } = useUrlState(KEYS);
  const metric = isKpiKey(f.metric) ? f.metric : undefined;
  const asOf = f.asOf ?? me.today;
  const part: Part = f.part === 'numerator' ? 'numerator' : 'denominator';
  const page = Number(f.page) || 1;
  const pageSize = Number(f.pageSize) || 20;
  const filters = {
    metric,
    asOf,
    division: f.division,
    part,
    section: f.section,
    sizeClass: f.sizeClass,
    from: f.from,
    q: f.q,
  };
  const rows = useKpiDrill({ ...filters, page, pageSize }, !!metric);
  const snapshot = useKpis({ asOf, division: f.division, from: f.from }, !!metric);

  if (!metric) {
    return (
      <Result
        status="warning"
        title={t('kpi.drill.noMetric')}
        extra={
          <Link to="/dashboard">
            <Button type="primary">{t('kpi.drill.toDashboard')}</Button>
          </Link>
        }
      />
    );
  }

  const s = snapshot.data;
  const figures: KpiFigures | undefined = !s
    ? undefined
    : f.section
      ? s.byIndustrySection.find((r) => r.section === f.section)
      : f.sizeClass
        ? s.bySize.find((r) => r.sizeClass === f.sizeClass)
        : s;
  const parts = figures ? partsOf(figures, metric) : undefined;
  const section = f.section ? s?.byIndustrySection.find((r) => r.section === f.section) : undefined;
  const hazards = metric === 'hazardRectificationRate';
  const def = KPIS[metric];

  const scopeText = [
    s?.divisionName ?? (f.division ? f.division : t('kpi.dashboard.wholeCity')),
    f.section
      ? `${f.section} ${section ? (locale === 'en' ? section.sectionNameEn : section.sectionName) : ''}`.trim()
      : null,
    f.sizeClass ? label(SIZE_CLASS_LABELS[f.sizeClass as SizeClass], f.sizeClass) : null,
  ]
    .filter(Boolean)
    .join(' · ');

  const columns: TableColumnsType<KpiDrillRow> = [
    {
      title: hazards ? t('kpi.drill.hazardOf') : t('kpi.drill.enterprise'),
      dataIndex: 'enterpriseName',
      render: (v: string, r) => (
        <Flex vertical gap={0}>
          <Link
            to={hazards ? `/hazards/${r.id}` : `/enterprises/${r.enterpriseId}`}
            data-testid="drill-row-link"
          >
            {v}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.uscc}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('kpi.drill.division'), dataIndex: 'divisionName', width: 170 },
    { title: t('kpi.drill.industry'), dataIndex: 'industryCode', width: 90 },
    {
      title: t('kpi.drill.size'),
      dataIndex: 'sizeClass',
      width: 80,
      render: (v: SizeClass) => label(SIZE_CLASS_LABELS[v], v),
    },
    {
      title: (
        <Tooltip title={label(def.numerator)}>
          {t('kpi.drill.included')} <InfoCircleOutlined />
        </Tooltip>
      ),
      dataIndex: 'included',
      width: 110,
      render: (v: boolean) =>
        v ? (
          <Tag color="green">{t('kpi.drill.inNumerator')}</Tag>
        ) : (
          <Tag>{t('kpi.drill.notInNumerator')}</Tag>
        ),
    },
    ...(isValued(metric)
      ? [
          {
            key: 'value',
            title: t(`kpi.drill.value.${metric}`),
            dataIndex: 'value',
            align: 'right' as const,
            width: 110,
            render: (v: number | null) => rowValue(metric, v, locale),
          },
        ]
      : []),
    ...(metric === 'capacityReleaseRate' || metric === 'onDutyRate'
      ? [
          {
            key: 'weight',
            title: t(`kpi.drill.weight.${metric}`),
            dataIndex: 'weight',
            align: 'right' as const,
            width: 130,
            render: (v: number | null) =>
              v === null
                ? '—'
                : metric === 'capacityReleaseRate'
                  ? formatYuan(v, locale)
                  : formatNumber(v, locale),
          },
        ]
      : []),
    { title: t('kpi.drill.detail'), dataIndex: 'detail', render: (v: string | null) => v ?? '—' },
    {
      title: t(`kpi.drill.date.${metric}`),
      dataIndex: 'date',
      width: 110,
      render: (v: string | null) => v ?? '—',
    },
  ];

  return (
    <Flex vertical gap={16} data-testid="kpi-drill">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex align="center" gap={8} style={{ minWidth: 0 }}>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label={t('common.back')}
            onClick={() =>
              navigate(`/dashboard${toQueryString({ asOf: asOf === me.today ? undefined : asOf })}`)
            }
          />
          <Typography.Title level={4} style={{ margin: 0 }}>
            {label(def.label)}
            <Typography.Text type="secondary" style={{ fontSize: 14, marginInlineStart: 8 }}>
              {t('kpi.drill.title')}
            </Typography.Text>
          </Typography.Title>
          <Tooltip title={<KpiDefinition metric={metric} />}>
            <InfoCircleOutlined style={{ color: '#8c8c8c' }} />
          </Tooltip>
        </Flex>
        <Button
          icon={<DownloadOutlined />}
          href={kpiDrillExportHref(filters)}
          download
          data-testid="drill-export"
        >
          {t('kpi.export.xlsx')}
        </Button>
      </Flex>

      <Card size="small">
        <Row gutter={[16, 12]} align="middle">
          <Col xs={24} md={10}>
            <Descriptions
              size="small"
              column={1}
              items={[
                {
                  key: 'asOf',
                  label: t('kpi.drill.asOf'),
                  children: (
                    <DatePicker
                      size="small"
                      allowClear={false}
                      value={dayjs(asOf)}
                      disabledDate={(d) => d.isAfter(dayjs(me.today), 'day')}
                      onChange={(v) => v && update({ asOf: v.format('YYYY-MM-DD') })}
                      data-testid="drill-date"
                    />
                  ),
                },
                {
                  key: 'scope',
                  label: t('kpi.drill.scope'),
                  children: <span data-testid="drill-scope">{scopeText}</span>,
                },
                {
                  key: 'def',
                  label: t('kpi.definition'),
                  children: <Typography.Text type="secondary">{label(def.definition)}</Typography.Text>,
                },
              ]}
            />
          </Col>
          <Col xs={8} md={4}>
            <Statistic
              title={label(def.label)}
              value={figures ? pct(figures[metric], locale) : '…'}
              data-testid="drill-rate"
            />
          </Col>
          <Col xs={8} md={5}>
            <Statistic
              title={label(def.numerator)}
              value={parts ? formatCount(parts.numerator, parts.unit, locale) : '…'}
              data-testid="drill-numerator"
            />
          </Col>
          <Col xs={8} md={5}>
            <Statistic
              title={label(def.denominator)}
              value={parts ? formatCount(parts.denominator, parts.unit, locale) : '…'}
              data-testid="drill-denominator"
            />
          </Col>
        </Row>
      </Card>

      <Card size="small">
        <Flex vertical gap={12}>
          <Flex gap={8} wrap align="center" justify="space-between">
            <Segmented<Part>
              value={part}
              onChange={(v) => update({ part: v })}
              data-testid="drill-part"
              options={[
                { value: 'denominator', label: `${t('kpi.denominator')} · ${label(def.denominator)}` },
                { value: 'numerator', label: `${t('kpi.numerator')} · ${label(def.numerator)}` },
              ]}
            />
            <Input.Search
              allowClear
              defaultValue={f.q}
              placeholder={t('kpi.drill.search')}
              onSearch={(v) => update({ q: v.trim() || undefined })}
              style={{ width: 260 }}
              data-testid="drill-search"
            />
          </Flex>
          <PagedTable<KpiDrillRow>
            query={rows}
            columns={columns}
            rowKey="id"
            size="small"
            page={page}
            pageSize={pageSize}
            showSizeChanger
            pageSizeOptions={[20, 50, 100, 200]}
            onPage={(p, ps) => update({ page: p, pageSize: ps === 20 ? undefined : ps })}
            minWidth={900}
            data-testid="drill-table"
          />
        </Flex>
      </Card>
    </Flex>
  );
}
