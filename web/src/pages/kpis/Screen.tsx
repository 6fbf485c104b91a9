import {
  CloseOutlined,
  FullscreenExitOutlined,
  FullscreenOutlined,
  PauseOutlined,
  PlayCircleOutlined,
} from '@ant-design/icons';
import { type CSSProperties, type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { KPI_COUNT_LABELS, KPIS } from '../../../../shared/kpi';
import { type KpiSnapshot, useKpiSeries, useKpiStream, useKpis } from '../../api/kpis';
import { useAlerts, useDayStatus } from '../../api/report-oversight';
import { useMe } from '../../auth';
import { useLocale } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { EChart, type EChartOption } from '../safety/EChart';
import {
  asPct,
  deltaPoints,
  formatCount,
  type KpiKey,
  meetsTarget,
  partsOf,
  pct,
  trendFrom,
} from './figures';
import { serverTime, useClockSkew, useTicking } from './live';

/** The canvas the wall layout is drawn for; larger screens scale it up, smaller down. */
const W = 1920;
const H = 1080;
const ROTATE_MS = 20_000;
export const SCREEN_PANELS = ['overview', 'ranking', 'reports', 'safety'] as const;
type PanelKey = (typeof SCREEN_PANELS)[number];
const HEADLINE: KpiKey[] = [
  'resumptionRate',
  'capacityReleaseRate',
  'smeResumptionRate',
  'onDutyRate',
  'reportCompleteness',
  'hazardRectificationRate',
];

const C = {
  bg: '#020c24',
  panel: 'rgba(8, 32, 74, 0.55)',
  border: '#1c4a8c',
  text: '#e6f0ff',
  dim: '#8fa8cc',
  accent: '#3ba0ff',
  good: '#3ddc84',
  bad: '#ff5b5b',
  warn: '#ffb648',
  series: ['#3ba0ff', '#ffb648', '#3ddc84', '#b37feb', '#ff5b5b'],
};
const TREND_COLORS = [C.series[0], C.series[1]];
const TREND_KEYS: KpiKey[] = ['resumptionRate', 'capacityReleaseRate'];
const RANK_KEYS: KpiKey[] = ['resumptionRate', 'capacityReleaseRate', 'reportCompleteness'];

/** The scale that fits the 1920×1080 canvas into the window, and the offsets that centre it. */
function useFit() {
  const measure = useCallback(() => {
    const s = Math.min(window.innerWidth / W, window.innerHeight / H);
    return { scale: s, left: (window.innerWidth - W * s) / 2, top: (window.innerHeight - H * s) / 2 };
  }, []);
  const [fit, setFit] = useState(measure);
  useEffect(() => {
    const on = () => setFit(measure());
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, [measure]);
  return fit;
}

/** A chart on the dark wall: transparent over the panel, rendered for the scaled size. */
function WallChart({
  option,
  height,
  testId,
  ratio,
}: {
  option: EChartOption;
  height: number | string;
  testId?: string;
  ratio: number;
}) {
  return <EChart option={option} height={height} theme="dark" testId={testId} pixelRatio={ratio} />;
}

const axisText = { color: C.dim, fontSize: 18 };
/**
 * Category labels that break onto more lines (long district names): `px` is about the width of
 * the plot, so each label gets its category's share.
 */
const wrapLabel = (n: number, px: number) => ({
  ...axisText,
  interval: 0,
  width: Math.max(48, Math.min(130, Math.floor(px / Math.max(1, n)) - 10)),
  overflow: 'break',
  lineHeight: 22,
});
/** The frame of a wall bar chart: transparent, a shadow tooltip, the legend on top. */
const wallBars = (legendSize: number) => ({
  backgroundColor: 'transparent',
  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
  legend: { top: 0, textStyle: { color: C.text, fontSize: legendSize } },
});
const splitLine = { lineStyle: { color: 'rgba(143,168,204,0.15)' } };

/**
 * /screen — the big screen (数据大屏) for the command-centre wall: a dark 1920×1080 canvas scaled
 * to any screen (3840×2160 included), no menu, large type; headline KPIs on top and four panels
 * rotating every 20 s (city overview, ranking of divisions, reports and alerts, safety). It follows
 * the KPI stream, so the wall updates without a reload and reconnects after a server restart.
 */
export default function Screen() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const division = me.role === 'district' ? undefined : (params.get('division') ?? undefined);
  const asOf = params.get('asOf') ?? me.today;
  const fit = useFit();
  const ratio = (window.devicePixelRatio || 1) * fit.scale;

  const initial = SCREEN_PANELS.indexOf(params.get('panel') as PanelKey);
  const [index, setIndex] = useState(Math.max(initial, 0));
  const [paused, setPaused] = useState(params.get('rotate') === 'off');
  const [full, setFull] = useState(!!document.fullscreenElement);

  const snapshot = useKpis({ asOf, division });
  const stream = useKpiStream(division);
  const data = snapshot.data;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the 20 s restart whenever the panel changes (by hand or by itself)
  useEffect(() => {
    if (paused) return;
    const id = setTimeout(() => setIndex((i) => (i + 1) % SCREEN_PANELS.length), ROTATE_MS);
    return () => clearTimeout(id);
  }, [index, paused]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowRight') setIndex((i) => (i + 1) % SCREEN_PANELS.length);
      if (e.key === 'ArrowLeft') setIndex((i) => (i + SCREEN_PANELS.length - 1) % SCREEN_PANELS.length);
      if (e.key === ' ') setPaused((p) => !p);
    };
    const onFull = () => setFull(!!document.fullscreenElement);
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFull);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFull);
    };
  }, []);

  const panel = SCREEN_PANELS[index];
  const pick = (i: number) => {
    setIndex(i);
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('panel', SCREEN_PANELS[i]);
        return next;
      },
      { replace: true },
    );
  };

  return (
    <div
      data-testid="screen-root"
      style={{ position: 'fixed', inset: 0, background: C.bg, overflow: 'hidden', color: C.text }}
    >
      <div
        data-testid="screen"
        data-panel={panel}
        style={{
          position: 'absolute',
          width: W,
          height: H,
          left: fit.left,
          top: fit.top,
          transform: `scale(${fit.scale})`,
          transformOrigin: '0 0',
          background: `radial-gradient(ellipse at 50% 0%, #0b2a5c 0%, ${C.bg} 60%)`,
          fontFamily: '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", system-ui, sans-serif',
          display: 'flex',
          flexDirection: 'column',
          padding: '0 28px 20px',
          boxSizing: 'border-box',
          gap: 16,
        }}
      >
        <Header
          title={
            data?.divisionName ? t('kpi.screen.titleOf', { name: data.divisionName }) : t('kpi.screen.title')
          }
          asOf={asOf}
          state={stream.state}
          updatedAt={snapshot.dataUpdatedAt}
        />
        {data ? (
          <>
            <Headline data={data} />
            <div
              style={{ flex: 1, minHeight: 0, position: 'relative' }}
              data-testid={`screen-panel-${panel}`}
            >
              {panel === 'overview' && (
                <OverviewPanel data={data} asOf={asOf} division={division} ratio={ratio} />
              )}
              {panel === 'ranking' && <RankingPanel data={data} ratio={ratio} />}
              {panel === 'reports' && (
                <ReportsPanel data={data} asOf={asOf} division={division} ratio={ratio} />
              )}
              {panel === 'safety' && <SafetyPanel data={data} ratio={ratio} />}
            </div>
          </>
        ) : (
          <div style={{ flex: 1, display: 'grid', placeItems: 'center', fontSize: 32, color: C.dim }}>
            {snapshot.error ? t('kpi.screen.error') : t('common.loading')}
          </div>
        )}
        <footer
          style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', height: 40 }}
        >
          <div style={{ display: 'flex', gap: 12 }}>
            {SCREEN_PANELS.map((p, i) => (
              <button
                type="button"
                key={p}
                onClick={() => pick(i)}
                data-testid={`screen-tab-${p}`}
                style={{
                  ...buttonStyle,
                  borderColor: i === index ? C.accent : C.border,
                  background: i === index ? 'rgba(59,160,255,0.25)' : 'transparent',
                  color: i === index ? C.text : C.dim,
                }}
              >
                {t(`kpi.screen.panel.${p}`)}
              </button>
            ))}
          </div>
          <div style={{ color: C.dim, fontSize: 16 }}>
            {index + 1} / {SCREEN_PANELS.length}
            {' · '}
            {paused ? t('kpi.screen.paused') : t('kpi.screen.rotating', { s: ROTATE_MS / 1000 })}
            {' · '}
            {t('kpi.screen.keys')}
          </div>
          <div style={{ display: 'flex', gap: 8 }}>
            <button
              type="button"
              style={buttonStyle}
              onClick={() => setPaused((p) => !p)}
              aria-label={paused ? t('kpi.screen.play') : t('kpi.screen.pause')}
            >
              {paused ? <PlayCircleOutlined /> : <PauseOutlined />}
            </button>
            <button
              type="button"
              style={buttonStyle}
              aria-label={t('kpi.screen.fullscreen')}
              onClick={() =>
                document.fullscreenElement
                  ? void document.exitFullscreen()
                  : void document.documentElement.requestFullscreen?.()
              }
            >
              {full ? <FullscreenExitOutlined /> : <FullscreenOutlined />}
            </button>
            <button
              type="button"
              style={buttonStyle}
              aria-label={t('kpi.screen.exit')}
              onClick={() => navigate('/dashboard')}
              data-testid="screen-exit"
            >
              <CloseOutlined /> {t('kpi.screen.exit')}
            </button>
          </div>
        </footer>
      </div>
    </div>
  );
}

