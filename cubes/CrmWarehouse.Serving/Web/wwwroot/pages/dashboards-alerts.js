// AML alerts (seed 004): each outlier rule with its threshold, its alerts and the share of accounts it alerted.
import { dashboard, panel, chartBox, section, objects, figure, percent, strings } from './dashboard-kit.js';

export default {
  id: 'alerts',
  title: { en: 'AML alerts', zh: '反洗钱预警' },
  group: 'dashboards',
  allowed: (me) => me.capabilities.marts && me.capabilities.customerRows,
  strings: strings({
    en: {
      'alerts.about': 'Each outlier rule with the threshold it ran with, how many alerts it raised and the share of accounts with transactions it alerted (too high a share means the threshold is too low).',
      'alerts.rules': 'Rules and thresholds', 'alerts.share': 'Share of accounts alerted', 'alerts.latest': 'Latest alerts',
    },
    zh: {
      'alerts.about': '每条异常规则的阈值、产生的预警数以及被预警账户在有交易账户中的占比（占比过高说明阈值过低）。',
      'alerts.rules': '规则与阈值', 'alerts.share': '被预警账户占比', 'alerts.latest': '最新预警',
    },
  }),
  async render(root, ctx) {
    const body = dashboard(root, ctx, { about: 'alerts.about', commands: ['./crmw mine outliers'] });
    const rules = panel(body, ctx.t('alerts.rules'), { wide: true });
    const latest = panel(body, ctx.t('alerts.latest'), { wide: true });
    // The sections ask the server at once: the first render waits for the slowest, not for their sum.
    await Promise.all([
      section(rules, ctx, async () => {
        const answer = await figure(ctx, 'alert_rules');
        if (ctx.stale()) return;
        const grid = ctx.table(rules.appendChild(document.createElement('div')), [
          { name: 'rule' }, { name: 'threshold' }, { name: 'alerts', numeric: true }, { name: 'accounts', numeric: true },
          { name: 'share_of_accounts', numeric: true, format: (v) => percent(v, ctx.lang, 3) },
        ], answer.rows);
        grid.classList.add('alert-rules');
        ctx.chart(chartBox(rules, 'alerts-share', 240), {
          tooltip: { trigger: 'axis', valueFormatter: (v) => percent(v, ctx.lang, 3) },
          grid: { left: 60, right: 20, top: 20, bottom: 30, containLabel: true },
          xAxis: { type: 'category', data: answer.rows.map((r) => r.rule) },
          yAxis: { type: 'value', name: ctx.t('alerts.share') },
          series: [{ type: 'bar', data: answer.rows.map((r) => r.share_of_accounts) }],
        });
      }),
      section(latest, ctx, async () => {
        const answer = objects(await ctx.api('/api/mining/alerts?limit=20'));
        if (ctx.stale()) return;
        ctx.table(latest.appendChild(document.createElement('div')), [
          { name: 'alert_date' }, { name: 'rule' }, { name: 'account_number' }, { name: 'customer_id' }, { name: 'reason' }, { name: 'score', numeric: true },
        ], answer);
      }),
    ]);
  },
};
