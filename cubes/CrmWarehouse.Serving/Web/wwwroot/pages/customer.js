// Customer 360: find a golden customer (by id; by name or resident ID number for roles that see personal data), then
// the customer as the role's views show it, the source records merged into it with the match's explanation (which
// fields agreed, at what level, with what weight; total against the threshold), accounts, month-end balances, scores
// and next best offers. Everything comes from GET /api/customers…, masked by the server for the role.
import { panel, chartBox, el, percent, strings, useStyles } from './dashboard-kit.js';

const PROFILE = ['customer_id', 'name', 'gender', 'birth_date', 'age_band', 'education', 'occupation', 'income_band', 'id_number', 'phone',
  'province', 'city', 'address', 'segment', 'tier', 'versions'];
const SCORES = ['value_tier', 'rfm_segment', 'r_score', 'f_score', 'm_score', 'loyalty_index', 'profit', 'revenue', 'pareto_rank', 'clv', 'p_alive',
  'churn_risk', 'churn_risk_band', 'products_held', 'tenure_months', 'segment_id'];

function signed(value) {
  const n = Number(value);
  return (n >= 0 ? '+' : '') + n.toFixed(2);
}

export default {
  id: 'customer',
  title: { en: 'Customer 360', zh: '客户 360' },
  group: 'customers',
  allowed: (me) => me.capabilities.customerRows,
  strings: strings({
    en: {
      'customer.find': 'Find', 'customer.placeholderId': 'Customer id', 'customer.placeholderAny': 'Customer id, name or resident ID number',
      'customer.byIdOnly': 'Your role sees personal data masked, so customers are found by id.',
      'customer.none': 'No customer found.', 'customer.profile': 'Customer', 'customer.records': 'Source records merged into this customer',
      'customer.recordsAbout': 'Each record was linked through the record of the same customer it agrees with best: the fields compared, the level of agreement and its weight (log2 Bayes factor); the total (prior + weights) must reach the threshold.',
      'customer.linked': 'linked through {other}: total {total} ≥ threshold {threshold} (probability {p})',
      'customer.alone': 'the only record of this customer',
      'customer.accounts': 'Accounts', 'customer.balances': 'Month-end balances', 'customer.scores': 'Scores', 'customer.offers': 'Next best offers',
      'customer.masked': 'Personal data masked for role {role}.',
    },
    zh: {
      'customer.find': '查找', 'customer.placeholderId': '客户编号', 'customer.placeholderAny': '客户编号、姓名或身份证号',
      'customer.byIdOnly': '您的角色只能看到脱敏的个人信息，因此只能按客户编号查找。',
      'customer.none': '未找到客户。', 'customer.profile': '客户', 'customer.records': '合并到该客户的源记录',
      'customer.recordsAbout': '每条记录通过与其最相符的同一客户的另一条记录关联：比较的字段、相符程度及其权重（log2 贝叶斯因子）；总分（先验 + 权重）须达到阈值。',
      'customer.linked': '经 {other} 关联：总分 {total} ≥ 阈值 {threshold}（概率 {p}）',
      'customer.alone': '该客户仅此一条记录',
      'customer.accounts': '账户', 'customer.balances': '月末余额', 'customer.scores': '评分', 'customer.offers': '下一步最佳推荐',
      'customer.masked': '角色 {role} 的个人信息已脱敏。',
    },
  }),
  async render(root, ctx) {
    useStyles();
    const personal = ctx.me.capabilities.searchByPersonalData;
    const search = panel(root, ctx.page.title[ctx.lang] ?? ctx.page.title.en);
    const form = el('form', 'row customer-search');
    const input = Object.assign(document.createElement('input'), { name: 'q', className: 'grow', value: ctx.state.get('q') ?? ctx.state.get('id') ?? '' });
    input.placeholder = ctx.t(personal ? 'customer.placeholderAny' : 'customer.placeholderId');
    const button = el('button', 'primary', ctx.t('customer.find'));
    button.type = 'submit';
    form.append(input, button);
    search.append(form);
    if (!personal) search.append(el('p', 'muted', ctx.t('customer.byIdOnly')));
    const found = el('div', 'found');
    search.append(found);
    const view = el('div', 'customer-view');
    root.append(view);

    const show = async (id) => {
      ctx.state.set({ id: String(id), q: null }, { replace: true });
      found.replaceChildren();
      await this.show(view, ctx, id);
    };
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const q = input.value.trim();
      if (!q) return;
      try {
        const answer = await ctx.api('/api/customers?q=' + encodeURIComponent(q));
        found.replaceChildren();
        view.replaceChildren();
        if (answer.customers.length === 1) { await show(answer.customers[0].customer_id); return; }
        ctx.state.set({ q, id: null }, { replace: true });
        if (answer.customers.length === 0) { found.append(el('p', 'muted no-customer', ctx.t('customer.none'))); return; }
        ctx.table(found, [{ name: 'customer_id' }, { name: 'name' }, { name: 'gender' }, { name: 'age_band' }, { name: 'city' }, { name: 'tier' }, { name: 'value_tier' }],
          answer.customers, { onCell: (row, column, td) => { if (column.name === 'customer_id') { td.classList.add('link'); td.onclick = () => show(row.customer_id); } } });
      } catch (error) {
        ctx.notify(error);
      }
    });
    const id = ctx.state.get('id');
    if (id) await this.show(view, ctx, id);
  },

  /** The 360 of customer `id` into `view`. */
  async show(view, ctx, id) {
    view.replaceChildren();
    const c = await ctx.api(`/api/customers/${encodeURIComponent(id)}`);
    if (ctx.stale()) return;
    view.dataset.customer = String(c.customer.customer_id);
    view.dataset.personalData = c.personalData;

    const profile = panel(view, ctx.t('customer.profile'));
    if (c.personalData === 'masked') profile.append(el('p', 'muted', ctx.t('customer.masked', { role: ctx.me.role })));
    const facts = el('dl', 'facts');
    for (const key of PROFILE) {
      const value = c.customer[key];
      if (value == null) continue;
      const dd = el('dd', '', String(value));
      dd.dataset.field = key;
      facts.append(el('dt', '', key), dd);
    }
    profile.append(facts);

    const scores = panel(view, ctx.t('customer.scores'));
    if (c.scores) {
      const list = el('dl', 'facts scores');
      for (const key of SCORES) {
        if (c.scores[key] == null) continue;
        const n = Number(c.scores[key]);
        const dd = el('dd', '', typeof c.scores[key] === 'number' && !Number.isInteger(n) ? n.toLocaleString(ctx.lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 3 }) : String(c.scores[key]));
        dd.dataset.field = key;
        list.append(el('dt', '', key), dd);
      }
      scores.append(el('p', 'muted', 'as of ' + (c.scores.as_of ?? '')), list);
    } else {
      scores.append(el('p', 'muted', ctx.t('dash.empty')));
    }

    const records = panel(view, ctx.t('customer.records'), { wide: true });
    records.append(el('p', 'muted', ctx.t('customer.recordsAbout')));
    for (const r of c.records ?? []) {
      const card = el('div', 'record');
      card.dataset.record = r.record_id;
      const head = el('div', 'record-head');
      head.append(el('strong', '', r.record_id), el('span', 'chip', r.source));
      head.append(el('span', 'muted', r.linked_through
        ? ctx.t('customer.linked', { other: r.linked_through, total: Number(r.total_weight).toFixed(2), threshold: Number(r.threshold_weight).toFixed(2), p: Number(r.probability).toFixed(4) })
        : ctx.t('customer.alone')));
      card.append(head);
      if (r.name !== undefined) {
        const values = el('div', 'record-values muted');
        values.textContent = ['name', 'gender', 'birth_date', 'id_number', 'phone', 'city', 'address', 'updated_at'].map((k) => r[k]).filter((v) => v != null).join(' · ');
        card.append(values);
      }
      if (r.fields) {
        const chips = el('div', 'chips evidence');
        for (const f of r.fields) {
          const chip = el('span', 'chip ' + (Number(f.weight) > 0.05 ? 'agree' : Number(f.weight) < -0.05 ? 'disagree' : 'neutral'), `${f.comparison}: ${f.level} (${signed(f.weight)})`);
          chip.dataset.comparison = f.comparison;
          chip.dataset.weight = String(f.weight);
          chips.append(chip);
        }
        chips.append(el('span', 'chip prior', `prior (${signed(r.prior_weight)})`));
        card.append(chips);
      }
      records.append(card);
    }

    const accounts = panel(view, ctx.t('customer.accounts'), { wide: true });
    if (c.accounts) {
      ctx.table(accounts.appendChild(document.createElement('div')), [
        { name: 'account_number' }, { name: 'product_name' }, { name: 'category' }, { name: 'branch_name' }, { name: 'open_date' },
        { name: 'close_date' }, { name: 'status' }, { name: 'close_reason' },
      ], c.accounts);
    }

    const balances = panel(view, ctx.t('customer.balances'), { wide: true });
    if (c.balances?.length) {
      const months = [...new Set(c.balances.map((b) => b.month_end))];
      const categories = [...new Set(c.balances.map((b) => b.category))];
      ctx.chart(chartBox(balances, 'customer-balances', 300), {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 60, right: 20, top: 40, bottom: 40, containLabel: true },
        xAxis: { type: 'category', data: months },
        yAxis: { type: 'value' },
        series: categories.map((cat) => ({
          name: cat, type: 'line', stack: 'balance', areaStyle: {}, showSymbol: false,
          data: months.map((m) => c.balances.find((b) => b.month_end === m && b.category === cat)?.balance ?? 0),
        })),
      });
    } else {
      balances.append(el('p', 'muted', ctx.t('dash.empty')));
    }

    const offers = panel(view, ctx.t('customer.offers'), { wide: true });
    if (c.offers?.length) {
      ctx.table(offers.appendChild(document.createElement('div')), [
        { name: 'rank' }, { name: 'offer' }, { name: 'confidence', numeric: true, format: (v) => percent(v, ctx.lang) },
        { name: 'lift', numeric: true }, { name: 'because' },
      ], c.offers);
    } else {
      offers.append(el('p', 'muted', ctx.t('dash.empty')));
    }
  },
};
