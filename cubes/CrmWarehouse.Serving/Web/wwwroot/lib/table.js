// A grid: table(el, columns, rows, options). columns: [{name, label?, numeric?, format?(value, row)}]; rows: arrays
// (by column position) or objects (by column name). Numbers are formatted for the language unless the column formats
// them; options: {lang, rowClass(row) → 'subtotal'|'total'|'', onCell(row, column, td), maxRows}.

export function numberText(value, lang, digits) {
  if (value == null || value === '') return '';
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  const fraction = digits ?? (Number.isInteger(n) ? 0 : 2);
  return n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', { minimumFractionDigits: fraction, maximumFractionDigits: fraction });
}

export function table(el, columns, rows, options = {}) {
  const lang = options.lang || 'en';
  const wrap = document.createElement('div');
  wrap.className = 'grid-wrap';
  const grid = document.createElement('table');
  grid.className = 'grid';
  const head = grid.createTHead().insertRow();
  for (const column of columns) {
    const th = document.createElement('th');
    th.textContent = column.label ?? column.name;
    if (column.numeric) th.className = 'num';
    head.append(th);
  }
  const body = grid.createTBody();
  const shown = options.maxRows ? rows.slice(0, options.maxRows) : rows;
  for (const row of shown) {
    const tr = body.insertRow();
    const cls = options.rowClass?.(row);
    if (cls) tr.className = cls;
    columns.forEach((column, i) => {
      const td = tr.insertCell();
      const value = Array.isArray(row) ? row[i] : row[column.name];
      td.textContent = column.format ? column.format(value, row) : column.numeric ? numberText(value, lang) : (value ?? '');
      if (column.numeric) td.className = 'num';
      options.onCell?.(row, column, td);
    });
  }
  wrap.append(grid);
  el.replaceChildren(wrap);
  return grid;
}
