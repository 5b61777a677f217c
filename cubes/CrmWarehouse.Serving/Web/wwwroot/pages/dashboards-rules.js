// Association rules and next best offers (seed 006): which product lines go together, and what each customer is offered.
import { dashboard, panel, chartBox, section, objects, figure, percent, strings } from './dashboard-kit.js';

export default {
  id: 'rules',
  title: { en: 'Rules & offers', zh: '关联规则与推荐' },
  group: 'dashboards',
  allowed: (me) => me.capabilities.marts,
  strings: strings({
    en: {
      'rules.about': 'Cross-sell rules on product holdings (those who hold A also take B: support, confidence, lift), and how often each product line is a customer\'s first next best offer.',
      'rules.rules': 'Rules by lift (top 20)', 'rules.offers': 'First offers',
    },
    zh: {
      'rules.about': '基于产品持有的交叉销售规则（持有 A 的客户也办理 B：支持度、置信度、提升度），以及各产品线作为客户首选推荐的次数。',
      'rules.rules': '按提升度排序的规则（前 20）', 'rules.offers': '首选推荐',
    },
  }),
  async render(root, ctx) {
    const body = dashboard(root, ctx, { about: 'rules.about', commands: ['./crmw mine rules'] });
    const rules = panel(body, ctx.t('rules.rules'), { wide: true });
    const offers = panel(body, ctx.t('rules.offers'));
    // The sections ask the server at once: the first render waits for the slowest, not for their sum.
    await Promise.all([
      section(rules, ctx, async () => {
        const answer = objects(await ctx.api('/api/mining/rules?limit=20'));
        if (ctx.stale()) return;
        ctx.table(rules.appendChild(document.createElement('div')), [
          { name: 'antecedent', format: (v) => String(v ?? '').replace(/^\[|\]$/g, '').split(', ').join(' + ') },
          { name: 'consequent' },
          { name: 'support', numeric: true, format: (v) => percent(v, ctx.lang, 2) },
          { name: 'confidence', numeric: true, format: (v) => percent(v, ctx.lang) },
          { name: 'lift', numeric: true }, { name: 'customers', numeric: true },
        ], answer);
      }),
      section(offers, ctx, async () => {
        const answer = await figure(ctx, 'offers');
        if (ctx.stale()) return;
        ctx.chart(chartBox(offers, 'offers', 300), {
          tooltip: { trigger: 'item' },
          series: [{ type: 'pie', radius: ['35%', '70%'], data: answer.rows.map((r) => ({ name: r.offer, value: r.customers })) }],
        });
        ctx.table(offers.appendChild(document.createElement('div')), [
          { name: 'offer' }, { name: 'customers', numeric: true }, { name: 'mean_confidence', numeric: true, format: (v) => percent(v, ctx.lang) },
        ], answer.rows);
      }),
    ]);
  },
};
