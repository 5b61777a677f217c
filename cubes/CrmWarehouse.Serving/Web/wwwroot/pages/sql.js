// SQL console: one read-only query through POST /api/sql (the role's views, the gate, the limits, the audit);
// Ctrl+Enter runs it; the answer as a grid and, when it has numbers, a chart; refusals shown with the gate's message.
import { isNumericType, chartOfAnswer } from '../lib/result.js';
import { download } from '../lib/api.js';

const EXAMPLE = 'SELECT tier, count(*) AS customers\nFROM dim_customer\nWHERE is_current\nGROUP BY ALL\nORDER BY customers DESC';

export default {
  id: 'sql',
  title: { en: 'SQL console', zh: 'SQL 控制台' },
  group: 'sql',
  allowed: (me) => me.capabilities.sql,
  strings: {
    en: { 'sql.hint': 'One SELECT over your role’s views; Ctrl+Enter runs it.', 'sql.views': 'Your views' },
    zh: { 'sql.hint': '对您角色可见的视图执行一条 SELECT；Ctrl+Enter 运行。', 'sql.views': '可用视图' },
  },
  async render(root, ctx) {
    const { t } = ctx;
    root.innerHTML = `
      <h1></h1>
      <div class="panel">
        <p class="muted hint"></p>
        <textarea class="editor" spellcheck="false" aria-label="SQL"></textarea>
        <div class="row" style="margin-top:8px">
          <button class="primary run" type="button"></button>
          <button class="csv" type="button"></button>
          <span class="muted status"></span>
        </div>
        <div class="error sql-error" role="alert"></div>
        <details><summary class="views-title"></summary><div class="chips views"></div></details>
      </div>
      <div class="panel result" hidden><div class="chart" hidden></div><div class="grid-host"></div></div>`;
    root.querySelector('h1').textContent = ctx.page.title[ctx.lang];
    root.querySelector('.hint').textContent = t('sql.hint');
    root.querySelector('.run').textContent = t('run');
    root.querySelector('.csv').textContent = t('export.csv');
    root.querySelector('.views-title').textContent = t('sql.views');
    const views = root.querySelector('.views');
    for (const view of ctx.me.capabilities.views) views.append(Object.assign(document.createElement('span'), { className: 'chip', textContent: view }));
    const editor = root.querySelector('.editor');
    editor.value = ctx.state.get('q') ?? (ctx.me.capabilities.customerRows ? EXAMPLE : 'SELECT 1 AS one');
    const error = root.querySelector('.sql-error');
    const status = root.querySelector('.status');
    const result = root.querySelector('.result');

    async function run() {
      error.textContent = '';
      status.textContent = t('loading');
      ctx.state.set({ q: editor.value }, { replace: true });
      try {
        const answer = await ctx.api('/api/sql', { method: 'POST', body: { sql: editor.value } });
        if (ctx.stale()) return;
        status.textContent = t('rows', { count: answer.rows.length }) + (answer.truncated ? ' · ' + t('truncated', { count: answer.rows.length, by: answer.truncatedBy }) : '');
        result.hidden = false;
        const columns = answer.columns.map((c) => ({ name: c.name, numeric: isNumericType(c.type) }));
        ctx.table(result.querySelector('.grid-host'), columns, answer.rows);
        const option = chartOfAnswer(answer);
        const chartEl = result.querySelector('.chart');
        chartEl.hidden = !option;
        if (option) ctx.chart(chartEl, option);
      } catch (e) {
        status.textContent = '';
        result.hidden = true;
        error.textContent = `${e.status ?? ''} ${e.title ?? ''}: ${e.message}`.trim();
      }
    }

    root.querySelector('.run').addEventListener('click', run);
    root.querySelector('.csv').addEventListener('click', async () => {
      try { download(await ctx.api('/api/sql', { method: 'POST', body: { sql: editor.value }, format: 'csv' }), 'result.csv'); } catch (e) { ctx.notify(e); }
    });
    editor.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
    if (ctx.state.get('q')) await run();
  },
};
