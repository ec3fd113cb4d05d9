// Pieces the people pages share: who has access, and inviting someone.
import { get, post, query } from '../api.js';
import { badge, dateEl, find, h, labelOf, table } from '../dom.js';
import { combobox, schoolChoiceLabel, searchSchools, searchSles } from '../combobox.js';
import { apiForm, field } from '../forms.js';
/**
 * @import { AccountAccess } from '../../../../../events/user.events.js'
 * @import { ApiError } from '../api.js'
 * @import { Role } from '../../../../../events/vocabulary.js'
 * @import { InvitationSent, Person } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 */

/**
 * The roles a facilitator may invite; an admin may invite any.
 * @type {Role[]}
 */
export const FACILITATOR_INVITES = ['school', 'sle'];

/** @param {Person} user */
export const statusBadge = (user) =>
  user.status === 'invited'
    ? h(
        'span',
        {},
        badge('invited', 'Invited'),
        user.invitationExpiresAt && new Date(user.invitationExpiresAt) < new Date()
          ? h('span', { class: 'muted' }, ' (link expired)')
          : null,
      )
    : badge(user.status === 'active' ? 'active' : 'disabled', labelOf(user.status));

/** What a person's access is, with the names of the school or SLE the API gives. */
/** @typedef {Partial<AccountAccess> & Pick<Person, 'schoolName' | 'sleName'>} NamedAccess */

/**
 * The school or SLE a person is linked to, as a link to its page.
 * @param {NamedAccess} user
 */
export const linkedTo = (user) =>
  user.schoolUrn
    ? h('a', { href: `#/schools/${user.schoolUrn}` }, user.schoolName ?? `School ${user.schoolUrn}`)
    : user.sleId
      ? h('a', { href: `#/sles/${user.sleId}` }, user.sleName ?? 'SLE assigned')
      : '—';

/**
 * What to say once someone is invited: the mail went, or the link to hand over (shown this once).
 * @param {string} name
 * @param {InvitationSent} answer
 * @param {string} userId
 */
export function invitedNotice(name, answer, userId) {
  if (answer.mailed)
    return h('div', { class: 'notice', role: 'status', tabindex: '-1' }, `An invitation has been emailed to ${name}.`);
  // A repeat of a request whose answer was lost: the link was in that answer, and the server never gives it again.
  if (!answer.link)
    return h(
      'div',
      { class: 'notice link-once', role: 'status', tabindex: '-1' },
      h('p', {}, `${name} is invited, but no email could be sent, and the link was in an answer that did not arrive.`),
      h(
        'p',
        {},
        'Send the invitation again from ',
        h('a', { href: `#/users/${userId}` }, 'their page'),
        ' for a new link.',
      ),
    );
  return h(
    'div',
    { class: 'notice link-once', role: 'status', tabindex: '-1' },
    h('p', {}, `${name} is invited, but no email could be sent. Give them this link; it is shown only this once:`),
    h('p', {}, h('code', { class: 'one-time-link' }, answer.link)),
    h('p', { class: 'muted' }, 'It works once, until ', dateEl(answer.expiresAt.slice(0, 10)), '.'),
  );
}

/**
 * The school and SLE pickers (type-ahead) that go with a role, each shown (and sent) only while the role select says its role.
 * @param {HTMLElement} roleField
 * @param {NamedAccess} [value]
 * @returns {{ schoolField: HTMLElement, sleField: HTMLElement, show: () => void }}
 */
export function linkFields(roleField, value = {}) {
  const schoolField = combobox({
    label: 'School',
    path: 'schoolUrn',
    search: searchSchools,
    hint: 'Type part of its name or URN',
    initial: value.schoolUrn
      ? {
          value: value.schoolUrn,
          label: value.schoolName
            ? schoolChoiceLabel({ urn: value.schoolUrn, name: value.schoolName })
            : value.schoolUrn,
        }
      : null,
  });
  const sleField = combobox({
    label: 'SLE',
    path: 'sleId',
    search: searchSles,
    hint: 'Type part of their name or email',
    initial: value.sleId ? { value: value.sleId, label: value.sleName ?? value.sleId } : null,
  });
  /** @type {HTMLSelectElement} */
  const roleSelect = find(roleField, 'select');
  /** @type {[HTMLElement, Role][]} */
  const linked = [
    [schoolField, 'school'],
    [sleField, 'sle'],
  ];
  const show = () => {
    for (const [wrap, forRole] of linked) {
      wrap.hidden = roleSelect.value !== forRole;
      // A hidden control is left out of the request body.
      for (const control of wrap.querySelectorAll('input')) control.disabled = roleSelect.value !== forRole;
    }
  };
  roleSelect.addEventListener('change', show);
  return { schoolField, sleField, show };
}

