// Pieces the people pages share: who has access, and inviting someone.
import { ApiError, get, post, query } from '../api.js';
import { badge, dateEl, h, labelOf, table } from '../dom.js';
import { apiForm, field } from '../forms.js';
import { schoolName, sleName } from './common.js';

/** The roles a facilitator may invite; an admin may invite any. */
export const FACILITATOR_INVITES = ['school', 'sle'];

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

export const linkedTo = (user, schools, sles) =>
  user.schoolUrn
    ? h('a', { href: `#/schools/${user.schoolUrn}` }, schoolName(schools, user.schoolUrn))
    : user.sleId
      ? h('a', { href: `#/sles/${user.sleId}` }, sleName(sles, user.sleId))
      : '—';

/** What to say once someone is invited: the mail went, or the link to hand over (shown this once). */
export function invitedNotice(name, answer) {
  if (answer.mailed)
    return h('div', { class: 'notice', role: 'status', tabindex: '-1' }, `An invitation has been emailed to ${name}.`);
  return h(
    'div',
    { class: 'notice link-once', role: 'status', tabindex: '-1' },
    h('p', {}, `${name} is invited, but no email could be sent. Give them this link; it is shown only this once:`),
    h('p', {}, h('code', { class: 'one-time-link' }, answer.link)),
    h('p', { class: 'muted' }, 'It works once, until ', dateEl(answer.expiresAt.slice(0, 10)), '.'),
  );
}

/**
 * A form to invite someone by email. `fixed` sets the role and the school or SLE (on a school's or an SLE's
 * page); otherwise the role is chosen, and the school or SLE that goes with it. `done(answer, body)` runs after.
 */
export function inviteForm({ ctx, schools, sles, fixed, done }) {
  const roles =
    ctx.user.role === 'admin' ? ['facilitator', 'core-team', 'school', 'sle', 'admin'] : FACILITATOR_INVITES;
  const schoolField = field({
    label: 'School',
    path: 'schoolUrn',
    type: 'select',
    options: [
      { value: '', label: 'Choose a school' },
      ...[...schools.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((s) => ({ value: s.urn, label: `${s.name} (${s.urn})` })),
    ],
  });
  const sleField = field({
    label: 'SLE',
    path: 'sleId',
    type: 'select',
    options: [
      { value: '', label: 'Choose an SLE' },
      ...[...sles.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((s) => ({ value: s.sleId, label: s.name })),
    ],
  });
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
    fields.push(roleField, schoolField, sleField);
    const show = () => {
      const role = roleField.querySelector('select').value;
      for (const [wrap, forRole] of [
        [schoolField, 'school'],
        [sleField, 'sle'],
      ]) {
        wrap.hidden = role !== forRole;
        // A hidden control is left out of the request body.
        wrap.querySelector('select').disabled = role !== forRole;
      }
    };
    roleField.querySelector('select').addEventListener('change', show);
    queueMicrotask(show);
  }
  return apiForm({
    label: 'Invite someone',
    submitLabel: 'Send the invitation',
    fields,
    submit: async (body, { idempotencyKey }) => {
      const answer = await post('/users/invitations', body, { 'Idempotency-Key': idempotencyKey });
      done(answer, body);
    },
  });
}

/** A school's or an SLE's people: who has access, and (for brokers) inviting someone with that access. */
export async function accessPanel(ctx, { heading, filter, fixed, schools, sles }) {
  const people = await get(`/users${query(filter)}`);
  const results = h('div', { 'aria-live': 'polite' });
  const form = inviteForm({
    ctx,
    schools,
    sles,
    fixed,
    done: (answer, body) => {
      ctx.changed();
      if (answer.mailed) {
        ctx.flash(`An invitation has been emailed to ${body.name}.`);
        ctx.reload();
      } else {
        results.replaceChildren(invitedNotice(body.name, answer));
        results.querySelector('[tabindex="-1"]').focus();
      }
    },
  });
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

/** Says what a refused change was, above the page's forms. */
export const refusalNotice = (error) =>
  error instanceof ApiError
    ? h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' }, h('p', {}, error.messages.join(' ')))
    : null;
