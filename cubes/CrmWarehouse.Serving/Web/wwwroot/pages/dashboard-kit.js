// What the dashboards share (not a page): the heading with its one-line explanation and the crmw command that
// reproduces its numbers, panels, cube answers turned into series, and the figures of GET /api/mining/figures.

/** Adds the dashboards' stylesheet once (a file of this host, so the page's Content-Security-Policy allows it). */
export function useStyles() {
  if (document.getElementById('dashboards-css')) return;
  const link = Object.assign(document.createElement('link'), { id: 'dashboards-css', rel: 'stylesheet', href: '/ui/pages/dashboards.css' });
  document.head.append(link);
}

/** Heading, explanation and command of a dashboard; returns the element the panels go into. */
export function dashboard(root, ctx, { about, commands }) {
  useStyles();
  const head = el('div', 'panel dashboard-head');
  head.append(el('h1', '', ctx.page.title[ctx.lang] ?? ctx.page.title.en));
  head.append(el('p', 'about', ctx.t(about)));
  const how = el('div', 'reproduce');
  how.append(el('span', 'muted', ctx.t('dash.reproduce') + ' '));
  for (const command of commands) how.append(el('code', 'command', command));
  head.append(how);
  root.append(head);
  const body = el('div', 'dashboard-body');
  root.append(body);
  return body;
}

/** A titled panel in `parent`; returns it. */
export function panel(parent, title, { wide = false } = {}) {
  const p = el('section', 'panel' + (wide ? ' wide' : ''));
  if (title) p.append(el('h2', '', title));
  parent.append(p);
  return p;
}

/** A chart area in `parent`, named for the tests (data-chart). */
export function chartBox(parent, name, height) {
  const box = el('div', 'chart');
  box.dataset.chart = name;
  if (height) box.style.height = height + 'px';
  parent.append(box);
  return box;
}

/** Runs a section and shows its error inside it, so one refused or failed section leaves the others standing. */
export async function section(parent, ctx, run) {
  try {
    await run();
  } catch (error) {
    if (ctx.stale()) return;
    const note = el('div', 'muted section-error', error.status === 403 ? ctx.t('dash.refused', { role: ctx.me.role }) : error.message);
    note.dataset.status = String(error.status ?? '');
    parent.append(note);
  }
}

/** POST /api/cubes/{cube}/query. */
export function cube(ctx, name, query) {
  return ctx.api(`/api/cubes/${name}/query`, { method: 'POST', body: { language: ctx.lang, ...query } });
}

/** Column index of `name` in a cube / SQL answer. */
export function column(answer, name) {
  const i = answer.columns.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`The answer has no column ${name} (it has ${answer.columns.map((c) => c.name).join(', ')}).`);
  return i;
}

/** Values of a column as numbers (null stays null). */
export function numbers(answer, name) {
  const i = column(answer, name);
  return answer.rows.map((r) => (r[i] == null ? null : Number(r[i])));
}

/** Values of a column as text. */
export function texts(answer, name) {
  const i = column(answer, name);
  return answer.rows.map((r) => (r[i] == null ? '' : String(r[i])));
}

/** GET /api/mining/figures/{name}: {figure, asOf, rows: [{column: value}]}. */
export function figure(ctx, name) {
  return ctx.api(`/api/mining/figures/${name}`);
}

/** A mining endpoint's tabular answer as objects by column name. */
export function objects(answer) {
  return answer.rows.map((r) => Object.fromEntries(answer.columns.map((c, i) => [c.name, r[i]])));
}

export function percent(value, lang, digits = 1) {
  if (value == null) return '';
  return (Number(value) * 100).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) + '%';
}

export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}

/** Strings every dashboard uses. */
export const kitStrings = {
  en: {
    'dash.reproduce': 'Reproduce:',
    'dash.refused': 'Role {role} does not see the data of this part.',
    'dash.empty': 'Nothing to show yet.',
  },
  zh: {
    'dash.reproduce': '复现命令：',
    'dash.refused': '角色 {role} 看不到这部分的数据。',
    'dash.empty': '暂无数据。',
  },
};

/** Page strings with the kit's merged in. */
export function strings(own) {
  return { en: { ...kitStrings.en, ...own.en }, zh: { ...kitStrings.zh, ...own.zh } };
}
