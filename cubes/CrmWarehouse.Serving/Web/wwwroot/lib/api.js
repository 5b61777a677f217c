// The one way pages talk to the server: the HTTP API, signed in by the session cookie, with the session's CSRF
// token on every request that changes something. Errors become an Error whose message is the problem's detail.

let csrf = null;

export function setCsrf(token) { csrf = token; }

export class ApiError extends Error {
  constructor(status, title, detail, problem) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
    this.problem = problem;
  }
}

/**
 * api(path, {method, body, format, signal}): body is sent as JSON; format 'csv' or 'xlsx' returns a Blob (for a
 * download), otherwise the parsed JSON (null for 204).
 */
export async function api(path, { method = 'GET', body, format, signal } = {}) {
  const headers = { 'X-Requested-With': 'crmw-ui' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  let url = path;
  if (format) url += (url.includes('?') ? '&' : '?') + 'format=' + encodeURIComponent(format);
  const response = await fetch(url, {
    method, headers, signal, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    const error = new ApiError(response.status, problem?.title, problem?.detail, problem);
    if (response.status === 401) window.dispatchEvent(new CustomEvent('crmw:signed-out'));
    throw error;
  }
  if (response.status === 204) return null;
  if (format === 'csv' || format === 'xlsx') return await response.blob();
  return await response.json();
}

/** Saves a Blob as a file, as a download link would. */
export function download(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
