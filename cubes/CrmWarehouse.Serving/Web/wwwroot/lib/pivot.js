// A cube answer as a pivot table. `main` is the query by columns then rows with subtotals; with column levels,
// `totals` is the query by rows only with subtotals (the Total column and the row subtotals: computed by the server,
// so ratios, distinct counts and balances add up as the cube defines, never summed here).
// Returns {element, categories, series, rowsAreTime} for the chart: the detail rows as categories.

export function pivot(main, totals, s, o) {
  const nR = s.rows.length;
  const nC = s.cols.length;
  const index = (answer) => {
    const at = new Map(answer.columns.map((c, i) => [c.name, i]));
    return (name) => at.get(name);
  };
  const mi = index(main);
  const about = new Map(main.columns.map((c) => [c.name, c]));
  const grouping = (answer, ix, row) => (ix('_grouping') === undefined ? 0 : Number(row[ix('_grouping')]));
  const rowMask = (1 << nR) - 1;
  const keyOf = (parts) => JSON.stringify(parts);

  // The column members, in the answer's order, and the main answer's cells by (columns, rows, row grouping).
  const colMembers = [];
  const cells = new Map();
  if (nC) {
    const seen = new Set();
    for (const row of main.rows) {
      const g = grouping(main, mi, row);
      if (g >> nR !== 0) continue;
      const colKeys = s.cols.map((l) => row[mi(l)]);
      const k = keyOf(colKeys);
      if (!seen.has(k)) { seen.add(k); colMembers.push({ keys: colKeys, caption: s.cols.map((l) => row[mi(l + ':caption')]).join(' / ') }); }
      cells.set(keyOf([colKeys, s.rows.map((l) => row[mi(l)]), g & rowMask]), row);
    }
  }

  const source = nC ? totals : main;
  const si = index(source);
  const headers = [...s.rows.map((l) => ({ label: o.levelLabel(l) }))];
  const valueColumns = [];
  const unit = (m) => (about.get(m)?.unit ? ` (${about.get(m).unit})` : '');
  if (nC) {
    for (const member of colMembers) {
      for (const m of s.measures) valueColumns.push({ label: s.measures.length > 1 ? `${member.caption} · ${o.measureLabel(m)}` : member.caption, measure: m, member });
    }
    for (const m of s.measures) valueColumns.push({ label: s.measures.length > 1 ? `${o.t('total')} · ${o.measureLabel(m)}${unit(m)}` : o.t('total'), measure: m, total: true });
  } else {
    for (const m of s.measures) valueColumns.push({ label: o.measureLabel(m) + unit(m), measure: m, total: true });
  }

  const table = document.createElement('table');
  table.className = 'grid pivot-table';
  const head = table.createTHead().insertRow();
  for (const h of headers) head.append(th(h.label));
  for (const c of valueColumns) { const cell = th(c.label); cell.className = 'num'; cell.dataset.measure = c.measure; head.append(cell); }
  const body = table.createTBody();
  const categories = [];
  const detail = [];
  for (const row of source.rows) {
    const g = grouping(source, si, row);
    const kind = g === 0 ? 'detail' : (g & rowMask) === rowMask ? 'total' : 'subtotal';
    const tr = body.insertRow();
    tr.className = kind === 'detail' ? '' : kind;
    const rowKeys = s.rows.map((l) => row[si(l)]);
    let firstAggregated = true;
    s.rows.forEach((level, i) => {
      const cell = document.createElement('th');
      const aggregated = (g >> (nR - 1 - i)) & 1;
      if (aggregated) {
        cell.textContent = firstAggregated ? row[si(level + ':caption')] ?? o.t('total') : '';
        firstAggregated = false;
      } else {
        const caption = row[si(level + ':caption')] ?? String(rowKeys[i]);
        if (o.canDrill(level) && rowKeys[i] != null) {
          const link = Object.assign(document.createElement('span'), { className: 'drill', textContent: caption, title: o.drillTitle(level) });
          Object.assign(link.dataset, { drill: '1', level, key: String(rowKeys[i]) });
          cell.append(link);
        } else {
          cell.textContent = caption;
        }
      }
      tr.append(cell);
    });
    const values = [];
    for (const c of valueColumns) {
      const from = c.total ? row : cells.get(keyOf([c.member.keys, rowKeys, g & rowMask]));
      const value = from ? from[(c.total ? si : mi)(c.measure)] : null;
      const td = tr.insertCell();
      td.className = 'num';
      td.dataset.measure = c.measure;
      if (value != null) td.dataset.value = String(value);
      td.textContent = formatted(value, about.get(c.measure), o);
      values.push(value);
    }
    if (kind === 'detail' || nR === 0) {
      categories.push(s.rows.map((l) => row[si(l + ':caption')]).join(' / '));
      detail.push(values);
    }
  }

  // Series: one per value column that is not a total (per measure when there are no column levels).
  let series = valueColumns.map((c, i) => ({ name: c.member ? (s.measures.length > 1 ? `${c.member.caption} · ${o.measureLabel(c.measure)}` : c.member.caption) : o.measureLabel(c.measure), measure: c.measure, total: !!c.total && nC > 0, values: detail.map((v) => num(v[i])) }))
    .filter((x) => !x.total);
  let cats = categories;
  if (nR === 0 && nC > 0) {
    // No row levels: the column members are the categories, one series per measure.
    cats = colMembers.map((m) => m.caption);
    series = s.measures.map((m) => ({ name: o.measureLabel(m), measure: m, values: colMembers.map((member) => num(cells.get(keyOf([member.keys, [], 0]))?.[mi(m)])) }));
  }
  const wrap = document.createElement('div');
  wrap.className = 'grid-wrap';
  wrap.append(table);
  if (source.rows.length === 0) wrap.replaceChildren(Object.assign(document.createElement('p'), { className: 'muted', textContent: o.t('x.empty') }));
  return { element: wrap, categories: cats, series, formats: about };
}

function formatted(value, column, o) { return value == null ? '' : o.format(value, column?.format, o.lang); }

function num(v) { return v == null ? null : Number(v); }

function th(text) { const cell = document.createElement('th'); cell.textContent = text; return cell; }
