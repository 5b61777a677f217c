// The shell: who is signed in (GET /api/me), the sign-in form, the nav built from the page modules the role may see,
// and the router (/ui/<page id>?<page state>). Pages are modules of pages/ listed in pages/index.js (see README.md).

import pages from './pages/index.js';
import { api, setCsrf } from './lib/api.js';
import { initialLanguage, remember, load, addStrings, translator, pick } from './lib/i18n.js';
import { pageState } from './lib/state.js';
import { chart, disposeCharts } from './lib/chart.js';
import { table } from './lib/table.js';

const GROUPS = ['explore', 'dashboards', 'customers', 'sql', 'admin'];
const $ = (id) => document.getElementById(id);

let lang = initialLanguage();
let me = null;
let t = translator(lang);
let rendering = 0;

function notify(error) {
  const box = $('notice');
  if (!error) { box.hidden = true; return; }
  console.error(error);
  const text = typeof error === 'string' ? error : (error.title && error.message !== error.title ? `${error.title}: ${error.message}` : error.message);
  box.replaceChildren(Object.assign(document.createElement('button'), { textContent: '×', onclick: () => notify(null) }), document.createTextNode(text));
  box.hidden = false;
}

function visiblePages() {
  return pages.filter((p) => { try { return me && p.allowed(me); } catch { return false; } });
}

function pageId() {
  const rest = location.pathname.replace(/^\/ui\/?/, '').split('/')[0];
  return rest || null;
}

function go(id, query = '') {
  history.pushState(null, '', `/ui/${id}${query ? '?' + query : ''}`);
  render();
}

function buildNav() {
  const nav = $('nav');
  nav.replaceChildren();
  const shown = visiblePages();
  for (const group of GROUPS) {
    const inGroup = shown.filter((p) => p.group === group);
    if (inGroup.length === 0) continue;
    nav.append(Object.assign(document.createElement('span'), { className: 'group', textContent: t('group.' + group) }));
    for (const page of inGroup) {
      const a = document.createElement('a');
      a.href = `/ui/${page.id}`;
      a.dataset.page = page.id;
      a.textContent = pick(page.title, lang);
      a.addEventListener('click', (e) => { e.preventDefault(); $('nav').classList.remove('open'); go(page.id); });
      nav.append(a);
    }
  }
  $('user').textContent = me ? `${me.user} · ${me.role}` : '';
  $('signout').hidden = !me;
  $('signout').textContent = t('signOut');
}

async function render() {
  const run = ++rendering;
  const root = $('page');
  disposeCharts(root);
  notify(null);
  if (!me) { showSignIn(root); return; }
  const shown = visiblePages();
  const id = pageId();
  let page = shown.find((p) => p.id === id);
  if (!page) {
    if (id && pages.some((p) => p.id === id)) {
      root.replaceChildren(message(t('refused', { page: id, role: me.role })));
      root.firstChild.dataset.refused = id;
      markNav(null);
      return;
    }
    page = shown[0];
    if (!page) { root.replaceChildren(message(t('noPages', { role: me.role }))); return; }
    history.replaceState(null, '', `/ui/${page.id}`);
  }
  markNav(page.id);
  document.title = `${pick(page.title, lang)} · CrmWarehouse`;
  root.replaceChildren();
  delete root.dataset.rendered;
  root.dataset.page = page.id;
  const ctx = context(page, () => run !== rendering);
  try {
    await page.render(root, ctx);
  } catch (error) {
    if (run === rendering) notify(error);
  }
  // For tests and bench ui: the page's render has finished (its data shown), and when, since navigation start.
  if (run === rendering) {
    root.dataset.renderedAt = String(Math.round(performance.now()));
    root.dataset.rendered = String(run);
  }
}

function context(page, stale) {
  return {
    api, t, lang, me, notify, table: (el, columns, rows, options) => table(el, columns, rows, { lang, ...options }),
    chart, state: pageState(), go, stale,
    page,
  };
}

function markNav(id) {
  for (const a of $('nav').querySelectorAll('a')) a.classList.toggle('active', a.dataset.page === id);
}

function message(text) {
  const div = document.createElement('div');
  div.className = 'panel';
  div.textContent = text;
  return div;
}

function showSignIn(root) {
  buildNav();
  document.title = `${t('signIn')} · CrmWarehouse`;
  root.dataset.page = 'signin';
  root.innerHTML = `
    <div class="panel signin">
      <h1></h1>
      <form>
        <label class="field"><span data-t="user"></span><input name="user" autocomplete="username" required></label>
        <label class="field"><span data-t="password"></span><input name="password" type="password" autocomplete="current-password" required></label>
        <button class="primary" type="submit"></button>
        <div class="error" role="alert"></div>
      </form>
    </div>`;
  root.querySelector('h1').textContent = 'CrmWarehouse';
  root.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
  const form = root.querySelector('form');
  form.querySelector('button').textContent = t('signIn');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const error = form.querySelector('.error');
    error.textContent = '';
    try {
      const signedIn = await api('/api/session', { method: 'POST', body: { user: form.user.value, password: form.password.value } });
      await signedInAs(signedIn);
      render();
    } catch (err) {
      error.textContent = err.status === 401 ? t('wrongPassword') : err.message;
    }
  });
  form.user.focus();
}

async function signedInAs(who) {
  me = who;
  setCsrf(who?.csrf ?? null);
  buildNav();
}

async function setLanguage(next) {
  lang = next;
  remember(next);
  await load(next);
  t = translator(next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  $('lang').value = next;
  buildNav();
  render();
}

async function start() {
  for (const page of pages) addStrings(page.strings);
  const who = api('/api/me').catch((error) => error);
  await Promise.all([load('en'), load(lang), who]);
  t = translator(lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  $('lang').value = lang;
  $('lang').addEventListener('change', (e) => setLanguage(e.target.value));
  $('menu').addEventListener('click', () => $('nav').classList.toggle('open'));
  $('signout').addEventListener('click', async () => {
    try { await api('/api/session', { method: 'DELETE' }); } catch (error) { notify(error); }
    await signedInAs(null);
    history.pushState(null, '', '/ui/');
    render();
  });
  window.addEventListener('popstate', render);
  window.addEventListener('crmw:signed-out', () => { if (me) { signedInAs(null).then(render); } });
  const signedIn = await who;
  if (signedIn instanceof Error) {
    if (signedIn.status !== 401) notify(signedIn);
  } else {
    await signedInAs(signedIn);
  }
  render();
}

start();
