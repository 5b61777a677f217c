// RFM migration (seed 003): customers by RFM segment now, and how they moved since the previous scored date.
import { dashboard, panel, chartBox, section, cube, numbers, texts, figure, strings } from './dashboard-kit.js';

export default {
  id: 'rfm',
  title: { en: 'RFM migration', zh: 'RFM 迁移' },
  group: 'dashboards',
  allowed: (me) => me.capabilities.marts || me.capabilities.cubes,
  strings: strings({
    en: {
      'rfm.about': 'Customers by RFM segment (recency, frequency, monetary) and how many moved from each segment to each other since the previous scoring.',
      'rfm.segments': 'Customers by RFM segment',
      'rfm.migration': 'Migration (from → to)',
      'rfm.single': 'Only one scored date so far: every customer is new to the RFM segments.',
    },
    zh: {
      'rfm.about': '各 RFM 分群（最近一次、频次、金额）的客户数，以及自上次评分以来各分群之间的迁移人数。',
      'rfm.segments': '各 RFM 分群客户数',
      'rfm.migration': '迁移（从 → 到）',
      'rfm.single': '目前只有一个评分日期：所有客户都是新进入分群。',
    },
  }),
  async render(root, ctx) {
    const body = dashboard(root, ctx, {
      about: 'rfm.about',
      commands: ['./crmw mine rfm', './crmw cube query customer_profile --measures customers --by customer.rfm_segment'],
    });
    const segments = panel(body, ctx.t('rfm.segments'));
    const migration = panel(body, ctx.t('rfm.migration'));
    // The sections ask the server at once: the first render waits for the slowest, not for their sum.
    await Promise.all([
      section(segments, ctx, async () => {
        const answer = await cube(ctx, 'customer_profile', { measures: ['customers'], by: ['customer.rfm_segment'] });
        if (ctx.stale()) return;
        ctx.chart(chartBox(segments, 'rfm-segments', 320), {
          tooltip: { trigger: 'axis' },
          grid: { left: 60, right: 20, top: 20, bottom: 60, containLabel: true },
          xAxis: { type: 'category', data: texts(answer, 'customer.rfm_segment'), axisLabel: { rotate: 30 } },
          yAxis: { type: 'value' },
          series: [{ name: 'customers', type: 'bar', data: numbers(answer, 'customers') }],
        });
      }),
      section(migration, ctx, async () => {
        const answer = await figure(ctx, 'rfm_migration');
        if (ctx.stale()) return;
        const from = [...new Set(answer.rows.map((r) => r.from_segment))];
        const to = [...new Set(answer.rows.map((r) => r.to_segment))];
        if (from.length === 1 && from[0] === '(new)') migration.append(Object.assign(document.createElement('p'), { className: 'muted', textContent: ctx.t('rfm.single') }));
        ctx.chart(chartBox(migration, 'rfm-migration', 360), {
          tooltip: { position: 'top' },
          grid: { left: 10, right: 20, top: 10, bottom: 60, containLabel: true },
          xAxis: { type: 'category', data: to, axisLabel: { rotate: 30 } },
          yAxis: { type: 'category', data: from },
          visualMap: { min: 0, max: Math.max(1, ...answer.rows.map((r) => r.customers)), calculable: true, orient: 'horizontal', left: 'center', bottom: 0, show: false },
          series: [{ type: 'heatmap', label: { show: true }, data: answer.rows.map((r) => [to.indexOf(r.to_segment), from.indexOf(r.from_segment), r.customers]) }],
        });
      }),
    ]);
  },
};
