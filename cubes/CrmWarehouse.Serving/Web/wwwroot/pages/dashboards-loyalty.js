// Loyalty (seed 005): the loyalty index (0–100: tenure, products held, repeat purchases, persistence, complaints,
// satisfaction) of the scored customers, in bands.
import { dashboard, panel, chartBox, section, figure, strings } from './dashboard-kit.js';

export default {
  id: 'loyalty',
  title: { en: 'Loyalty', zh: '客户忠诚度' },
  group: 'dashboards',
  allowed: (me) => me.capabilities.marts && me.capabilities.customerRows,
  strings: strings({
    en: {
      'loyalty.about': 'How the loyalty index (0–100) of the scored customers is spread, with tenure and products held in each band.',
      'loyalty.bands': 'Customers by loyalty index band',
      'loyalty.table': 'Bands',
    },
    zh: {
      'loyalty.about': '已评分客户的忠诚度指数（0–100）分布，以及各区间的平均在网时长与持有产品数。',
      'loyalty.bands': '各忠诚度区间客户数',
      'loyalty.table': '区间明细',
    },
  }),
  async render(root, ctx) {
    const body = dashboard(root, ctx, { about: 'loyalty.about', commands: ['./crmw mine loyalty'] });
    const chart = panel(body, ctx.t('loyalty.bands'));
    const table = panel(body, ctx.t('loyalty.table'));
    await section(chart, ctx, async () => {
      const answer = await figure(ctx, 'loyalty');
      if (ctx.stale()) return;
      const labels = answer.rows.map((r) => `${r.band_from}–${r.band_from + 10}`);
      ctx.chart(chartBox(chart, 'loyalty-bands', 320), {
        tooltip: { trigger: 'axis' },
        grid: { left: 60, right: 20, top: 20, bottom: 30, containLabel: true },
        xAxis: { type: 'category', data: labels },
        yAxis: { type: 'value' },
        series: [{ name: 'customers', type: 'bar', data: answer.rows.map((r) => r.customers) }],
      });
      ctx.table(table.appendChild(document.createElement('div')), [
        { name: 'band_from', numeric: true }, { name: 'customers', numeric: true }, { name: 'mean_loyalty', numeric: true },
        { name: 'mean_tenure_months', numeric: true }, { name: 'mean_products', numeric: true },
      ], answer.rows);
    });
  },
};
