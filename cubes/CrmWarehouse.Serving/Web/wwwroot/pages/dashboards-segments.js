// Segments (seed 007): the k-means segments as a scatter of two of their feature means, sized by customers.
import { dashboard, panel, chartBox, section, objects, percent, el, strings } from './dashboard-kit.js';

/** The means of a segment as the API writes a DuckDB MAP: "{feature=value, …}". */
export function parseMeans(text) {
  if (text == null) return {};
  if (typeof text === 'object') return text;
  return Object.fromEntries(String(text).replace(/^\{|\}$/g, '').split(', ').filter(Boolean).map((pair) => {
    const at = pair.lastIndexOf('=');
    return [pair.slice(0, at), Number(pair.slice(at + 1))];
  }));
}

export default {
  id: 'segments',
  title: { en: 'Segments', zh: '客户分群' },
  group: 'dashboards',
  allowed: (me) => me.capabilities.marts,
  strings: strings({
    en: {
      'segments.about': 'The k-means segments (k chosen by silhouette) placed by the mean of two features; the bubble is the segment\'s customers.',
      'segments.scatter': 'Segments', 'segments.x': 'x', 'segments.y': 'y', 'segments.table': 'Segment descriptions',
    },
    zh: {
      'segments.about': 'k-means 客户分群（按轮廓系数选 k），按两个特征的均值定位，气泡大小为该群客户数。',
      'segments.scatter': '分群散点', 'segments.x': '横轴', 'segments.y': '纵轴', 'segments.table': '分群描述',
    },
  }),
  async render(root, ctx) {
    const body = dashboard(root, ctx, { about: 'segments.about', commands: ['./crmw mine segments'] });
    const scatter = panel(body, ctx.t('segments.scatter'), { wide: true });
    const table = panel(body, ctx.t('segments.table'), { wide: true });
    await section(scatter, ctx, async () => {
      const segments = objects(await ctx.api('/api/mining/segments')).map((s) => ({ ...s, means: parseMeans(s.means) }));
      if (ctx.stale()) return;
      const features = Object.keys(segments[0]?.means ?? {});
      const x = features.includes(ctx.state.get('x')) ? ctx.state.get('x') : features[0];
      const y = features.includes(ctx.state.get('y')) ? ctx.state.get('y') : features[1] ?? features[0];
      const pickers = el('div', 'row');
      for (const [axis, chosen] of [['x', x], ['y', y]]) {
        const label = el('label', 'field', ctx.t('segments.' + axis) + ' ');
        const select = document.createElement('select');
        select.dataset.axis = axis;
        for (const f of features) select.append(Object.assign(document.createElement('option'), { value: f, textContent: f, selected: f === chosen }));
        select.addEventListener('change', () => { ctx.state.set({ [axis]: select.value }, { replace: true }); draw(); });
        label.append(select);
        pickers.append(label);
      }
      scatter.append(pickers);
      const box = chartBox(scatter, 'segments-scatter', 400);
      const most = Math.max(...segments.map((s) => Number(s.customers)));
      const draw = () => {
        const [fx, fy] = [...pickers.querySelectorAll('select')].map((s) => s.value);
        ctx.chart(box, {
          tooltip: { formatter: (p) => `${ctx.t('segments.scatter')} ${p.data[3]}: ${p.data[4]}<br>${fx} ${p.data[0].toFixed(2)}, ${fy} ${p.data[1].toFixed(2)}` },
          grid: { left: 60, right: 30, top: 20, bottom: 50, containLabel: true },
          xAxis: { type: 'value', name: fx, nameLocation: 'middle', nameGap: 30, scale: true },
          yAxis: { type: 'value', name: fy, scale: true },
          series: [{
            type: 'scatter',
            symbolSize: (d) => 12 + 48 * Math.sqrt(d[2] / most),
            label: { show: true, formatter: (p) => String(p.data[3]) },
            data: segments.map((s) => [s.means[fx], s.means[fy], Number(s.customers), s.segment_id, s.description]),
          }],
        });
      };
      draw();
      ctx.table(table.appendChild(document.createElement('div')), [
        { name: 'segment_id' }, { name: 'customers', numeric: true }, { name: 'share', numeric: true, format: (v) => percent(v, ctx.lang) },
        { name: 'silhouette', numeric: true }, { name: 'description' },
      ], segments);
    });
  },
};
