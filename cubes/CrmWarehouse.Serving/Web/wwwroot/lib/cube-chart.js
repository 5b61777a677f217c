// The chart that fits a cube answer: lines over time, bars over categories, stacked bars for parts of a whole
// across column members, a pie only for one share measure over one level (shares of a whole). `view` overrides.
import { formatMeasure } from './result.js';

export const CHART_KINDS = ['auto', 'line', 'bar', 'stacked', 'pie', 'none'];

export function fittingKind(s, cube) {
  const level = (id) => cube.dimensions.flatMap((d) => d.levels).find((l) => l.name === id);
  const measure = (column) => cube.measures.find((m) => m.name === column.split(':')[0]);
  const innerRow = s.rows[s.rows.length - 1];
  if (innerRow && level(innerRow)?.grain) return 'line';
  const additive = s.measures.every((c) => !c.includes(':') && ['sum', 'count'].includes(measure(c)?.kind));
  if (s.cols.length && s.measures.length === 1 && additive) return 'stacked';
  if (s.rows.length === 1 && !s.cols.length && s.measures.length === 1 && measure(s.measures[0])?.kind === 'share') return 'pie';
  return 'bar';
}

export function chartOption(model, s, cube, { lang }) {
  const kind = s.view === 'auto' ? fittingKind(s, cube) : s.view;
  if (kind === 'none' || model.series.length === 0 || model.categories.length === 0) return null;
  const fmt = (m) => (v) => formatMeasure(v, model.formats.get(m)?.format, lang);
  if (kind === 'pie') {
    const first = model.series[0];
    return {
      tooltip: { trigger: 'item', valueFormatter: fmt(first.measure) },
      legend: { type: 'scroll', bottom: 0 },
      series: [{ type: 'pie', radius: ['30%', '65%'], data: model.categories.map((name, i) => ({ name, value: first.values[i] })) }],
    };
  }
  const measures = [...new Set(model.series.map((x) => x.measure))];
  const percent = (m) => (model.formats.get(m)?.format || '').includes('%');
  // Ratios and growth (%) on a second axis when shown beside amounts.
  const axes = measures.some(percent) && measures.some((m) => !percent(m)) ? 2 : 1;
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 20, right: 20, top: 40, bottom: model.categories.length > 40 ? 70 : 30, containLabel: true },
    xAxis: { type: 'category', data: model.categories, axisLabel: { rotate: model.categories.length > 12 && kind !== 'line' ? 40 : 0 } },
    yAxis: Array.from({ length: axes }, (_, i) => ({ type: 'value', axisLabel: { formatter: fmt(measures.find((m) => (axes === 2 ? percent(m) === (i === 1) : true))) } })),
    dataZoom: model.categories.length > 40 ? [{ type: 'slider', bottom: 10 }] : [],
    series: model.series.map((x) => ({
      name: x.name,
      type: kind === 'line' ? 'line' : 'bar',
      stack: kind === 'stacked' ? 'total' : undefined,
      yAxisIndex: axes === 2 && percent(x.measure) ? 1 : 0,
      data: x.values,
      tooltip: { valueFormatter: fmt(x.measure) },
    })),
  };
}