const buttonStyle: CSSProperties = {
  border: `1px solid ${C.border}`,
  background: 'transparent',
  color: C.dim,
  fontSize: 18,
  padding: '4px 16px',
  borderRadius: 4,
  cursor: 'pointer',
};

function Header({
  title,
  asOf,
  state,
  updatedAt,
}: {
  title: string;
  asOf: string;
  state: 'connecting' | 'live' | 'reconnecting';
  updatedAt: number;
}) {
  const { t } = useTranslation();
  const skew = useClockSkew();
  const now = useTicking(1000);
  const stateColor = state === 'live' ? C.good : state === 'reconnecting' ? C.warn : C.dim;
  return (
    <header
      style={{
        height: 96,
        display: 'grid',
        gridTemplateColumns: '1fr auto 1fr',
        alignItems: 'center',
        borderBottom: `2px solid ${C.border}`,
        boxShadow: `0 6px 24px -12px ${C.accent}`,
      }}
    >
      <div style={{ fontSize: 22, color: C.dim }}>
        <div>{t('kpi.screen.asOf', { date: asOf })}</div>
        <div style={{ fontSize: 18 }}>{t('app.subtitle')}</div>
      </div>
      <h1
        style={{
          margin: 0,
          fontSize: 46,
          fontWeight: 700,
          letterSpacing: 6,
          color: C.text,
          textShadow: `0 0 18px ${C.accent}`,
        }}
        data-testid="screen-title"
      >
        {title}
      </h1>
      <div style={{ textAlign: 'right' }}>
        <div
          style={{ fontSize: 40, fontVariantNumeric: 'tabular-nums', fontWeight: 600, letterSpacing: 2 }}
          data-testid="screen-clock"
        >
          {serverTime(now, skew)}
        </div>
        <div style={{ fontSize: 20, color: stateColor }} data-testid="live-mark" data-state={state}>
          ●{' '}
          {state === 'reconnecting'
            ? t('kpi.live.reconnecting')
            : state === 'connecting'
              ? t('kpi.live.connecting')
              : t('kpi.live.live')}
          {updatedAt > 0 && (
            <span style={{ color: C.dim }}>
              {' · '}
              {t('kpi.live.updated', { time: serverTime(updatedAt, skew) })}
            </span>
          )}
        </div>
      </div>
    </header>
  );
}

