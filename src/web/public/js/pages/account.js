import { ApiError, get, post, session } from '../api.js';
import { h, labelOf, summaryList } from '../dom.js';
import { apiForm, field } from '../forms.js';
import { pageHead, panel } from './common.js';
import { linkedTo } from './people-common.js';
import { newPasswordFields, withoutConfirmation } from './passwords.js';
/**
 * @import { PasswordChanged, Person } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 */

/**
 * The signed-in person's own account: change the password, sign out everywhere.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function accountPage(view, ctx) {
  ctx.setTitle('Your account');
  /** @type {Person} */
  const me = await get('/auth/account');
  const hasPassword = me.signsInWith.includes('password');

  const passwordForm = apiForm({
    label: 'Change your password',
    submitLabel: 'Change the password',
    fields: [
      field({
        label: 'Current password',
        path: 'currentPassword',
        type: 'password',
        wide: true,
        attrs: { autocomplete: 'current-password' },
      }),
      ...newPasswordFields('newPassword'),
    ],
    submit: async (body) => {
      /** @type {PasswordChanged} */
      const answer = await post('/auth/password', withoutConfirmation(body, 'newPassword'));
      session.update({ csrfToken: answer.csrfToken });
      ctx.flash('Your password has changed. You have been signed out on every other device.');
      ctx.reload();
    },
  });

  const everywhere = h(
    'button',
    {
      type: 'button',
      class: 'danger',
      onclick: async () => {
        everywhere.disabled = true;
        try {
          await post('/auth/sign-out-everywhere', {});
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
        } finally {
          everywhere.disabled = false;
        }
        session.user = null;
        ctx.changed();
        ctx.flash('You have been signed out on every device, this one included.');
        ctx.go('/login');
      },
    },
    'Sign out everywhere',
  );

  view.append(
    pageHead('Your account'),
    panel(
      summaryList([
        ['Name', me.name],
        ['Email', me.email],
        ['Role', labelOf(me.role)],
        ['School or SLE', me.schoolUrn || me.sleId ? linkedTo(me) : null],
        ['Signs in with', me.signsInWith.map(labelOf).join(', ')],
      ]),
    ),
    panel(
      h('h2', {}, 'Password'),
      hasPassword
        ? passwordForm
        : h(
            'p',
            {},
            'You sign in with Microsoft or Google and have no password here. To set one as well, sign out and use "Forgotten your password?".',
          ),
    ),
    panel(
      h('h2', {}, 'Calendar'),
      h(
        'p',
        {},
        'See your visits, meetings and dates in Outlook or Google Calendar: ',
        h('a', { href: '#/calendar-feed' }, 'your calendar feed'),
        '.',
      ),
    ),
    panel(
      h('h2', {}, 'Sessions'),
      h(
        'p',
        {},
        'Signed in on a shared or lost device? Signing out everywhere ends every session you have, on every device, at once.',
      ),
      everywhere,
    ),
  );
}
