// The JSON API client: same-origin fetch with the session cookie, the CSRF
// token on every write, and the error envelope turned into an ApiError
// carrying the server's message and the field at fault. Every request names
// the UI language (Accept-Language), so refusals come back in it.
import { getLang } from './i18n.js';

let csrf = null;
// Writes wait for the token: a screen may render from the remembered account
// before GET /api/me has answered with it.
let csrfReady;
let csrfResolve;
const csrfReset = () => {
  csrfReady = new Promise((r) => (csrfResolve = r));
};
csrfReset();

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || 'http';
    this.params = Array.isArray(e.params) ? e.params : [];
    this.field = e.field || null;
    this.line = e.line ?? null;
    this.column = e.column ?? null;
  }
}

export function setCsrf(token) {
  csrf = token;
  if (token) csrfResolve();
  else csrfReset();
}

export async function api(method, path, body, opts = {}) {
  const headers = { 'accept-language': getLang(), ...(opts.headers || {}) };
  let payload;
  if (body !== undefined) {
    if (opts.raw) {
      // a file as it is (ArrayBuffer or Blob): the server reads its format
      headers['content-type'] = 'application/octet-stream';
      payload = body;
    } else if (typeof body === 'string' && opts.xml) {
      headers['content-type'] = 'application/xml';
      payload = body;
    } else {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  if (method !== 'GET' && path !== '/api/login') {
    await Promise.race([csrfReady, new Promise((r) => setTimeout(r, 5000))]);
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const ct = res.headers.get('content-type') || '';
  const data = ct.startsWith('application/json') ? await res.json() : await res.text();
  if (!res.ok) throw new ApiError(res.status, data);
  if (opts.withEtag) return { data, etag: res.headers.get('etag') };
  return data;
}

// Identical GETs in flight at the same time share one request (screens and
// their parts often ask for the same lists while loading).
const inflight = new Map();
export const get = (p, o) => {
  if (o) return api('GET', p, undefined, o);
  if (!inflight.has(p))
    inflight.set(
      p,
      api('GET', p).finally(() => inflight.delete(p)),
    );
  return inflight.get(p);
};
export const post = (p, b, o) => api('POST', p, b, o);
export const patch = (p, b, o) => api('PATCH', p, b, o);
export const put = (p, b, o) => api('PUT', p, b, o);
export const del = (p, o) => api('DELETE', p, undefined, o);

/** All items of a paged list (up to `max`). */
export async function all(path, max = 2000) {
  const sep = path.includes('?') ? '&' : '?';
  const items = [];
  for (let offset = 0; offset < max; offset += 500) {
    const page = await get(`${path}${sep}limit=500&offset=${offset}`);
    items.push(...page.items);
    if (items.length >= page.total || !page.items.length) break;
  }
  return items;
}

/**
 * Sends a file as the raw request body with XMLHttpRequest (fetch reports no
 * upload progress): onProgress(sent, total) as the bytes go; resolves with
 * the JSON answer, rejects with an ApiError (status 0 when the connection failed).
 */
export async function upload(path, file, { onProgress } = {}) {
  await Promise.race([csrfReady, new Promise((r) => setTimeout(r, 5000))]);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    if (onProgress) xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.onload = () => {
      let data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else reject(new ApiError(xhr.status, data));
    };
    xhr.send(file);
  });
}
