// A bar chart of live votes for the projector: few bars, direct labels,
// large type. ECharts is loaded only here (the projector's results), with
// just the bar chart, the grid and the canvas renderer.
import { BarChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, CanvasRenderer]);

export interface Bar {
  label: string;
  value: number;
  /** Colour of the bar (the group's colour), optional. */
  colour?: string;
}

export default function VoteChart({ bars, label }: { bars: Bar[]; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    const rows = [...bars].reverse(); // the first bar on top
    chart.current?.setOption(
      {
        animationDuration: 300,
        grid: { left: 16, right: 90, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', show: false, minInterval: 1 },
        yAxis: {
          type: 'category',
          data: rows.map((b) => b.label),
          axisTick: { show: false },
          axisLine: { show: false },
          axisLabel: { fontSize: 30, color: '#111418', width: 760, overflow: 'truncate' },
        },
        series: [
          {
            type: 'bar',
            data: rows.map((b) => ({ value: b.value, itemStyle: { color: b.colour ?? '#1f4e8c', borderRadius: [0, 8, 8, 0] } })),
            barMaxWidth: 56,
            label: { show: true, position: 'right', fontSize: 34, fontWeight: 'bold', color: '#111418' },
          },
        ],
      },
      true,
    );
  }, [bars]);
  return <div ref={ref} className="pj-chart" role="img" aria-label={label} data-bars={bars.map((b) => `${b.label}=${b.value}`).join('|')} />;
}
