// The API client: the bearer token lives in sessionStorage (gone when the tab closes), every call goes to /api.
/** @import { Session } from './api-types.js' */

const SESSION_KEY = 'sle-brokerage.session';

export const session = {
  /** @returns {Session | null} */
  load() {
    try {
      return JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    } catch {
      return null;
    }
  },
  /** @param {Session} value */
  save(value) {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(value));
  },
  clear() {
    sessionStorage.removeItem(SESSION_KEY);
  },
};

/**
 * An error's JSON: `message` says what was wrong, `fields` (on a 400) names each bad field.
 * @typedef {{ message?: string | string[], fields?: Record<string, string[]>, [key: string]: unknown }} ErrorBody
 */

/** An answer other than 2xx: `fields` maps a field path (`expectedOutcomes.0.target`) to its messages. */
export class ApiError extends Error {
  /**
   * @param {number} status 0 when the service could not be reached
   * @param {ErrorBody | null} body
   */
  constructor(status, body) {
    const messages = Array.isArray(body?.message) ? body.message : body?.message ? [String(body.message)] : [];
    super(messages.join('; ') || defaultMessage(status));
    this.status = status;
    this.body = body ?? {};
    this.fields = body?.fields && typeof body.fields === 'object' ? body.fields : {};
    this.messages = messages.length ? messages : [defaultMessage(status)];
  }
}

/** @param {number} status */
function defaultMessage(status) {
  if (status === 0) return 'The service could not be reached. Check your connection and try again.';
  if (status === 401) return 'Please sign in again.';
  if (status === 403) return 'You do not have permission to do this.';
  if (status === 404) return 'Not found.';
  if (status === 409) return 'This could not be done in the current state; reload and try again.';
  if (status === 503) return 'The service is busy; try again in a moment.';
  return 'Something went wrong; try again.';
}

/** A random key, so that a command resent after a lost answer is applied once. */
export function newIdempotencyKey() {
  // randomUUID exists only in a secure context (HTTPS or localhost), whatever the DOM's types say.
  if (typeof globalThis.crypto?.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * @typedef {object} CallOptions
 * @property {string} [method]
 * @property {unknown} [body] Sent as JSON.
 * @property {Record<string, string>} [headers]
 * @property {string} [accept]
 * @property {boolean} [raw] Answer the Response itself.
 */

/**
 * Calls the API. JSON in and out by default; with `raw: true` the Response is returned (for CSV downloads).
 * Throws ApiError for any answer other than 2xx; a 401 also ends the session.
 * @param {string} path
 * @param {CallOptions} [options]
 * @returns {Promise<any>} The JSON as the API sends it (unchecked), text, null for a 204, or with `raw` the Response.
 */
export async function api(path, { method = 'GET', body, headers = {}, accept = 'application/json', raw = false } = {}) {
  const current = session.load();
  /** @type {Record<string, string>} */
  const allHeaders = { Accept: accept, ...headers };
  if (current?.token) allHeaders.Authorization = `Bearer ${current.token}`;
  if (body !== undefined) allHeaders['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers: allHeaders,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) {
    let data;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (response.status === 401 && current?.token) {
      session.clear();
      window.dispatchEvent(new CustomEvent('session-ended'));
    }
    throw new ApiError(response.status, data);
  }
  if (raw) return response;
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') ?? '';
  return type.includes('json') ? response.json() : response.text();
}

/**
 * @template [T=unknown] The answer's type, as the caller declares it.
 * @param {string} path
 * @returns {Promise<T>}
 */
export const get = (path) => api(path);
/**
 * @template [T=unknown]
 * @param {string} path
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 * @returns {Promise<T>}
 */
export const post = (path, body, headers = {}) => api(path, { method: 'POST', body, headers });

/**
 * `{ status: 'deployed', schoolUrn: '' }` → `?status=deployed`
 * @param {Record<string, string>} params
 */
export function query(params) {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries)}` : '';
}
