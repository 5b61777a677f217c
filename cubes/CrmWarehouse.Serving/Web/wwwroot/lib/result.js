// Helpers for the API's tabular answers ({columns: [{name, type, role?, format?, unit?}], rows: [[...]], truncated}).

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/i;

export function isNumericType(type) { return NUMERIC.test(type || ''); }

/** Formats a number with a .NET-style format of the cube model ("#,##0.00", "0.0%", "#,##0"). */
export function formatMeasure(value, format, lang) {
  if (value == null || value === '') return '';
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  const locale = lang === 'zh' ? 'zh-CN' : 'en-US';
  if (format && format.includes('%')) {
    const digits = (format.split('.')[1] || '').replace(/[^0#]/g, '').length;
    return (n * 100).toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }) + '%';
  }
  const digits = format ? (format.split('.')[1] || '').replace(/[^0#]/g, '').length : (Number.isInteger(n) ? 0 : 2);
  return n.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: !format || format.includes(',') });
}

/** A chart of any tabular answer: the first text/date column as categories, numeric columns as series. */
export function chartOfAnswer(answer) {
  const cols = answer.columns;
  const numeric = cols.map((c) => isNumericType(c.type));
  const category = cols.findIndex((c, i) => !numeric[i]);
  const series = cols.map((c, i) => i).filter((i) => numeric[i] && i !== category);
  if (series.length === 0 || answer.rows.length === 0) return null;
  const x = category >= 0 ? answer.rows.map((r) => String(r[category])) : answer.rows.map((_, i) => String(i + 1));
  const isTime = category >= 0 && /DATE|TIMESTAMP/i.test(cols[category].type);
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 60, right: 20, top: 40, bottom: 60, containLabel: true },
    xAxis: { type: 'category', data: x, axisLabel: { rotate: x.length > 12 ? 45 : 0 } },
    yAxis: { type: 'value' },
    dataZoom: x.length > 40 ? [{ type: 'slider' }] : [],
    series: series.slice(0, 8).map((i) => ({ name: cols[i].name, type: isTime ? 'line' : 'bar', data: answer.rows.map((r) => (r[i] == null ? null : Number(r[i]))) })),
  };
}
