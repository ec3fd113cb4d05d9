import { ApiError, post } from '../api.js';
import { h, labelOf } from '../dom.js';
import { apiForm } from '../forms.js';
import { providerButtons } from './login.js';
import { newPasswordFields, withoutConfirmation } from './passwords.js';
/**
 * @import { Role } from '../../../../../events/vocabulary.js'
 * @import { InvitationDetails } from '../api-types.js'
 * @import { PublicPageContext } from '../app.js'
 */

/** @type {Record<Role, string>} */
const AS_ROLE = {
  admin: 'an admin',
  facilitator: 'a facilitator',
  'core-team': 'a member of the core team',
  school: 'a school user',
  sle: 'an SLE',
};

/**
 * The page a mailed invitation opens: choose a password, or sign in with Microsoft or Google.
 * @param {HTMLElement} view
 * @param {PublicPageContext} ctx
 */
export async function invitationPage(view, ctx) {
  ctx.setTitle('Accept your invitation');
  const token = ctx.query.token ?? '';
  /** @type {InvitationDetails} */
  let invitation;
  try {
    invitation = await post('/invitations/lookup', { token });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status >= 500 || error.status === 0) throw error;
    view.append(
      h(
        'div',
        { class: 'login panel' },
        h('h1', { tabindex: '-1' }, 'This invitation link no longer works'),
        h(
          'p',
          {},
          error.status === 429
            ? error.messages.join(' ')
            : 'It has expired, has already been used, or a newer invitation replaced it. Ask the person who invited you to send a new one.',
        ),
        h('p', {}, h('a', { href: '#/login' }, 'Go to sign in')),
      ),
    );
    return;
  }
  const form = apiForm({
    label: 'Choose your password',
    submitLabel: 'Set password and sign in',
    fields: newPasswordFields(),
    submit: async (body) => {
      const { password } = withoutConfirmation(body);
      await post('/invitations/accept', { token, password });
      ctx.signedIn(await post('/auth/session', { email: invitation.email, password }));
    },
  });
  view.append(
    h(
      'div',
      { class: 'login panel' },
      h('h1', { tabindex: '-1' }, `Welcome${invitation.name ? `, ${invitation.name}` : ''}`),
      h(
        'p',
        { class: 'lede' },
        `You are invited to the alliance's SLE brokerage service as ${AS_ROLE[invitation.role] ?? labelOf(invitation.role)}, with the email address `,
        h('strong', {}, invitation.email),
        '.',
      ),
      h('h2', {}, 'Choose a password'),
      form,
      providerButtons('Continue'),
    ),
  );
}