function Box({
  title,
  children,
  style,
  testId,
}: {
  title?: ReactNode;
  children: ReactNode;
  style?: CSSProperties;
  testId?: string;
}) {
  return (
    <section
      data-testid={testId}
      style={{
        background: C.panel,
        border: `1px solid ${C.border}`,
        borderRadius: 6,
        padding: '14px 20px',
        display: 'flex',
        flexDirection: 'column',
        minHeight: 0,
        minWidth: 0,
        boxShadow: 'inset 0 0 32px rgba(59,160,255,0.08)',
        ...style,
      }}
    >
      {title && (
        <h2
          style={{
            margin: '0 0 8px',
            fontSize: 24,
            fontWeight: 600,
            color: C.text,
            borderInlineStart: `4px solid ${C.accent}`,
            paddingInlineStart: 10,
          }}
        >
          {title}
        </h2>
      )}
      <div style={{ flex: 1, minHeight: 0, position: 'relative' }}>{children}</div>
    </section>
  );
}

/** Six headline figures, each against its target with the change since the day before. */
function Headline({ data }: { data: KpiSnapshot }) {
  const { t } = useTranslation();
  const { label, locale } = useLocale();
  return (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: `repeat(${HEADLINE.length}, 1fr)`,
        gap: 16,
        height: 178,
      }}
    >
      {HEADLINE.map((k) => {
        const v = data[k];
        const target = data.targets[k];
        const d = deltaPoints(v, data.previous[k]);
        const rounded = d === null ? null : Math.round(d * 10) / 10;
        const { numerator, denominator, unit } = partsOf(data, k);
        const met = meetsTarget(v, target);
        const color = met === null ? C.text : met ? C.good : C.bad;
        return (
          <Box key={k} style={{ padding: '12px 18px' }} testId={`screen-kpi-${k}`}>
            <div
              style={{
                fontSize: 21,
                color: C.dim,
                whiteSpace: 'nowrap',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
              }}
            >
              {label(KPIS[k].label)}
            </div>
            <div
              style={{
                fontSize: 60,
                fontWeight: 700,
                color,
                lineHeight: 1.15,
                fontVariantNumeric: 'tabular-nums',
              }}
              data-testid={`screen-value-${k}`}
            >
              {pct(v, locale)}
            </div>
            <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 18, color: C.dim }}>
              <span>
                {target === null || target === undefined
                  ? t('kpi.card.noTarget')
                  : t('kpi.card.target', { target: pct(target, locale, 0) })}
              </span>
              <span
                style={{ color: rounded === null || rounded === 0 ? C.dim : rounded > 0 ? C.good : C.bad }}
              >
                {rounded === null
                  ? '—'
                  : `${rounded > 0 ? '▲' : rounded < 0 ? '▼' : '■'} ${formatNumber(Math.abs(rounded), locale, 1)}`}
              </span>
            </div>
            <div
              style={{
                fontSize: 16,
                color: C.dim,
                whiteSpace: 'nowrap',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
              }}
            >
              {formatCount(numerator, unit, locale)} / {formatCount(denominator, unit, locale)}
            </div>
          </Box>
        );
      })}
    </div>
  );
}

