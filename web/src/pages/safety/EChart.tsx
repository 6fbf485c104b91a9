import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type EChartOption = echarts.EChartsCoreOption;

/** What a click on a chart element (bar, point, slice) reports. */
export interface EChartClick {
  seriesIndex?: number;
  seriesName?: string;
  dataIndex: number;
  name: string;
  value: unknown;
}

/**
 * One ECharts canvas that follows its container's size. `height` may be any CSS length
 * ('100%' fills a sized parent); `theme` 'dark' for dark backgrounds; `onClick` gets the element;
 * `pixelRatio` renders sharper inside a CSS-scaled parent (the big screen).
 */
export function EChart({
  option,
  height = 320,
  testId,
  theme,
  onClick,
  pixelRatio,
}: {
  option: EChartOption;
  height?: number | string;
  testId?: string;
  theme?: 'dark';
  onClick?: (e: EChartClick) => void;
  pixelRatio?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const optionRef = useRef(option);
  optionRef.current = option;
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, theme, pixelRatio ? { devicePixelRatio: pixelRatio } : undefined);
    chart.current = c;
    c.setOption(optionRef.current, true);
    c.on('click', (p) => clickRef.current?.(p as unknown as EChartClick));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [theme, pixelRatio]);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}

/** A bar series of one colour. */
export function barSeries(name: string, data: (number | null)[], color: string, barMaxWidth: number) {
  return { name, type: 'bar' as const, barMaxWidth, data, itemStyle: { color } };
}
