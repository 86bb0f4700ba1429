// The per-criterion means of a revealed performance as horizontal bars with
// direct labels, readable from the back of the room. ECharts is imported
// only here (echarts/core with the bar chart alone), and this module is
// loaded only by the projector.
import { BarChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, MarkLineComponent, CanvasRenderer]);

export interface Bar {
  name: string;
  mean: number;
  below: boolean; // a must-pass criterion under its level
}

export default function ResultChart({ bars, min, max }: { bars: Bar[]; min: number; max: number }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'canvas' });
    const rows = [...bars].reverse();
    chart.setOption({
      animationDuration: 400,
      grid: { left: 8, right: 80, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min, max, interval: 1, axisLabel: { fontSize: 22, color: '#4e5969' }, splitLine: { lineStyle: { color: '#e5e6eb' } } },
      yAxis: { type: 'category', data: rows.map((b) => b.name), axisLabel: { fontSize: 30, color: '#1f2329' }, axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          barWidth: '62%',
          data: rows.map((b) => ({ value: Number(b.mean.toFixed(2)), itemStyle: { color: b.below ? '#c62828' : '#1f4e8c', borderRadius: [0, 6, 6, 0] } })),
          label: { show: true, position: 'right', fontSize: 30, fontWeight: 700, color: '#1f2329', formatter: (p: { value: number }) => p.value.toFixed(1) },
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [bars, min, max]);
  return <div ref={el} className="pjp-chart" data-testid="result-chart" />;
}