/** What the panels with a date and a district get. */
interface PanelProps {
  data: KpiSnapshot;
  asOf: string;
  division?: string;
  ratio: number;
}

function OverviewPanel({ data, asOf, division, ratio }: PanelProps) {
  const { t } = useTranslation();
  const { label, locale } = useLocale();
  const from = trendFrom(asOf);
  const resumption = useKpiSeries({ metric: 'resumptionRate', from, to: asOf, division });
  const capacity = useKpiSeries({ metric: 'capacityReleaseRate', from, to: asOf, division });
  const trend = useMemo<EChartOption>(() => {
    const points = [resumption.data ?? [], capacity.data ?? []];
    return {
      backgroundColor: 'transparent',
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: C.text, fontSize: 20 }, itemWidth: 28, itemHeight: 14 },
      grid: { left: 64, right: 90, top: 48, bottom: 40 },
      xAxis: {
        type: 'category',
        boundaryGap: false,
        data: (points[0].length ? points[0] : points[1]).map((p) => p.date.slice(5)),
        axisLabel: axisText,
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: 100,
        axisLabel: { ...axisText, formatter: '{value}%' },
        splitLine,
      },
      series: TREND_KEYS.map((k, i) => {
        const target = data.targets[k];
        return {
          name: label(KPIS[k].label),
          type: 'line',
          smooth: true,
          symbolSize: 6,
          lineStyle: { width: 4 },
          itemStyle: { color: TREND_COLORS[i] },
          data: points[i].map((p) => asPct(p.value)),
          markLine:
            target === null || target === undefined
              ? undefined
              : {
                  silent: true,
                  symbol: 'none',
                  lineStyle: { type: 'dashed', color: TREND_COLORS[i], width: 2 },
                  label: {
                    color: TREND_COLORS[i],
                    fontSize: 18,
                    formatter: t('kpi.chart.targetLine', { value: pct(target, locale, 0) }),
                  },
                  data: [{ yAxis: asPct(target) }],
                },
        };
      }),
    };
  }, [resumption.data, capacity.data, data.targets, label, locale, t]);

  const gauge = (k: KpiKey, color: string): EChartOption => ({
    backgroundColor: 'transparent',
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        startAngle: 200,
        endAngle: -20,
        radius: '118%',
        center: ['50%', '68%'],
        progress: { show: true, width: 26, itemStyle: { color } },
        axisLine: { lineStyle: { width: 26, color: [[1, 'rgba(143,168,204,0.18)']] } },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        pointer: { show: false },
        anchor: { show: false },
        title: { show: true, offsetCenter: [0, '30%'], color: C.dim, fontSize: 22 },
        detail: {
          valueAnimation: true,
          offsetCenter: [0, '-8%'],
          fontSize: 60,
          fontWeight: 700,
          color: C.text,
          formatter: (v: number) => (data[k] === null ? '—' : `${formatNumber(v, locale, 1)}%`),
        },
        data: [{ value: asPct(data[k]) ?? 0, name: label(KPIS[k].label) }],
      },
    ],
  });

  return (
    <div style={{ display: 'grid', gridTemplateColumns: '1.75fr 1fr', gap: 16, height: '100%' }}>
      <Box title={t('kpi.screen.trend')}>
        <WallChart option={trend} height="100%" testId="screen-trend" ratio={ratio} />
      </Box>
      <div style={{ display: 'grid', gridTemplateRows: '1fr 1fr', gap: 16, minHeight: 0 }}>
        <Box>
          <WallChart
            option={gauge('resumptionRate', C.series[0])}
            height="100%"
            testId="screen-gauge-resumption"
            ratio={ratio}
          />
        </Box>
        <Box>
          <WallChart
            option={gauge('capacityReleaseRate', C.series[1])}
            height="100%"
            testId="screen-gauge-capacity"
            ratio={ratio}
          />
        </Box>
      </div>
    </div>
  );
}

