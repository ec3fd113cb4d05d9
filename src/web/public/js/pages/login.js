import { post } from '../api.js';
import { h } from '../dom.js';
import { apiForm, field } from '../forms.js';
/** @import { PageContext } from '../app.js' */

/**
 * @param {HTMLElement} view
 * @param {Pick<PageContext, 'setTitle' | 'signedIn'>} ctx No one is signed in yet.
 */
export async function loginPage(view, ctx) {
  ctx.setTitle('Sign in');
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
    submit: async (body) => ctx.signedIn(await post('/auth/login', body)),
  });
  view.append(
    h(
      'div',
      { class: 'login panel' },
      h('h1', { tabindex: '-1' }, 'Sign in'),
      h('p', { class: 'lede' }, 'Brokerage and deployment of Specialist Leaders of Education for the alliance.'),
      form,
    ),
  );
}
