// Churn (seed 001, table 3-1): accounts opened and closed per month, the net change and the loss-to-acquisition
// ratio, from the churn cube; the closures by kind (natural, competitive, service failure) per year.
import { dashboard, panel, chartBox, section, cube, numbers, texts, strings } from './dashboard-kit.js';

/** The cube query the monthly chart shows; the browser test asks the API the same. */
export const monthlyQuery = { measures: ['opened', 'closed', 'net_change', 'loss_to_acquisition'], by: ['date.month'] };

export default {
  id: 'churn',
  title: { en: 'Churn', zh: '客户流失' },
  group: 'dashboards',
  allowed: (me) => me.capabilities.cubes,
  strings: strings({
    en: {
      'churn.about': 'Accounts opened and closed each month, the net change and the loss-to-acquisition ratio (closed ÷ opened), and why accounts closed.',
      'churn.monthly': 'Opened, closed and net per month',
      'churn.kinds': 'Closures by kind per year',
      'churn.ratio': 'Loss to acquisition',
      'churn.opened': 'Opened', 'churn.closed': 'Closed', 'churn.net_change': 'Net', 'churn.loss_to_acquisition': 'Loss to acquisition',
    },
    zh: {
      'churn.about': '每月开户数、销户数、净增及流失获客比（销户 ÷ 开户），以及销户的原因类别。',
      'churn.monthly': '每月开户、销户与净增',
      'churn.kinds': '各年销户原因构成',
      'churn.ratio': '流失获客比',
      'churn.opened': '开户', 'churn.closed': '销户', 'churn.net_change': '净增', 'churn.loss_to_acquisition': '流失获客比',
    },
  }),
  async render(root, ctx) {
    const body = dashboard(root, ctx, {
      about: 'churn.about',
      commands: [
        './crmw cube query churn --measures opened,closed,net_change,loss_to_acquisition --by date.month',
        './crmw cube query churn --measures closed --by date.year,reason.category',
      ],
    });
    const monthly = panel(body, ctx.t('churn.monthly'), { wide: true });
    const kinds = panel(body, ctx.t('churn.kinds'), { wide: true });
    // The sections ask the server at once: the first render waits for the slowest, not for their sum.
    await Promise.all([
      section(monthly, ctx, async () => {
        const answer = await cube(ctx, 'churn', monthlyQuery);
        if (ctx.stale()) return;
        const months = texts(answer, 'date.month');
        const series = (name, type, extra = {}) => ({ name: ctx.t('churn.' + name), type, showSymbol: false, data: numbers(answer, name), ...extra });
        ctx.chart(chartBox(monthly, 'churn-monthly', 420), {
          tooltip: { trigger: 'axis' },
          legend: { top: 0 },
          grid: { left: 60, right: 60, top: 40, bottom: 60, containLabel: true },
          xAxis: { type: 'category', data: months, axisLabel: { rotate: months.length > 12 ? 45 : 0 } },
          yAxis: [{ type: 'value' }, { type: 'value', name: ctx.t('churn.ratio'), splitLine: { show: false } }],
          // Every month is in the chart (the test reads them all); the window opens on the last three years.
          dataZoom: months.length > 36 ? [{ type: 'slider', startValue: months.length - 36 }, { type: 'inside' }] : [],
          series: [
            series('opened', 'line'),
            series('closed', 'line'),
            series('net_change', 'bar'),
            series('loss_to_acquisition', 'line', { yAxisIndex: 1, lineStyle: { type: 'dashed' } }),
          ],
        });
      }),
      section(kinds, ctx, async () => {
        const answer = await cube(ctx, 'churn', { measures: ['closed'], by: ['date.year', 'reason.category'] });
        if (ctx.stale()) return;
        const kindsSeen = [...new Set(texts(answer, 'reason.category'))].filter((k) => k !== 'not_closed' && k !== '');
        const closed = numbers(answer, 'closed');
        const yearOf = texts(answer, 'date.year');
        const kindOf = texts(answer, 'reason.category');
        // Years before the first closure would only be empty bars.
        const years = [...new Set(yearOf.filter((y, i) => kindsSeen.includes(kindOf[i]) && closed[i] > 0))];
        ctx.chart(chartBox(kinds, 'churn-kinds', 320), {
          tooltip: { trigger: 'axis' },
          legend: { top: 0 },
          grid: { left: 60, right: 20, top: 40, bottom: 40, containLabel: true },
          xAxis: { type: 'category', data: years },
          yAxis: { type: 'value' },
          series: kindsSeen.map((kind) => ({
            name: kind,
            type: 'bar',
            stack: 'closed',
            data: years.map((y) => closed.reduce((sum, v, i) => (yearOf[i] === y && kindOf[i] === kind ? sum + (v ?? 0) : sum), 0)),
          })),
        });
      }),
    ]);
  },
};
