import { ArrowDownOutlined, ArrowUpOutlined, InfoCircleOutlined, MinusOutlined } from '@ant-design/icons';
import { Card, Flex, Progress, Skeleton, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { KPIS } from '../../../../shared/kpi';
import type { KpiFigures } from '../../api/kpis';
import { useLocale } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { deltaPoints, drillHref, formatCount, type KpiKey, partsOf, pct, targetColor } from './figures';

/** The definition of a KPI in words, with its numerator and denominator (from shared/kpi.ts). */
export function KpiDefinition({ metric }: { metric: KpiKey }) {
  const { t } = useTranslation();
  const { label } = useLocale();
  const k = KPIS[metric];
  return (
    <div style={{ maxWidth: 360 }}>
      <div style={{ fontWeight: 600, marginBottom: 4 }}>{label(k.label)}</div>
      <div>{label(k.definition)}</div>
      <div style={{ marginTop: 4, opacity: 0.85 }}>
        {t('kpi.numerator')}: {label(k.numerator)} · {t('kpi.denominator')}: {label(k.denominator)}
      </div>
    </div>
  );
}

/** ↑ 1.2 points / ↓ 0.4 points / — since the day before. */
export function Delta({ points }: { points: number | null }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  if (points === null) return <Typography.Text type="secondary">{t('kpi.card.noChange')}</Typography.Text>;
  const rounded = Math.round(points * 10) / 10;
  const icon = rounded > 0 ? <ArrowUpOutlined /> : rounded < 0 ? <ArrowDownOutlined /> : <MinusOutlined />;
  const color = rounded > 0 ? '#389e0d' : rounded < 0 ? '#cf1322' : undefined;
  return (
    <Tooltip title={t('kpi.card.sinceYesterday')}>
      <span style={{ color, whiteSpace: 'nowrap' }} data-testid="kpi-delta">
        {icon} {t('kpi.card.points', { n: formatNumber(Math.abs(rounded), locale, 1) })}
      </span>
    </Tooltip>
  );
}

/**
 * One headline KPI: the rate against its target, the change since the day before, its numerator and
 * denominator; every number opens the rows behind it.
 */
export function KpiCard({
  metric,
  figures,
  previous,
  target,
  asOf,
  division,
  loading,
  extra,
}: {
  metric: KpiKey;
  figures: KpiFigures;
  previous?: KpiFigures;
  target: number | null | undefined;
  asOf: string;
  division?: string | null;
  loading?: boolean;
  /** More figures under the numerator/denominator line (e.g. overdue hazards). */
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const { label, locale } = useLocale();
  const value = figures[metric];
  const { numerator, denominator, unit } = partsOf(figures, metric);
  const color = targetColor(value, target);
  const href = (part: 'numerator' | 'denominator') => drillHref({ metric, asOf, division, part });
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={`kpi-card-${metric}`}>
      <Flex vertical gap={4}>
        <Flex justify="space-between" align="center" gap={4}>
          <Typography.Text
            type="secondary"
            ellipsis={{ tooltip: label(KPIS[metric].label) }}
            style={{ minWidth: 0 }}
            data-testid={`kpi-title-${metric}`}
          >
            {label(KPIS[metric].label)}
          </Typography.Text>
          <Tooltip title={<KpiDefinition metric={metric} />}>
            <InfoCircleOutlined style={{ color: '#8c8c8c' }} aria-label={t('kpi.definition')} />
          </Tooltip>
        </Flex>
        {loading && !figures ? (
          <Skeleton active paragraph={false} />
        ) : (
          <Flex justify="space-between" align="baseline" gap={8} wrap>
            <Link to={href('denominator')} data-testid={`kpi-value-${metric}`}>
              <span style={{ fontSize: 28, fontWeight: 600, color: color ?? 'inherit', lineHeight: 1.2 }}>
                {pct(value, locale)}
              </span>
            </Link>
            <Delta points={deltaPoints(value, previous?.[metric])} />
          </Flex>
        )}
        {target !== null && target !== undefined ? (
          <Tooltip title={t('kpi.card.targetHint', { target: pct(target, locale, 0) })}>
            <Flex align="center" gap={8}>
              <Progress
                percent={value === null ? 0 : Math.min(100, (value / target) * 100)}
                showInfo={false}
                size="small"
                strokeColor={color}
                style={{ margin: 0, flex: 1 }}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {t('kpi.card.target', { target: pct(target, locale, 0) })}
              </Typography.Text>
            </Flex>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('kpi.card.noTarget')}
          </Typography.Text>
        )}
        <Typography.Text style={{ fontSize: 12 }}>
          <Tooltip title={label(KPIS[metric].numerator)}>
            <Link to={href('numerator')} data-testid={`kpi-num-${metric}`}>
              {formatCount(numerator, unit, locale)}
            </Link>
          </Tooltip>
          {' / '}
          <Tooltip title={label(KPIS[metric].denominator)}>
            <Link to={href('denominator')} data-testid={`kpi-den-${metric}`}>
              {formatCount(denominator, unit, locale)}
            </Link>
          </Tooltip>
          {extra}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
