// Load health: the batches, and for the latest published one its rows per source table with the reconciliation and
// its rejects by rule.
import { dashboard, panel, chartBox, section, objects, el, strings } from './dashboard-kit.js';

export default {
  id: 'loads',
  title: { en: 'Load health', zh: '加载健康' },
  group: 'dashboards',
  allowed: (me) => me.capabilities.loads,
  strings: strings({
    en: {
      'loads.about': 'The nightly batches (status, seconds), and for the latest published one: rows per source table with extracted = loaded + rejected + merged, and rejects by rule.',
      'loads.batches': 'Batches', 'loads.tables': 'Rows per source table (batch {batch}, as of {asOf})', 'loads.rejects': 'Rejects by rule',
      'loads.balanced': 'balanced', 'loads.unbalanced': 'NOT balanced',
    },
    zh: {
      'loads.about': '每晚批次（状态、耗时），以及最近一次发布批次各源表的行数（抽取 = 加载 + 拒绝 + 合并）与按规则统计的拒绝行。',
      'loads.batches': '批次', 'loads.tables': '各源表行数（批次 {batch}，业务日期 {asOf}）', 'loads.rejects': '按规则统计的拒绝',
      'loads.balanced': '平衡', 'loads.unbalanced': '不平衡',
    },
  }),
  async render(root, ctx) {
    const body = dashboard(root, ctx, {
      about: 'loads.about',
      commands: [
        './crmw sql "select batch_id, kind, status, as_of, started_at, finished_at from audit.batch order by batch_id desc"',
        './crmw sql "select * from audit.reconciliation where batch_id = (select max(batch_id) from audit.batch where status = \'published\')"',
        './crmw sql "select rule, source, table_name, count(*) from audit.rejects where batch_id = (select max(batch_id) from audit.batch where status = \'published\') group by all order by 4 desc"',
      ],
    });
    const batches = panel(body, ctx.t('loads.batches'), { wide: true });
    const tables = panel(body, '', { wide: true });
    const rejects = panel(body, ctx.t('loads.rejects'), { wide: true });
    // The sections ask the server at once: the first render waits for the slowest, not for their sum.
    await Promise.all([
      section(batches, ctx, async () => {
        const answer = objects(await ctx.api('/api/loads?limit=30'));
        if (ctx.stale()) return;
        const ordered = [...answer].reverse();
        ctx.chart(chartBox(batches, 'loads-batches', 220), {
          tooltip: { trigger: 'axis' },
          grid: { left: 60, right: 20, top: 20, bottom: 30, containLabel: true },
          xAxis: { type: 'category', data: ordered.map((b) => String(b.batch_id)) },
          yAxis: { type: 'value', name: 's' },
          series: [{ type: 'bar', data: ordered.map((b) => ({ value: b.seconds, itemStyle: { color: b.status === 'published' ? '#3b82f6' : '#dc2626' } })) }],
        });
        ctx.table(batches.appendChild(document.createElement('div')), [
          { name: 'batch_id' }, { name: 'kind' }, { name: 'status' }, { name: 'trigger' }, { name: 'started_at' }, { name: 'seconds', numeric: true }, { name: 'error' },
        ], answer, { maxRows: 10 });
      }),
      section(tables, ctx, async () => {
        const health = await ctx.api('/api/loads/latest');
        if (ctx.stale()) return;
        tables.prepend(el('h2', '', ctx.t('loads.tables', { batch: health.batch.batch_id, asOf: health.batch.as_of ?? '' })));
        const grid = ctx.table(tables.appendChild(document.createElement('div')), [
          { name: 'source' }, { name: 'table_name' }, { name: 'extracted', numeric: true }, { name: 'loaded', numeric: true },
          { name: 'rejected', numeric: true }, { name: 'merged_duplicates', numeric: true },
          { name: 'balanced', format: (v) => ctx.t(v ? 'loads.balanced' : 'loads.unbalanced') },
        ], health.reconciliation);
        grid.classList.add('reconciliation');
        ctx.table(rejects.appendChild(document.createElement('div')), [
          { name: 'rule' }, { name: 'source' }, { name: 'table_name' }, { name: 'column_name' }, { name: 'action' }, { name: 'rows', numeric: true },
        ], health.rejects);
      }),
    ]);
  },
};
