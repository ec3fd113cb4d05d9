import { get, query } from '../api.js';
import { h, labelOf, table } from '../dom.js';
import { field, filterValues } from '../forms.js';
import { exportButton, options, pageHead, panel } from './common.js';
import { FACILITATOR_INVITES, inviteForm, linkedTo, statusBadge } from './people-common.js';
/**
 * @import { Role } from '../../../../../events/vocabulary.js'
 * @import { Person } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 * @import { Column } from './common.js'
 */

/**
 * Everyone with access (a facilitator sees school and SLE users), searchable by name or email and filtered by
 * role and status, kept in the address; and inviting someone.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function usersPage(view, ctx) {
  ctx.setTitle('People');
  const { search = '', role = '', status = '' } = ctx.query;
  /** @type {Person[]} */
  const people = await get(`/users${query({ search, role, status })}`);
  /** @type {Role[]} */
  const roles = ctx.can.manageUsers ? ['admin', 'facilitator', 'core-team', 'school', 'sle'] : FACILITATOR_INVITES;

  const filterForm = h(
    'form',
    { class: 'no-print', role: 'search', 'aria-label': 'Find people' },
    h(
      'div',
      { class: 'fields' },
      field({
        label: 'Name or email',
        path: 'search',
        type: 'search',
        value: search,
        filter: true,
        attrs: { spellcheck: 'false' },
      }),
      field({
        label: 'Role',
        path: 'role',
        type: 'select',
        value: role,
        options: options(roles, { blank: 'Any role' }),
        filter: true,
      }),
      field({
        label: 'Status',
        path: 'status',
        type: 'select',
        value: status,
        options: options(['invited', 'active', 'disabled'], { blank: 'Any status' }),
        filter: true,
      }),
    ),
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit' }, 'Search'),
      h('a', { href: '#/users' }, 'Clear'),
    ),
  );
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.go(`/users${query(filterValues(filterForm))}`);
  });

  /** @type {Column<Person>[]} */
  const columns = [
    { label: 'Name', value: (u) => h('a', { href: `#/users/${u.id}` }, u.name ?? u.email), csv: (u) => u.name ?? '' },
    { label: 'Email', value: (u) => u.email, csv: (u) => u.email },
    { label: 'Role', value: (u) => labelOf(u.role), csv: (u) => u.role },
    { label: 'School or SLE', value: (u) => linkedTo(u), csv: (u) => u.schoolUrn ?? u.sleId ?? '' },
    { label: 'Status', value: statusBadge, csv: (u) => labelOf(u.status) },
  ];

  const results = h('div', { 'aria-live': 'polite' });
  const form = inviteForm({ ctx, notices: results });

  const filtered = search || role || status;
  view.append(
    pageHead(
      'People',
      h('a', { class: 'button secondary', href: '#/import?kind=people' }, 'Invite many from a CSV'),
      exportButton('Export CSV', 'people.csv', columns, people),
    ),
    h(
      'p',
      { class: 'lede' },
      ctx.can.manageUsers
        ? 'Everyone who has access or has been invited. Open a person to change their role or to disable their access.'
        : 'The school and SLE users who have access or have been invited.',
    ),
    panel(filterForm),
    table({
      caption: filtered ? `People matching the search (${people.length})` : `People (${people.length})`,
      columns,
      rows: people,
      empty: filtered ? 'Nobody matches the search.' : 'Nobody has been invited yet.',
    }),
    results,
    panel(h('h2', {}, 'Invite someone'), form),
  );
}