function RankingPanel({ data, ratio }: { data: KpiSnapshot; ratio: number }) {
  const { t } = useTranslation();
  const { label, locale } = useLocale();
  const rows = useMemo(
    () => [...data.byDivision].sort((a, b) => (b.resumptionRate ?? -1) - (a.resumptionRate ?? -1)),
    [data.byDivision],
  );
  const option = useMemo<EChartOption>(
    () => ({
      ...wallBars(20),
      grid: { left: 56, right: 56, top: 48, bottom: 70 },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.divisionName),
        axisLabel: wrapLabel(rows.length, 960),
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: 100,
        axisLabel: { ...axisText, formatter: '{value}%' },
        splitLine,
      },
      series: RANK_KEYS.map((k, i) => ({
        name: label(KPIS[k].label),
        type: 'bar',
        barMaxWidth: 30,
        itemStyle: { color: C.series[i] },
        data: rows.map((r) => asPct(r[k])),
        markLine:
          data.targets[k] === null || i > 0
            ? undefined
            : {
                silent: true,
                symbol: 'none',
                lineStyle: { type: 'dashed', color: C.series[i], width: 2 },
                label: { color: C.series[i], fontSize: 16, formatter: pct(data.targets[k], locale, 0) },
                data: [{ yAxis: asPct(data.targets[k]) }],
              },
      })),
    }),
    [rows, data.targets, label, locale],
  );
  const cell: CSSProperties = { padding: '8px 10px', textAlign: 'right', fontVariantNumeric: 'tabular-nums' };
  return (
    <div style={{ display: 'grid', gridTemplateColumns: '1.25fr 1fr', gap: 16, height: '100%' }}>
      <Box title={t('kpi.screen.rankingChart')}>
        <WallChart option={option} height="100%" testId="screen-ranking-chart" ratio={ratio} />
      </Box>
      <Box title={t('kpi.screen.rankingTable')}>
        <table
          style={{ width: '100%', borderCollapse: 'collapse', fontSize: 21 }}
          data-testid="screen-ranking-table"
        >
          <thead>
            <tr style={{ color: C.dim, fontSize: 18 }}>
              <th style={{ ...cell, textAlign: 'left' }}>#</th>
              <th style={{ ...cell, textAlign: 'left' }}>{t('kpi.screen.division')}</th>
              <th style={cell}>{label(KPIS.resumptionRate.label)}</th>
              <th style={cell}>{label(KPIS.capacityReleaseRate.label)}</th>
              <th style={cell}>{label(KPIS.onDutyRate.label)}</th>
              <th style={cell}>{label(KPIS.reportCompleteness.label)}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 13).map((r, i) => (
              <tr key={r.divisionCode} style={{ borderTop: `1px solid rgba(28,74,140,0.6)` }}>
                <td style={{ ...cell, textAlign: 'left', color: i < 3 ? C.warn : C.dim }}>{i + 1}</td>
                <td style={{ ...cell, textAlign: 'left' }}>{r.divisionName}</td>
                <td
                  style={{
                    ...cell,
                    color:
                      meetsTarget(r.resumptionRate, data.targets.resumptionRate) === false ? C.bad : C.text,
                  }}
                >
                  {pct(r.resumptionRate, locale)}
                </td>
                <td
                  style={{
                    ...cell,
                    color:
                      meetsTarget(r.capacityReleaseRate, data.targets.capacityReleaseRate) === false
                        ? C.bad
                        : C.text,
                  }}
                >
                  {pct(r.capacityReleaseRate, locale)}
                </td>
                <td style={cell}>{pct(r.onDutyRate, locale)}</td>
                <td style={cell}>{pct(r.reportCompleteness, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Box>
    </div>
  );
}

function Big({
  label: text,
  value,
  color,
  testId,
}: {
  label: string;
  value: string;
  color?: string;
  testId?: string;
}) {
  return (
    <div style={{ textAlign: 'center' }}>
      <div style={{ fontSize: 20, color: C.dim }}>{text}</div>
      <div
        style={{ fontSize: 48, fontWeight: 700, color: color ?? C.text, fontVariantNumeric: 'tabular-nums' }}
        data-testid={testId}
      >
        {value}
      </div>
    </div>
  );
}

function ReportsPanel({ data, asOf, division, ratio }: PanelProps) {
  const { t } = useTranslation();
  const { label, locale } = useLocale();
  const alerts = useAlerts({ status: 'open', division, to: asOf, page: 1, pageSize: 8 });
  const missing = useDayStatus({ date: asOf, division, status: 'missing', page: 1, pageSize: 8 });
  const c = data.counts;
  const missingCount = Math.max(0, c.reportsExpected - c.reportsReceived);
  const rows = data.byDivision;
  const option = useMemo<EChartOption>(
    () => ({
      ...wallBars(18),
      grid: { left: 56, right: 16, top: 44, bottom: 80 },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.divisionName),
        axisLabel: { ...wrapLabel(rows.length, 560), fontSize: 15, lineHeight: 19 },
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: 100,
        axisLabel: { ...axisText, formatter: '{value}%' },
        splitLine,
      },
      series: (['reportCompleteness', 'reportTimeliness'] as KpiKey[]).map((k, i) => ({
        name: label(KPIS[k].label),
        type: 'bar',
        barMaxWidth: 26,
        itemStyle: { color: C.series[i === 0 ? 0 : 2] },
        data: rows.map((r) => asPct(r[k])),
      })),
    }),
    [rows, label],
  );
  return (
    <div style={{ display: 'grid', gridTemplateColumns: '1fr 1.2fr 1fr', gap: 16, height: '100%' }}>
      <Box title={t('kpi.screen.reportsToday', { date: asOf })}>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', rowGap: 28, paddingTop: 24 }}>
          <Big
            label={label(KPIS.reportCompleteness.label)}
            value={pct(data.reportCompleteness, locale)}
            color={C.accent}
            testId="screen-completeness"
          />
          <Big
            label={label(KPIS.reportTimeliness.label)}
            value={pct(data.reportTimeliness, locale)}
            color={C.good}
          />
          <Big
            label={label(KPI_COUNT_LABELS.reportsReceived)}
            value={formatNumber(c.reportsReceived, locale)}
            testId="screen-received"
          />
          <Big
            label={label(KPI_COUNT_LABELS.reportsExpected)}
            value={formatNumber(c.reportsExpected, locale)}
          />
          <Big
            label={t('kpi.dashboard.missing')}
            value={formatNumber(missingCount, locale)}
            color={missingCount ? C.bad : C.good}
          />
          <Big label={label(KPI_COUNT_LABELS.reportsOnTime)} value={formatNumber(c.reportsOnTime, locale)} />
        </div>
      </Box>
      <Box title={t('kpi.screen.completenessBy')}>
        <WallChart option={option} height="100%" testId="screen-completeness-chart" ratio={ratio} />
      </Box>
      <div style={{ display: 'grid', gridTemplateRows: '1fr 1fr', gap: 16, minHeight: 0 }}>
        <Box
          title={t('kpi.screen.openAlerts', {
            n: formatNumber(alerts.data?.open ?? alerts.data?.total ?? 0, locale),
          })}
        >
          {(alerts.data?.items ?? []).slice(0, 5).map((a) => (
            <ListRow key={a.id} name={a.enterpriseName} division={a.divisionName} />
          ))}
          {alerts.data && alerts.data.items.length === 0 && (
            <div style={{ color: C.dim, fontSize: 20 }}>{t('kpi.dashboard.noAlerts')}</div>
          )}
        </Box>
        <Box title={t('kpi.screen.missing', { n: formatNumber(missingCount, locale) })}>
          {(missing.data?.items ?? []).slice(0, 5).map((m) => (
            <ListRow key={m.enterpriseId} name={m.name} division={m.divisionName} />
          ))}
          {missing.data && missing.data.items.length === 0 && (
            <div style={{ color: C.good, fontSize: 20 }}>{t('kpi.dashboard.noneMissing')}</div>
          )}
        </Box>
      </div>
    </div>
  );
}

