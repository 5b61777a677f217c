// Cube explorer: a cube, measures (with time modifiers), levels on rows and columns, filters and a relative date;
// the answer as a pivot with subtotals and a chart that fits it; click a member to drill down its hierarchy.
// Everything is in the URL: ?cube=churn&m=opened,closed:ly&r=date.year&c=churn.category&f=branch.city=杭州|上海&rel=last:12:months&view=auto
import { download } from '../lib/api.js';
import { pick } from '../lib/i18n.js';
import { formatMeasure } from '../lib/result.js';
import { pivot } from '../lib/pivot.js';
import { chartOption, CHART_KINDS } from '../lib/cube-chart.js';

const RELATIVE = ['', 'last:3:months', 'last:12:months', 'last:24:months', 'this:year', 'this:quarter', 'this:month', 'previous:year', 'previous:quarter', 'previous:month'];
const cubeCache = new Map();

export function readState(state) {
  const list = (name) => (state.get(name) || '').split(',').filter(Boolean);
  return {
    cube: state.get('cube'),
    measures: list('m'),
    rows: list('r'),
    cols: list('c'),
    filters: state.getAll('f').map((f) => { const at = f.indexOf('='); return { level: f.slice(0, at), values: f.slice(at + 1).split('|') }; }).filter((f) => f.level),
    relative: state.get('rel') || '',
    view: state.get('view') || 'auto',
  };
}

export function writeState(state, s, options) {
  state.set({
    cube: s.cube, m: s.measures.join(','), r: s.rows.join(','), c: s.cols.join(','),
    f: s.filters.map((f) => `${f.level}=${f.values.join('|')}`), rel: s.relative, view: s.view === 'auto' ? null : s.view,
  }, options);
}

/** The cube query body of a state: the measures by the given levels, its filters and relative date, with subtotals. */
export function queryOf(s, by, lang, cube) {
  const where = s.filters.map((f) => {
    const level = levelOf(cube, f.level);
    const values = f.values.map((v) => (level?.numeric ? Number(v) : v));
    return values.length === 1 ? { level: f.level, op: 'eq', value: values[0] } : { level: f.level, op: 'in', values };
  });
  if (s.relative) {
    const [op, a, b] = s.relative.split(':');
    where.push(op === 'last' ? { op, count: Number(a), unit: b } : { op, unit: a });
  }
  return { measures: s.measures, by, where, totals: by.length ? 'subtotals' : 'none', language: lang };
}

export function levelsOf(cube) {
  return cube.dimensions.flatMap((d) => d.levels.map((l) => ({ ...l, dimension: d })));
}

function levelOf(cube, id) { return levelsOf(cube).find((l) => l.name === id); }

/** The level below `id` in its dimension's hierarchy, or null. */
export function nextLevel(cube, id) {
  const level = levelOf(cube, id);
  if (!level) return null;
  const hierarchy = (level.dimension.hierarchy || []).map((h) => (h.includes('.') ? h : `${level.dimension.name}.${h}`));
  const at = hierarchy.indexOf(id);
  return at >= 0 && at + 1 < hierarchy.length ? hierarchy[at + 1] : null;
}

async function cubeInfo(ctx, name) {
  if (!cubeCache.has(name)) cubeCache.set(name, ctx.api(`/api/cubes/${encodeURIComponent(name)}`).catch((error) => { cubeCache.delete(name); throw error; }));
  const cube = await cubeCache.get(name);
  // Integer keys (years, quarters, months) are compared as numbers in filters.
  for (const level of levelsOf(cube)) level.numeric = !!level.grain;
  return cube;
}

/** Sensible first view of a cube: its first measure by year, or by its first dimension's top level. */
function defaults(cube) {
  const levels = levelsOf(cube);
  const year = levels.find((l) => l.grain === 'year');
  return { measures: [cube.measures[0].name], rows: [(year ?? levels[0]).name], cols: [], filters: [], relative: '', view: 'auto' };
}

