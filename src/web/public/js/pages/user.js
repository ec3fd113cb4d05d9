import { ApiError, get, post } from '../api.js';
import { dateEl, h, labelOf, summaryList } from '../dom.js';
import { apiForm, field } from '../forms.js';
import { pageHead, panel } from './common.js';
import { invitedNotice, linkFields, linkedTo, refusalNotice, statusBadge } from './people-common.js';
/**
 * @import { InvitationSent, Person } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 */

/**
 * One person: their access; an admin changes their role or link, or disables them; a link sent again.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function userPage(view, ctx) {
  const [id] = ctx.params;
  /** @type {Person} */
  const user = await get(`/users/${id}`);
  const title = user.name ?? user.email;
  ctx.setTitle(title);
  const notices = h('div', { 'aria-live': 'polite' });
  /** @param {HTMLElement} node */
  const show = (node) => {
    notices.replaceChildren(node);
    node.focus();
  };

  /**
   * A button that posts to the user and shows the page again, or says why not.
   * @template T The answer.
   * @param {string} label
   * @param {string} path
   * @param {(answer: T) => void} done
   * @param {string} [className]
   */
  const action = (label, path, done, className) => {
    const button = h(
      'button',
      {
        type: 'button',
        class: className,
        onclick: async () => {
          button.disabled = true;
          try {
            /** @type {T} */
            const answer = await post(`/users/${id}/${path}`, {});
            ctx.changed();
            done(answer);
          } catch (error) {
            if (!(error instanceof ApiError)) throw error;
            show(refusalNotice(error));
          } finally {
            button.disabled = false;
          }
        },
      },
      label,
    );
    return button;
  };

  const actions = [];
  if (user.status === 'invited')
    actions.push(
      action('Send the invitation again', 'invitation', (/** @type {InvitationSent} */ answer) => {
        if (answer.mailed) {
          ctx.flash(`A new invitation has been emailed to ${title}; the earlier link no longer works.`);
          ctx.reload();
        } else show(invitedNotice(title, answer, id));
      }),
    );
  if (ctx.can.manageUsers && user.status !== 'disabled')
    actions.push(
      action(
        'Disable access',
        'disable',
        () => {
          ctx.flash(`${title} can no longer sign in; every session they had has ended.`);
          ctx.reload();
        },
        'danger',
      ),
    );
  if (ctx.can.manageUsers && user.status === 'disabled')
    actions.push(
      action('Enable access again', 'enable', () => {
        ctx.flash(`${title} may sign in again.`);
        ctx.reload();
      }),
    );

  view.append(
    pageHead(title, ...actions),
    notices,
    panel(
      summaryList([
        ['Email', user.email],
        ['Role', labelOf(user.role)],
        ['School or SLE', user.schoolUrn || user.sleId ? linkedTo(user) : null],
        ['Status', statusBadge(user)],
        ['Invited', user.invitedOn ? dateEl(user.invitedOn) : null],
        [
          'Invitation link works until',
          user.status === 'invited' && user.invitationExpiresAt ? dateEl(user.invitationExpiresAt.slice(0, 10)) : null,
        ],
        ['Signs in with', user.signsInWith.length ? user.signsInWith.map(labelOf).join(', ') : null],
      ]),
    ),
  );
  if (ctx.can.manageUsers) view.append(accessForm(ctx, user));
  view.append(h('p', {}, h('a', { href: '#/users' }, 'Back to people')));
}

/**
 * The role, and the school or SLE that goes with it; saving ends the person's sessions.
 * @param {PageContext} ctx
 * @param {Person} user
 */
function accessForm(ctx, user) {
  const roleField = field({
    label: 'Role',
    path: 'role',
    type: 'select',
    value: user.role,
    options: ['admin', 'facilitator', 'core-team', 'school', 'sle'].map((r) => ({ value: r, label: labelOf(r) })),
  });
  const { schoolField, sleField, show } = linkFields(roleField, user);
  show();
  const form = apiForm({
    label: 'Change role',
    submitLabel: 'Save the role',
    fields: [roleField, schoolField, sleField],
    submit: async (body) => {
      await post(`/users/${user.id}/access`, body);
      ctx.changed();
      ctx.flash(
        `${user.name ?? user.email} is now ${labelOf(String(body.role)).toLowerCase()}; they sign in again to use it.`,
      );
      ctx.reload();
    },
  });
  return panel(
    h('h2', {}, 'Role and access'),
    h('p', { class: 'hint' }, 'A change ends the sessions the person has: it applies from their next request.'),
    form,
  );
}