const listItem: CSSProperties = {
  display: 'flex',
  justifyContent: 'space-between',
  gap: 12,
  fontSize: 19,
  padding: '6px 0',
  borderBottom: '1px solid rgba(28,74,140,0.5)',
};
const ellipsis: CSSProperties = {
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  minWidth: 0,
};

/** An enterprise in a panel's list, with its district on the right. */
function ListRow({ name, division }: { name: string; division: string | null | undefined }) {
  return (
    <div style={listItem}>
      <span style={ellipsis}>{name}</span>
      <span style={{ color: C.dim, whiteSpace: 'nowrap' }}>{division}</span>
    </div>
  );
}

function SafetyPanel({ data, ratio }: { data: KpiSnapshot; ratio: number }) {
  const { t } = useTranslation();
  const { label, locale } = useLocale();
  const c = data.counts;
  const rows = data.byDivision;
  const option = useMemo<EChartOption>(
    () => ({
      ...wallBars(20),
      grid: { left: 60, right: 70, top: 48, bottom: 70 },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.divisionName),
        axisLabel: wrapLabel(rows.length, 1150),
      },
      yAxis: [
        { type: 'value', minInterval: 1, axisLabel: axisText, splitLine },
        {
          type: 'value',
          min: 0,
          max: 100,
          axisLabel: { ...axisText, formatter: '{value}%' },
          splitLine: { show: false },
        },
      ],
      series: [
        {
          name: label(KPI_COUNT_LABELS.hazardsFound),
          type: 'bar',
          barMaxWidth: 28,
          itemStyle: { color: C.series[0] },
          data: rows.map((r) => r.counts.hazardsFound),
        },
        {
          name: label(KPI_COUNT_LABELS.hazardsClosed),
          type: 'bar',
          barMaxWidth: 28,
          itemStyle: { color: C.series[2] },
          data: rows.map((r) => r.counts.hazardsClosed),
        },
        {
          name: label(KPI_COUNT_LABELS.hazardsOverdue),
          type: 'bar',
          barMaxWidth: 28,
          itemStyle: { color: C.series[4] },
          data: rows.map((r) => r.counts.hazardsOverdue),
        },
        {
          name: label(KPIS.hazardRectificationRate.label),
          type: 'line',
          yAxisIndex: 1,
          lineStyle: { width: 4 },
          symbolSize: 10,
          itemStyle: { color: C.series[1] },
          data: rows.map((r) => asPct(r.hazardRectificationRate)),
        },
      ],
    }),
    [rows, label],
  );
  return (
    <div style={{ display: 'grid', gridTemplateColumns: '1fr 2.4fr', gap: 16, height: '100%' }}>
      <Box title={t('kpi.screen.hazardsSince', { from: data.from })}>
        <div
          style={{
            display: 'grid',
            gridTemplateRows: 'repeat(4, 1fr)',
            height: '100%',
            alignItems: 'center',
          }}
        >
          <Big
            label={label(KPI_COUNT_LABELS.hazardsFound)}
            value={formatNumber(c.hazardsFound, locale)}
            color={C.accent}
          />
          <Big
            label={label(KPI_COUNT_LABELS.hazardsClosed)}
            value={formatNumber(c.hazardsClosed, locale)}
            color={C.good}
          />
          <Big
            label={label(KPI_COUNT_LABELS.hazardsOverdue)}
            value={formatNumber(c.hazardsOverdue, locale)}
            color={c.hazardsOverdue ? C.bad : C.good}
          />
          <Big
            label={label(KPIS.hazardRectificationRate.label)}
            value={pct(data.hazardRectificationRate, locale)}
            color={C.warn}
          />
        </div>
      </Box>
      <Box title={t('kpi.screen.hazardsBy')}>
        <WallChart option={option} height="100%" testId="screen-safety-chart" ratio={ratio} />
      </Box>
    </div>
  );
}
