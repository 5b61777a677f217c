// English and Chinese. The language follows the browser until the user picks one, which is remembered.
// Strings: i18n/<lang>.json (the shell's and shared ones) plus each page module's own `strings`.

const STORE = 'crmw.lang';
const tables = {};
const pageStrings = {};

export function initialLanguage() {
  const saved = localStorage.getItem(STORE);
  if (saved === 'en' || saved === 'zh') return saved;
  return (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function remember(lang) { localStorage.setItem(STORE, lang); }

export async function load(lang) {
  if (!tables[lang]) {
    const response = await fetch(`/ui/i18n/${lang}.json`);
    tables[lang] = await response.json();
  }
  return tables[lang];
}

/** Adds a page's own strings ({en: {...}, zh: {...}}) under their keys. */
export function addStrings(strings) {
  for (const [lang, entries] of Object.entries(strings || {})) {
    pageStrings[lang] = { ...(pageStrings[lang] || {}), ...entries };
  }
}

/** t(key, {name: value}): the string in `lang`, {name} replaced; the English one, or the key itself, when missing. */
export function translator(lang) {
  return (key, vars) => {
    let text = pageStrings[lang]?.[key] ?? tables[lang]?.[key] ?? pageStrings.en?.[key] ?? tables.en?.[key] ?? key;
    if (vars) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
    return text;
  };
}

/** A {en, zh} pair (cube descriptions, page titles) in `lang`. */
export function pick(pair, lang) {
  if (pair == null || typeof pair === 'string') return pair ?? '';
  return pair[lang] ?? pair.en ?? pair.zh ?? '';
}
