// The API client: the bearer token lives in sessionStorage (gone when the tab closes), every call goes to /api.

const SESSION_KEY = 'sle-brokerage.session';

export const session = {
  load() {
    try {
      return JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    } catch {
      return null;
    }
  },
  save(value) {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(value));
  },
  clear() {
    sessionStorage.removeItem(SESSION_KEY);
  },
};

/** An answer other than 2xx: `fields` maps a field path (`expectedOutcomes.0.target`) to its messages. */
export class ApiError extends Error {
  constructor(status, body) {
    const messages = Array.isArray(body?.message) ? body.message : body?.message ? [String(body.message)] : [];
    super(messages.join('; ') || defaultMessage(status));
    this.status = status;
    this.body = body ?? {};
    this.fields = body?.fields && typeof body.fields === 'object' ? body.fields : {};
    this.messages = messages.length ? messages : [defaultMessage(status)];
  }
}

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
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Calls the API. JSON in and out by default; with `raw: true` the Response is returned (for CSV downloads).
 * Throws ApiError for any answer other than 2xx; a 401 also ends the session.
 */
export async function api(path, { method = 'GET', body, headers = {}, accept = 'application/json', raw = false } = {}) {
  const current = session.load();
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

export const get = (path) => api(path);
export const post = (path, body, headers = {}) => api(path, { method: 'POST', body, headers });

/** `{ status: 'deployed', schoolUrn: '' }` → `?status=deployed` */
export function query(params) {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries)}` : '';
}