export default {
  id: 'explorer',
  title: { en: 'Cube explorer', zh: '多维分析' },
  group: 'explore',
  allowed: (me) => me.capabilities.cubes,
  strings: {
    en: {
      'x.cube': 'Cube', 'x.measures': 'Measures', 'x.rows': 'Rows', 'x.cols': 'Columns', 'x.filters': 'Filters', 'x.relative': 'Dates',
      'x.add': 'Add…', 'x.modifier': 'as is', 'x.members': 'Members', 'x.addFilter': 'Filter', 'x.chart': 'Chart', 'x.drill': 'Drill down to {level}',
      'x.empty': 'No rows for this question.', 'x.rollup': 'Answered from rollup {rollup}.', 'x.facts': 'Answered from the facts.',
      'rel.': 'all dates', 'rel.last:3:months': 'last 3 months', 'rel.last:12:months': 'last 12 months', 'rel.last:24:months': 'last 24 months',
      'rel.this:year': 'this year', 'rel.this:quarter': 'this quarter', 'rel.this:month': 'this month',
      'rel.previous:year': 'previous year', 'rel.previous:quarter': 'previous quarter', 'rel.previous:month': 'previous month',
      'mod.prior': 'previous period', 'mod.ly': 'same period last year', 'mod.ytd': 'year to date', 'mod.qtd': 'quarter to date', 'mod.mtd': 'month to date',
      'mod.rolling3': 'rolling 3 months', 'mod.rolling12': 'rolling 12 months', 'mod.growth': 'growth on previous period', 'mod.growth_ly': 'growth on last year',
      'view.auto': 'fitting', 'view.line': 'lines', 'view.bar': 'bars', 'view.stacked': 'stacked bars', 'view.pie': 'pie', 'view.none': 'no chart',
    },
    zh: {
      'x.cube': '立方体', 'x.measures': '度量', 'x.rows': '行', 'x.cols': '列', 'x.filters': '筛选', 'x.relative': '日期',
      'x.add': '添加…', 'x.modifier': '原值', 'x.members': '成员', 'x.addFilter': '筛选', 'x.chart': '图表', 'x.drill': '下钻到 {level}',
      'x.empty': '此查询没有数据。', 'x.rollup': '由汇总表 {rollup} 回答。', 'x.facts': '由事实表回答。',
      'rel.': '全部日期', 'rel.last:3:months': '最近 3 个月', 'rel.last:12:months': '最近 12 个月', 'rel.last:24:months': '最近 24 个月',
      'rel.this:year': '本年', 'rel.this:quarter': '本季度', 'rel.this:month': '本月',
      'rel.previous:year': '上年', 'rel.previous:quarter': '上季度', 'rel.previous:month': '上月',
      'mod.prior': '上期', 'mod.ly': '去年同期', 'mod.ytd': '年初至今', 'mod.qtd': '季初至今', 'mod.mtd': '月初至今',
      'mod.rolling3': '滚动 3 个月', 'mod.rolling12': '滚动 12 个月', 'mod.growth': '环比增长', 'mod.growth_ly': '同比增长',
      'view.auto': '自动', 'view.line': '折线', 'view.bar': '柱状', 'view.stacked': '堆叠柱状', 'view.pie': '饼图', 'view.none': '不显示',
    },
  },

  async render(root, ctx) {
    const { t, lang } = ctx;
    let s = readState(ctx.state);
    // The list and the cube named in the URL at once: a first render waits for one round trip, not two.
    const [cubes, named] = await Promise.all([ctx.api('/api/cubes'), s.cube ? cubeInfo(ctx, s.cube).catch(() => null) : null]);
    if (!s.cube || !named || !cubes.some((c) => c.name === s.cube)) {
      s = { ...s, cube: cubes[0]?.name, measures: [] };
      if (!s.cube) { root.textContent = t('x.empty'); return; }
    }
    const cube = named && named.name === s.cube ? named : await cubeInfo(ctx, s.cube);
    if (s.measures.length === 0) {
      s = { ...s, ...defaults(cube), cube: s.cube };
      writeState(ctx.state, s, { replace: true });
    }
    if (ctx.stale()) return;

    root.innerHTML = `
      <h1></h1>
      <div class="panel controls">
        <div class="row">
          <label class="field">${esc(t('x.cube'))}<select name="cube"></select></label>
          <label class="field">${esc(t('x.relative'))}<select name="rel"></select></label>
          <label class="field">${esc(t('x.chart'))}<select name="view"></select></label>
          <div class="grow"></div>
          <button type="button" name="csv"></button><button type="button" name="xlsx"></button><button type="button" name="explain"></button>
        </div>
        <div class="pickers">
          <div class="field"><span class="muted">${esc(t('x.measures'))}</span><div class="chips measures"></div>
            <div class="pair"><select name="measure"></select><select name="modifier"></select></div></div>
          <div class="field"><span class="muted">${esc(t('x.rows'))}</span><div class="chips rows"></div><select name="row"></select></div>
          <div class="field"><span class="muted">${esc(t('x.cols'))}</span><div class="chips cols"></div><select name="col"></select></div>
          <div class="field"><span class="muted">${esc(t('x.filters'))}</span><div class="chips filters"></div>
            <div class="pair"><select name="filterLevel"></select><button type="button" name="addFilter" hidden></button></div>
            <select name="filterMembers" multiple size="1" hidden></select></div>
        </div>
        <p class="muted description"></p>
      </div>
      <pre class="sql explain-out" hidden></pre>
      <div class="panel"><div class="chart explorer-chart"></div></div>
      <div class="panel"><div class="pivot"></div><p class="muted source"></p></div>`;
    root.querySelector('h1').textContent = pick(ctx.page.title, lang);
    root.querySelector('.description').textContent = pick(cube.description, lang);
    const field = (name) => root.querySelector(`[name="${name}"]`);
    const levels = levelsOf(cube);
    const levelLabel = (id) => { const l = levels.find((x) => x.name === id); return l ? `${short(pick(l.dimension.description, lang), l.dimension.name)} · ${short(pick(l.description, lang), id)}` : id; };
    const measureLabel = (column) => {
      const [name, modifier] = column.split(':');
      const m = cube.measures.find((x) => x.name === name);
      const base = m ? short(pick(m.description, lang), name) : name;
      return modifier ? `${base} (${t('mod.' + modifier)})` : base;
    };
    const measureTitle = (column) => pick(cube.measures.find((x) => x.name === column.split(':')[0])?.description, lang);

    fill(field('cube'), cubes.map((c) => [c.name, short(pick(c.description, lang), c.name)]), s.cube);
    fill(field('rel'), RELATIVE.map((r) => [r, t('rel.' + r)]), s.relative);
    fill(field('view'), CHART_KINDS.map((k) => [k, t('view.' + k)]), s.view);
    fill(field('measure'), [['', t('x.add')], ...cube.measures.map((m) => [m.name, measureLabel(m.name)])], '');
    fill(field('modifier'), [['', t('x.modifier')], ...cube.modifiers.map((m) => [m, t('mod.' + m)])], '');
    const free = levels.filter((l) => !s.rows.includes(l.name) && !s.cols.includes(l.name));
    fill(field('row'), [['', t('x.add')], ...free.map((l) => [l.name, levelLabel(l.name)])], '');
    fill(field('col'), [['', t('x.add')], ...free.map((l) => [l.name, levelLabel(l.name)])], '');
    fill(field('filterLevel'), [['', t('x.add')], ...levels.map((l) => [l.name, levelLabel(l.name)])], '');
    field('csv').textContent = t('export.csv');
    field('xlsx').textContent = t('export.xlsx');
    field('explain').textContent = t('explain');
    field('addFilter').textContent = t('x.addFilter');

    const change = (patch) => { s = { ...s, ...patch }; writeState(ctx.state, s); draw(); };
    chips(root.querySelector('.measures'), s.measures, measureLabel, (m) => change({ measures: s.measures.filter((x) => x !== m) }), measureTitle);
    chips(root.querySelector('.rows'), s.rows, levelLabel, (l) => change({ rows: s.rows.filter((x) => x !== l) }));
    chips(root.querySelector('.cols'), s.cols, levelLabel, (l) => change({ cols: s.cols.filter((x) => x !== l) }));
    chips(root.querySelector('.filters'), s.filters.map((f) => f.level), (l) => `${levelLabel(l)} = ${s.filters.find((f) => f.level === l).values.join(' | ')}`,
      (l) => change({ filters: s.filters.filter((f) => f.level !== l) }));

    field('cube').addEventListener('change', (e) => { ctx.state.set({ cube: e.target.value, m: null, r: null, c: null, f: null, rel: null, view: null }); this.render(root, ctx); });
    field('rel').addEventListener('change', (e) => change({ relative: e.target.value }));
    field('view').addEventListener('change', (e) => change({ view: e.target.value }));
    field('measure').addEventListener('change', (e) => {
      const column = e.target.value + (field('modifier').value ? ':' + field('modifier').value : '');
      if (e.target.value && !s.measures.includes(column)) { s.measures = [...s.measures, column]; writeState(ctx.state, s); this.render(root, ctx); }
    });
    field('row').addEventListener('change', (e) => { if (e.target.value) { s.rows = [...s.rows, e.target.value]; writeState(ctx.state, s); this.render(root, ctx); } });
    field('col').addEventListener('change', (e) => { if (e.target.value) { s.cols = [...s.cols, e.target.value]; writeState(ctx.state, s); this.render(root, ctx); } });
    field('filterLevel').addEventListener('change', async (e) => {
      const members = field('filterMembers');
      members.hidden = field('addFilter').hidden = !e.target.value;
      if (!e.target.value) return;
      try {
        const answer = await ctx.api(`/api/cubes/${encodeURIComponent(s.cube)}/members/${encodeURIComponent(e.target.value)}?lang=${lang}`);
        fill(members, answer.rows.filter((r) => r[0] != null).map((r) => [String(r[0]), r[1] ?? String(r[0])]), null);
        members.size = Math.min(8, Math.max(2, answer.rows.length));
      } catch (error) { ctx.notify(error); }
    });
    field('addFilter').addEventListener('click', () => {
      const level = field('filterLevel').value;
      const values = [...field('filterMembers').selectedOptions].map((o) => o.value);
      if (!level || values.length === 0) return;
      s.filters = [...s.filters.filter((f) => f.level !== level), { level, values }];
      writeState(ctx.state, s);
      this.render(root, ctx);
    });
    const exportAs = async (format) => {
      try {
        const body = queryOf(s, [...s.rows, ...s.cols], lang, cube);
        download(await ctx.api(`/api/cubes/${encodeURIComponent(s.cube)}/query`, { method: 'POST', body, format }), `${s.cube}.${format}`);
      } catch (error) { ctx.notify(error); }
    };
    field('csv').addEventListener('click', () => exportAs('csv'));
    field('xlsx').addEventListener('click', () => exportAs('xlsx'));
    field('explain').addEventListener('click', async () => {
      const out = root.querySelector('.explain-out');
      if (!out.hidden) { out.hidden = true; return; }
      try {
        const explained = await ctx.api(`/api/cubes/${encodeURIComponent(s.cube)}/query?explain=true`, { method: 'POST', body: queryOf(s, [...s.cols, ...s.rows], lang, cube) });
        out.textContent = `-- rollup: ${explained.rollup ?? '(none: the facts)'}\n${explained.sql}\n-- parameters: ${JSON.stringify(explained.parameters)}`;
        out.hidden = false;
      } catch (error) { ctx.notify(error); }
    });

    const draw = async () => {
      const started = performance.now();
      const pivotEl = root.querySelector('.pivot');
      pivotEl.setAttribute('aria-busy', 'true');
      try {
        const url = `/api/cubes/${encodeURIComponent(s.cube)}/query`;
        const [main, totals] = await Promise.all([
          ctx.api(url, { method: 'POST', body: queryOf(s, [...s.cols, ...s.rows], lang, cube) }),
          s.cols.length ? ctx.api(url, { method: 'POST', body: queryOf(s, s.rows, lang, cube) }) : null,
        ]);
        if (ctx.stale()) return;
        const drill = (level, key) => {
          const next = nextLevel(cube, level);
          if (!next) return;
          const rows = s.rows.includes(next) ? s.rows.filter((r) => r !== level) : s.rows.map((r) => (r === level ? next : r));
          s = { ...s, rows, filters: [...s.filters.filter((f) => f.level !== level), { level, values: [String(key)] }] };
          writeState(ctx.state, s);
          this.render(root, ctx);
        };
        const model = pivot(main, totals, s, { lang, t, measureLabel, levelLabel, format: formatMeasure, canDrill: (level) => !!nextLevel(cube, level), drillTitle: (level) => t('x.drill', { level: levelLabel(nextLevel(cube, level)) }) });
        pivotEl.replaceChildren(model.element);
        for (const cell of pivotEl.querySelectorAll('[data-drill]')) cell.addEventListener('click', () => drill(cell.dataset.level, cell.dataset.key));
        root.querySelector('.source').textContent = main.rollup ? t('x.rollup', { rollup: main.rollup }) : t('x.facts');
        const chartEl = root.querySelector('.explorer-chart');
        const option = chartOption(model, s, cube, { lang, measureLabel });
        chartEl.parentElement.hidden = !option;
        if (option) ctx.chart(chartEl, option);
        root.dataset.drawnMs = String(Math.round(performance.now() - started));
        root.dataset.drawn = String(Number(root.dataset.drawn || 0) + 1);
      } catch (error) {
        ctx.notify(error);
      } finally {
        pivotEl.removeAttribute('aria-busy');
      }
    };
    await draw();
  },
};

function fill(select, options, value) {
  select.replaceChildren(...options.map(([v, label]) => Object.assign(document.createElement('option'), { value: v, textContent: label })));
  if (value != null) select.value = value;
}

function chips(el, items, label, remove, title) {
  el.replaceChildren(...items.map((item) => {
    const chip = Object.assign(document.createElement('span'), { className: 'chip' });
    chip.dataset.item = item;
    if (title) chip.title = title(item);
    const x = Object.assign(document.createElement('button'), { type: 'button', textContent: '×', title: '×' });
    x.addEventListener('click', () => remove(item));
    chip.append(label(item), x);
    return chip;
  }));
}

/** The name a description starts with ("Accounts opened (including …)" → "Accounts opened"), else the fallback. */
function short(text, fallback) {
  const head = (text || '').split(/[(（;；:：,，]/)[0].trim();
  return head || fallback;
}

function esc(text) { return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c])); }
