import type { EChartsCoreOption } from 'echarts/core';
import { lazy, Suspense } from 'react';

// ECharts is the largest dependency; it loads after the page's tables so they show first.
const EChart = lazy(async () => ({ default: (await import('./EChart.tsx')).EChart }));

export function Chart(props: { option: EChartsCoreOption; height?: number; testId?: string }) {
  return (
    <Suspense fallback={<div style={{ width: '100%', height: props.height ?? 280 }} />}>
      <EChart {...props} />
    </Suspense>
  );
}
