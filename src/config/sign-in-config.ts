import type { SignInProvider } from '../../events/index.js';

/** An OpenID Connect provider people may sign in with, as the admin registered the app there. */
export interface SignInProviderConfig {
  provider: SignInProvider;
  /** The label on the sign-in button. */
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** Limits on sign-in, password reset and invitation acceptance (see src/auth/throttling.ts). */
export interface ThrottleConfig {
  windowSeconds: number;
  /** Attempts one address may make in a window. */
  perAddress: number;
  /** Attempts at one account (an email, or a link's token) in a window. */
  perAccount: number;
  /** Wrong passwords in a row, within `lockoutSeconds`, after which the account is locked out. */
  lockoutAfterFailures: number;
  lockoutSeconds: number;
}

export interface SignInConfig {
  /** Where people reach the app: the base of every link mailed and of the OpenID Connect redirect URIs. */
  publicUrl: string;
  /** `auto`: Secure when the request came over https. */
  cookieSecure: 'auto' | boolean;
  signInProviders: SignInProviderConfig[];
  throttle: ThrottleConfig;
}

const PROVIDERS: { provider: SignInProvider; prefix: string; label: string; defaultIssuer?: string }[] = [
  { provider: 'microsoft', prefix: 'OIDC_MICROSOFT', label: 'Microsoft' },
  { provider: 'google', prefix: 'OIDC_GOOGLE', label: 'Google', defaultIssuer: 'https://accounts.google.com' },
];

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or http on this machine only (a provider started by the tests, a developer's own). */
function isIssuerUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  } catch {
    return false;
  }
}

function isBaseUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.search && !url.hash;
  } catch {
    return false;
  }
}

function wholeNumber(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  problems: string[],
  min = 1,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < min) {
    problems.push(`${name} must be a whole number of at least ${min}`);
    return fallback;
  }
  return Number(raw);
}

/** Reads the sign-in variables, adding a line to `problems` for each bad one. */
export function loadSignInConfig(
  env: Record<string, string | undefined>,
  port: number,
  problems: string[],
): SignInConfig {
  const signInProviders: SignInProviderConfig[] = [];
  for (const { provider, prefix, label, defaultIssuer } of PROVIDERS) {
    const issuer = env[`${prefix}_ISSUER`] || defaultIssuer;
    const clientId = env[`${prefix}_CLIENT_ID`];
    const clientSecret = env[`${prefix}_CLIENT_SECRET`];
    const given = [env[`${prefix}_ISSUER`], clientId, clientSecret].filter(Boolean).length;
    if (!given) continue;
    if (!clientId || !clientSecret || !issuer) {
      problems.push(
        `${prefix}_ISSUER${defaultIssuer ? ' (optional)' : ''}, ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET go together`,
      );
      continue;
    }
    if (!isIssuerUrl(issuer)) {
      problems.push(`${prefix}_ISSUER must be an https URL such as https://login.microsoftonline.com/<tenant-id>/v2.0`);
      continue;
    }
    if (provider === 'microsoft' && /\/(common|organizations|consumers)\//.test(new URL(issuer).pathname + '/'))
      problems.push(
        `${prefix}_ISSUER must name your tenant (https://login.microsoftonline.com/<tenant-id>/v2.0), not common, organizations or consumers`,
      );
    signInProviders.push({ provider, label, issuer: issuer.replace(/\/$/, ''), clientId, clientSecret });
  }

  const publicUrl = env.PUBLIC_URL;
  if (publicUrl !== undefined && !isBaseUrl(publicUrl))
    problems.push('PUBLIC_URL must be the address people open the app at, such as https://sle.alliance.example');
  if (signInProviders.length && !publicUrl)
    problems.push('PUBLIC_URL is required with an OIDC provider: the redirect URI registered there is built from it');

  const cookie = env.COOKIE_SECURE ?? 'auto';
  if (!['auto', 'true', 'false'].includes(cookie)) problems.push('COOKIE_SECURE must be auto, true or false');

  return {
    publicUrl: (publicUrl && isBaseUrl(publicUrl) ? publicUrl : `http://localhost:${port}`).replace(/\/$/, ''),
    cookieSecure: cookie === 'true' ? true : cookie === 'false' ? false : 'auto',
    signInProviders,
    throttle: {
      windowSeconds: wholeNumber(env, 'THROTTLE_WINDOW_SECONDS', 60, problems),
      perAddress: wholeNumber(env, 'THROTTLE_PER_ADDRESS', 30, problems),
      perAccount: wholeNumber(env, 'THROTTLE_PER_ACCOUNT', 10, problems),
      lockoutAfterFailures: wholeNumber(env, 'LOCKOUT_AFTER_FAILURES', 10, problems),
      lockoutSeconds: wholeNumber(env, 'LOCKOUT_SECONDS', 900, problems),
    },
  };
}
