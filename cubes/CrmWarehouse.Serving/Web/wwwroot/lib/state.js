// A page's state lives in the URL's query (/ui/<page>?a=1&b=x), so every view can be bookmarked and shared.
// get/all read it; set changes it (pushing a history entry unless {replace: true}) without re-rendering: the page
// redraws what it changed itself; back/forward re-render the page from the URL.

export function pageState() {
  const params = () => new URLSearchParams(location.search);
  return {
    get: (name) => params().get(name),
    getAll: (name) => params().getAll(name),
    all: () => Object.fromEntries(params()),
    /** set({name: value | [values] | null}, {replace}) */
    set(patch, { replace = false } = {}) {
      const next = params();
      for (const [name, value] of Object.entries(patch)) {
        next.delete(name);
        if (value == null || value === '') continue;
        for (const v of Array.isArray(value) ? value : [value]) next.append(name, v);
      }
      const query = next.toString();
      const url = location.pathname + (query ? '?' + query : '');
      if (url === location.pathname + location.search) return;
      if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
    },
  };
}
