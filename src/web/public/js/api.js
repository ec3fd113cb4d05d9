// The API client. The session lives in an httpOnly cookie the page's script never sees (it survives a new tab and
// is gone when it expires or the person signs out); each change carries the session's CSRF token.
/** @import { SignInProviderOption, User, WebSession } from './api-types.js' */

const SAFE_METHODS = ['GET', 'HEAD'];

/** Who is signed in on this browser, the CSRF token of the session, and the sign-in providers configured. */
export const session = {
  /** @type {User | null} */
  user: null,
  /** @type {string | null} */
  csrfToken: null,
  /** @type {SignInProviderOption[]} */
  signInProviders: [],
  /** Asks the server (after a load, in a new tab, after a sign-in elsewhere). */
  async load() {
    /** @type {WebSession} */
    const answer = await api('/auth/session');
    this.update(answer);
    return answer;
  },
  /** @param {Partial<WebSession>} answer What the server said; a part it left out stays as it was. */
  update({ user, csrfToken, signInProviders }) {
    if (user !== undefined) this.user = user;
    if (csrfToken !== undefined) this.csrfToken = csrfToken;
    if (signInProviders !== undefined) this.signInProviders = signInProviders;
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
  if (status === 429) return 'Too many attempts; wait a little and try again.';
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
 * @param {number} status
 * @param {ErrorBody | null} data
 */
const isCsrfRefusal = (status, data) => status === 403 && /CSRF/.test(String(data?.message ?? ''));

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
 * Throws ApiError for any answer other than 2xx; a 401 for a signed-in user ends the session.
 * @param {string} path
 * @param {CallOptions} [options]
 * @returns {Promise<any>} The JSON as the API sends it (unchecked), text, null for a 204, or with `raw` the Response.
 */
export async function api(path, { method = 'GET', body, headers = {}, accept = 'application/json', raw = false } = {}) {
  const send = async () => {
    /** @type {Record<string, string>} */
    const allHeaders = { Accept: accept, ...headers };
    if (!SAFE_METHODS.includes(method) && session.csrfToken) allHeaders['X-CSRF-Token'] = session.csrfToken;
    if (body !== undefined) allHeaders['Content-Type'] = 'application/json';
    try {
      return await fetch(`/api${path}`, {
        method,
        headers: allHeaders,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'same-origin',
      });
    } catch {
      throw new ApiError(0, null);
    }
  };
  let response = await send();
  /** @type {ErrorBody | null} */
  let data = null;
  if (!response.ok) {
    data = await response.json().catch(() => null);
    // The session changed in another tab (signed in or out): take its token and try once more.
    if (isCsrfRefusal(response.status, data) && path !== '/auth/session') {
      await session.load();
      response = await send();
      if (!response.ok) data = await response.json().catch(() => null);
    }
  }
  if (!response.ok) {
    if (response.status === 401 && session.user) {
      session.user = null;
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
 * @template [T=unknown]
 * @param {string} path
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 * @returns {Promise<T>}
 */
export const put = (path, body, headers = {}) => api(path, { method: 'PUT', body, headers });
/**
 * @template [T=unknown]
 * @param {string} path
 * @returns {Promise<T>}
 */
export const del = (path) => api(path, { method: 'DELETE' });

/**
 * `{ status: 'deployed', schoolUrn: '', q: undefined }` → `?status=deployed`
 * @param {Record<string, string | undefined>} params
 */
export function query(params) {
  const entries = /** @type {[string, string][]} */ (
    Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')
  );
  return entries.length ? `?${new URLSearchParams(entries)}` : '';
}
