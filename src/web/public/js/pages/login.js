import { post, session } from '../api.js';
import { h } from '../dom.js';
import { apiForm, field } from '../forms.js';
/** @import { PublicPageContext } from '../app.js' */

/**
 * Why a sign-in with Microsoft or Google came back refused (`/login?signin=…`), in the words the person needs.
 * @type {Record<string, string>}
 */
const PROVIDER_REFUSALS = {
  failed: 'Signing in with your provider did not complete. Try again.',
  unavailable: 'The sign-in provider could not be reached. Try again in a moment, or sign in with your password.',
  'unverified-email': 'Your provider did not confirm your email address, so it cannot be matched to an account.',
  'no-account':
    'There is no account for the email address your provider gave. Ask the alliance to invite you with that address.',
  disabled: 'Your account is disabled. Ask the alliance if you think it should not be.',
  'invitation-expired': 'Your invitation has expired. Ask the alliance to send a new one.',
};

/**
 * Links to sign in with each configured provider; `from` says what the buttons are for.
 * @param {string} [from]
 */
export function providerButtons(from = 'Sign in') {
  const providers = session.signInProviders;
  if (!providers.length) return null;
  return h(
    'div',
    { class: 'providers' },
    h('p', { class: 'or' }, 'or'),
    providers.map((p) =>
      h(
        'a',
        { class: 'button secondary provider', href: `/api/auth/oidc/${encodeURIComponent(p.provider)}/start` },
        `${from} with ${p.label}`,
      ),
    ),
  );
}

/**
 * @param {HTMLElement} view
 * @param {PublicPageContext} ctx No one is signed in yet.
 */
export async function loginPage(view, ctx) {
  ctx.setTitle('Sign in');
  const { signin = '' } = ctx.query;
  // Only the refusals named here: `?signin=constructor` is no refusal, whatever an object inherits.
  const refusal = Object.hasOwn(PROVIDER_REFUSALS, signin) ? PROVIDER_REFUSALS[signin] : undefined;
  const form = apiForm({
    label: 'Sign in',
    submitLabel: 'Sign in',
    fields: [
      field({
        label: 'Email address',
        path: 'email',
        type: 'email',
        wide: true,
        attrs: { autocomplete: 'username', spellcheck: 'false' },
      }),
      field({
        label: 'Password',
        path: 'password',
        type: 'password',
        wide: true,
        attrs: { autocomplete: 'current-password' },
      }),
    ],
    submit: async (body) => ctx.signedIn(await post('/auth/session', body)),
  });
  view.append(
    h(
      'div',
      { class: 'login panel' },
      h('h1', { tabindex: '-1' }, 'Sign in'),
      h('p', { class: 'lede' }, 'Brokerage and deployment of Specialist Leaders of Education for the alliance.'),
      refusal ? h('div', { class: 'error-summary', role: 'alert' }, h('p', {}, refusal)) : null,
      form,
      h('p', {}, h('a', { href: '#/forgot-password' }, 'Forgotten your password?')),
      providerButtons(),
    ),
  );
}
