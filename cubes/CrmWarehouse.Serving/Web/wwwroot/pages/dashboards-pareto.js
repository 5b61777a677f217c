// 80/20 (seed 003): how much of the profit the most profitable customers earn (the Pareto curve) and the value tiers.
import { dashboard, panel, chartBox, section, cube, numbers, texts, figure, objects, percent, strings } from './dashboard-kit.js';

export default {
  id: 'pareto',
  title: { en: '80/20', zh: '二八分析' },
  group: 'dashboards',
  allowed: (me) => me.capabilities.marts || me.capabilities.cubes,
  strings: strings({
    en: {
      'pareto.about': 'Share of total profit earned by the most profitable share of customers, and the customers and profit of each value tier.',
      'pareto.curve': 'Pareto curve',
      'pareto.customers': 'Share of customers (most profitable first)',
      'pareto.profit': 'Share of profit',
      'pareto.top20': 'The top 20% of customers earn {share} of the profit.',
      'pareto.tiers': 'Value tiers',
    },
    zh: {
      'pareto.about': '利润最高的一部分客户贡献了多少总利润（帕累托曲线），以及各价值层级的客户数与利润。',
      'pareto.curve': '帕累托曲线',
      'pareto.customers': '客户占比（按利润从高到低）',
      'pareto.profit': '利润占比',
      'pareto.top20': '前 20% 的客户贡献了 {share} 的利润。',
      'pareto.tiers': '价值层级',
    },
  }),
  async render(root, ctx) {
    const body = dashboard(root, ctx, {
      about: 'pareto.about',
      commands: ['./crmw mine profitability', './crmw cube query customer_profile --measures customers --by customer.value_tier'],
    });
    const curve = panel(body, ctx.t('pareto.curve'));
    const tiers = panel(body, ctx.t('pareto.tiers'));
    // The sections ask the server at once: the first render waits for the slowest, not for their sum.
    await Promise.all([
      section(curve, ctx, async () => {
        const points = objects(await ctx.api('/api/mining/profitability'));
        if (ctx.stale()) return;
        const top20 = points.find((p) => Math.abs(Number(p.customer_share) - 0.2) < 1e-9);
        if (top20) {
          const line = document.createElement('p');
          line.className = 'headline';
          line.dataset.value = String(top20.profit_share);
          line.textContent = ctx.t('pareto.top20', { share: percent(top20.profit_share, ctx.lang) });
          curve.append(line);
        }
        ctx.chart(chartBox(curve, 'pareto-curve', 340), {
          tooltip: { trigger: 'axis' },
          grid: { left: 60, right: 20, top: 20, bottom: 50, containLabel: true },
          xAxis: { type: 'value', min: 0, max: 1, name: ctx.t('pareto.customers'), nameLocation: 'middle', nameGap: 30 },
          yAxis: { type: 'value', min: 0, name: ctx.t('pareto.profit') },
          series: [
            { name: ctx.t('pareto.profit'), type: 'line', showSymbol: false, data: points.map((p) => [Number(p.customer_share), Number(p.profit_share)]) },
            { name: '', type: 'line', showSymbol: false, lineStyle: { type: 'dotted' }, data: [[0, 0], [1, 1]] },
          ],
        });
      }),
      section(tiers, ctx, async () => {
        if (ctx.me.capabilities.customerRows && ctx.me.capabilities.marts) {
          const answer = await figure(ctx, 'value_tiers');
          if (ctx.stale()) return;
          ctx.chart(chartBox(tiers, 'pareto-tiers', 260), {
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 60, right: 20, top: 40, bottom: 30, containLabel: true },
            xAxis: { type: 'category', data: answer.rows.map((r) => r.value_tier) },
            yAxis: { type: 'value', max: 1 },
            series: [
              { name: 'customer_share', type: 'bar', data: answer.rows.map((r) => r.customer_share) },
              { name: 'profit_share', type: 'bar', data: answer.rows.map((r) => r.profit_share) },
            ],
          });
          ctx.table(tiers.appendChild(document.createElement('div')), [
            { name: 'value_tier' }, { name: 'customers', numeric: true }, { name: 'profit', numeric: true },
            { name: 'profit_share', numeric: true, format: (v) => percent(v, ctx.lang) }, { name: 'mean_clv', numeric: true },
          ], answer.rows);
        } else {
          const answer = await cube(ctx, 'customer_profile', { measures: ['customers'], by: ['customer.value_tier'] });
          if (ctx.stale()) return;
          ctx.chart(chartBox(tiers, 'pareto-tiers', 260), {
            tooltip: { trigger: 'axis' },
            grid: { left: 60, right: 20, top: 20, bottom: 30, containLabel: true },
            xAxis: { type: 'category', data: texts(answer, 'customer.value_tier') },
            yAxis: { type: 'value' },
            series: [{ name: 'customers', type: 'bar', data: numbers(answer, 'customers') }],
          });
        }
      }),
    ]);
  },
};
