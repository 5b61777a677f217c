// The HTTP API's reference (/ui/api): the OpenAPI document the server makes (/openapi/v1.json), rendered here:
// every endpoint with its parameters, body and answers. Visible to every role; it describes, it shows no data.

const COLORS = { get: '#2f6fde', post: '#1e8e3e', delete: '#c0392b', put: '#b7791f' };

function schemaText(schema, doc, depth = 0) {
  if (!schema) return '';
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop();
    const target = doc.components?.schemas?.[name];
    return depth > 2 || !target ? name : schemaText(target, doc, depth + 1);
  }
  if (schema.type === 'array' || schema.items) return `[${schemaText(schema.items, doc, depth + 1)}]`;
  if (schema.properties) {
    const pad = '  '.repeat(depth + 1);
    return '{\n' + Object.entries(schema.properties).map(([k, v]) => `${pad}${k}: ${schemaText(v, doc, depth + 1)}`).join(',\n') + '\n' + '  '.repeat(depth) + '}';
  }
  const type = Array.isArray(schema.type) ? schema.type.filter((x) => x !== 'null').join('|') : schema.type;
  return (type || 'any') + (schema.format ? ` (${schema.format})` : '');
}

export default {
  id: 'api',
  title: { en: 'API reference', zh: 'API 参考' },
  group: 'admin',
  allowed: () => true,
  strings: {
    en: { 'api.intro': 'Every endpoint of the HTTP API, from its OpenAPI document:', 'api.body': 'Body', 'api.params': 'Parameters', 'api.responses': 'Answers' },
    zh: { 'api.intro': 'HTTP API 的全部端点，取自其 OpenAPI 文档：', 'api.body': '请求体', 'api.params': '参数', 'api.responses': '响应' },
  },
  async render(root, ctx) {
    const doc = await ctx.api('/openapi/v1.json');
    root.innerHTML = '<h1></h1><p class="muted"><span class="intro"></span> <a href="/openapi/v1.json">/openapi/v1.json</a></p><div class="endpoints"></div>';
    root.querySelector('h1').textContent = doc.info?.title ?? 'API';
    root.querySelector('.intro').textContent = ctx.t('api.intro');
    const list = root.querySelector('.endpoints');
    const entries = Object.entries(doc.paths || {}).sort(([a], [b]) => a.localeCompare(b));
    for (const [path, operations] of entries) {
      for (const [method, op] of Object.entries(operations)) {
        if (!COLORS[method]) continue;
        const panel = document.createElement('details');
        panel.className = 'panel endpoint';
        const summary = document.createElement('summary');
        const verb = Object.assign(document.createElement('b'), { textContent: method.toUpperCase() });
        verb.style.color = COLORS[method];
        summary.append(verb, ' ', Object.assign(document.createElement('code'), { textContent: path }), op.summary ? ` — ${op.summary}` : '');
        panel.append(summary);
        const params = (op.parameters || []).map((p) => `${p.name} (${p.in}${p.required ? ', required' : ''}): ${schemaText(p.schema, doc)}`);
        if (params.length) panel.append(section(ctx.t('api.params'), params.join('\n')));
        const body = op.requestBody?.content && Object.entries(op.requestBody.content)[0];
        if (body) panel.append(section(`${ctx.t('api.body')} (${body[0]})`, schemaText(body[1].schema, doc)));
        const answers = Object.entries(op.responses || {}).map(([code, r]) => `${code} ${r.description || ''} ${Object.keys(r.content || {}).join(', ')}`.trim());
        if (answers.length) panel.append(section(ctx.t('api.responses'), answers.join('\n')));
        list.append(panel);
      }
    }
  },
};

function section(title, text) {
  const div = document.createElement('div');
  div.append(Object.assign(document.createElement('h2'), { textContent: title }), Object.assign(document.createElement('pre'), { textContent: text }));
  return div;
}
