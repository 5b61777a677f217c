// ECharts (window.echarts, from /ui/vendor/echarts.min.js) in an element, resized with it; one instance per element.

const observed = new WeakMap();

export function chart(el, option, { notMerge = true } = {}) {
  let instance = window.echarts.getInstanceByDom(el);
  if (!instance) {
    instance = window.echarts.init(el, null, { renderer: 'canvas' });
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(el);
    observed.set(el, resize);
  }
  instance.setOption({ animation: false, ...option }, { notMerge });
  return instance;
}

/** Disposes the charts inside `root` (when a page is left). */
export function disposeCharts(root) {
  for (const el of root.querySelectorAll('[_echarts_instance_]')) {
    observed.get(el)?.disconnect();
    window.echarts.getInstanceByDom(el)?.dispose();
  }
}
