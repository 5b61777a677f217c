// Profitability and contribution (seeds 003/006): each product, channel and branch's share of revenue and profit.
import { dashboard, panel, chartBox, section, figure, percent, strings } from './dashboard-kit.js';

const DIMENSIONS = ['category', 'product', 'channel', 'branch'];

export default {
  id: 'profitability',
  title: { en: 'Contribution', zh: '盈利贡献' },
  group: 'dashboards',
  allowed: (me) => me.capabilities.marts,
  strings: strings({
    en: {
      'profit.about': 'Share of revenue and of profit contributed by each product category, product, channel and branch (top 15 each).',
      'profit.category': 'By product category', 'profit.product': 'By product', 'profit.channel': 'By channel', 'profit.branch': 'By branch',
    },
    zh: {
      'profit.about': '各产品类别、产品、渠道与网点贡献的收入与利润占比（各取前 15）。',
      'profit.category': '按产品类别', 'profit.product': '按产品', 'profit.channel': '按渠道', 'profit.branch': '按网点',
    },
  }),
  async render(root, ctx) {
    const body = dashboard(root, ctx, { about: 'profit.about', commands: ['./crmw mine contribution'] });
    const panels = Object.fromEntries(DIMENSIONS.map((d) => [d, panel(body, ctx.t('profit.' + d))]));
    await section(panels.category, ctx, async () => {
      const answer = await figure(ctx, 'contribution');
      if (ctx.stale()) return;
      for (const dimension of DIMENSIONS) {
        const rows = answer.rows.filter((r) => r.dimension === dimension).slice(0, 15).reverse();
        ctx.chart(chartBox(panels[dimension], 'contribution-' + dimension, Math.max(220, rows.length * 26 + 60)), {
          tooltip: { trigger: 'axis', valueFormatter: (v) => percent(v, ctx.lang) },
          legend: { top: 0 },
          grid: { left: 10, right: 30, top: 30, bottom: 20, containLabel: true },
          xAxis: { type: 'value' },
          yAxis: { type: 'category', data: rows.map((r) => r.member) },
          series: [
            { name: 'revenue_share', type: 'bar', data: rows.map((r) => r.revenue_share) },
            { name: 'profit_share', type: 'bar', data: rows.map((r) => r.profit_share) },
          ],
        });
      }
    });
  },
};
