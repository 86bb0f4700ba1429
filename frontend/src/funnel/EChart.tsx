// One ECharts chart. ECharts is imported on demand, and only the parts the
// funnel pages draw (funnel and bar charts, grid, tooltip, legend, canvas),
// so it never weighs on a page that shows no chart.
import { useEffect, useRef, useState } from 'react';

type Core = typeof import('echarts/core');
let loading: Promise<Core> | null = null;

export function loadECharts(): Promise<Core> {
  loading ??= Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')]).then(
    ([core, charts, components, renderers]) => {
      core.use([
        charts.FunnelChart,
        charts.BarChart,
        components.GridComponent,
        components.TooltipComponent,
        components.LegendComponent,
        renderers.CanvasRenderer,
      ]);
      return core;
    },
  );
  return loading;
}

export function EChart({ option, height, label, testId }: { option: Record<string, unknown>; height: number; label: string; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<Core['init']> | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    loadECharts().then((echarts) => {
      if (disposed || !ref.current) return;
      chart.current = echarts.init(ref.current, undefined, { renderer: 'canvas' });
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(ref.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    if (ready) chart.current?.setOption(option, true);
  }, [ready, option]);
  return <div ref={ref} role="img" aria-label={label} data-testid={testId} data-ready={ready ? 'true' : 'false'} style={{ width: '100%', height }} />;
}