/**
 * A form to invite someone by email. `fixed` sets the role and the school or SLE (on a school's or an SLE's
 * page); otherwise the role is chosen, and the school or SLE that goes with it. Once sent, the invitation is
 * said as a flash (mailed), or its link is shown in `notices` (not mailed).
 * @param {object} spec
 * @param {PageContext} spec.ctx
 * @param {Record<string, string>} [spec.fixed]
 * @param {HTMLElement} spec.notices
 */
export function inviteForm({ ctx, fixed, notices }) {
  /** @type {Role[]} */
  const roles =
    ctx.user.role === 'admin' ? ['facilitator', 'core-team', 'school', 'sle', 'admin'] : FACILITATOR_INVITES;
  /** @type {HTMLElement[]} */
  const fields = [
    field({ label: 'Full name', path: 'name', attrs: { autocomplete: 'off' } }),
    field({ label: 'Email', path: 'email', type: 'email', attrs: { autocomplete: 'off', spellcheck: 'false' } }),
  ];
  if (fixed) {
    fields.push(...Object.entries(fixed).map(([path, value]) => field({ label: path, path, type: 'hidden', value })));
  } else {
    const roleField = field({
      label: 'Role',
      path: 'role',
      type: 'select',
      options: roles.map((r) => ({ value: r, label: labelOf(r) })),
      hint: 'A school user sees their own school; an SLE user the deployments they are matched to.',
    });
    const { schoolField, sleField, show } = linkFields(roleField);
    fields.push(roleField, schoolField, sleField);
    queueMicrotask(show);
  }
  return apiForm({
    label: 'Invite someone',
    submitLabel: 'Send the invitation',
    fields,
    submit: async (body, { idempotencyKey }) => {
      /** @type {InvitationSent & { id: string }} */
      const answer = await post('/users/invitations', body, { 'Idempotency-Key': idempotencyKey });
      ctx.changed();
      const name = String(body.name);
      if (answer.mailed) {
        ctx.flash(`An invitation has been emailed to ${name}.`);
        ctx.reload();
      } else {
        notices.replaceChildren(invitedNotice(name, answer, answer.id));
        find(notices, '[tabindex="-1"]').focus();
      }
    },
  });
}

/**
 * A school's or an SLE's people: who has access, and (for brokers) inviting someone with that access.
 * @param {PageContext} ctx
 * @param {object} spec
 * @param {string} spec.heading
 * @param {Record<string, string>} spec.filter The people listed (`GET /users`'s query).
 * @param {Record<string, string>} spec.fixed The access an invitation from here gives.
 */
export async function accessPanel(ctx, { heading, filter, fixed }) {
  /** @type {Person[]} */
  const people = await get(`/users${query(filter)}`);
  const results = h('div', { 'aria-live': 'polite' });
  const form = inviteForm({ ctx, fixed, notices: results });
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'access-heading' },
    h('h2', { id: 'access-heading' }, heading),
    table({
      caption: heading,
      captionHidden: true,
      columns: [
        { label: 'Name', value: (u) => h('a', { href: `#/users/${u.id}` }, u.name ?? u.email) },
        { label: 'Email', value: (u) => u.email },
        { label: 'Status', value: statusBadge },
      ],
      rows: people,
      empty: 'Nobody has access yet.',
    }),
    results,
    h('details', { class: 'step no-print' }, h('summary', {}, 'Invite someone'), form),
  );
}

/**
 * Says what a refused change was, above the page's forms.
 * @param {ApiError} error
 */
export const refusalNotice = (error) =>
  h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' }, h('p', {}, error.messages.join(' ')));
