import { post } from '../api.js';
import { find, h } from '../dom.js';
import { apiForm, field } from '../forms.js';
import { newPasswordFields, withoutConfirmation } from './passwords.js';
/** @import { PublicPageContext } from '../app.js' */

/**
 * Asks for a reset link; the answer is the same whether or not the email has an account.
 * @param {HTMLElement} view
 * @param {PublicPageContext} ctx
 */
export async function forgotPasswordPage(view, ctx) {
  ctx.setTitle('Forgotten your password?');
  const box = h('div', { class: 'login panel' });
  const form = apiForm({
    label: 'Send a reset link',
    submitLabel: 'Send me a link',
    fields: [
      field({
        label: 'Email address',
        path: 'email',
        type: 'email',
        wide: true,
        attrs: { autocomplete: 'username', spellcheck: 'false' },
      }),
    ],
    submit: async (body) => {
      /** @type {{ message: string }} */
      const answer = await post('/auth/password-reset', body);
      form.replaceWith(
        h(
          'div',
          { class: 'notice', role: 'status', tabindex: '-1' },
          h('p', {}, answer.message),
          h('p', {}, 'The link works once, for an hour. Check your junk mail folder if it does not arrive.'),
        ),
      );
      find(box, '.notice').focus();
    },
  });
  box.append(
    h('h1', { tabindex: '-1' }, 'Forgotten your password?'),
    h(
      'p',
      { class: 'lede' },
      'Give the email address you sign in with, and we will send a link to choose a new password.',
    ),
    form,
    h('p', {}, h('a', { href: '#/login' }, 'Back to sign in')),
  );
  view.append(box);
}

/**
 * The page a reset link opens: a new password, then signed in with it (every other session has ended).
 * @param {HTMLElement} view
 * @param {PublicPageContext} ctx
 */
export async function resetPasswordPage(view, ctx) {
  ctx.setTitle('Choose a new password');
  const token = ctx.query.token ?? '';
  const form = apiForm({
    label: 'Choose a new password',
    submitLabel: 'Save the new password',
    fields: newPasswordFields(),
    submit: async (body) => {
      const { password } = withoutConfirmation(body);
      /** @type {{ email: string }} */
      const { email } = await post('/auth/password-reset/complete', { token, password });
      ctx.flash('Your password has changed. You have been signed out everywhere else.');
      ctx.signedIn(await post('/auth/session', { email, password }));
    },
  });
  view.append(
    h(
      'div',
      { class: 'login panel' },
      h('h1', { tabindex: '-1' }, 'Choose a new password'),
      form,
      h('p', {}, h('a', { href: '#/forgot-password' }, 'The link has expired? Ask for a new one')),
    ),
  );
}
