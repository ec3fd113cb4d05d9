import { get, query } from '../api.js';
import { dateEl, h, labelOf, table } from '../dom.js';
import { field, filterValues } from '../forms.js';
import { exportButton, options, pageHead, panel, progressBadge, schoolName, sleName, statusBadge } from './common.js';
/**
 * @import { Deployment } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 * @import { Column } from './common.js'
 */

/**
 * Every deployment the user may see, filtered by status, school and SLE (kept in the address, so a filter can be shared).
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function deploymentsPage(view, ctx) {
  const { status = '', schoolUrn = '', sleId = '' } = ctx.query;
  const title =
    ctx.user.role === 'school' ? 'Our deployments' : ctx.user.role === 'sle' ? 'My deployments' : 'Deployments';
  ctx.setTitle(title);
  const [vocab, schools, sles, deployments] = await Promise.all([
    ctx.vocab(),
    ctx.schools(),
    ctx.sles(),
    /** @type {Promise<Deployment[]>} */ (get(`/deployments${query({ status, schoolUrn, sleId })}`)),
  ]);

  const filters = [
    field({
      label: 'Status',
      path: 'status',
      type: 'select',
      value: status,
      options: options(vocab.deploymentStatuses, { blank: 'Any status' }),
      filter: true,
    }),
  ];
  if (ctx.can.readAll) {
    const bySchoolName = [...schools.values()].sort((a, b) => a.name.localeCompare(b.name));
    const bySleName = [...sles.values()].sort((a, b) => a.name.localeCompare(b.name));
    filters.push(
      field({
        label: 'School',
        path: 'schoolUrn',
        type: 'select',
        value: schoolUrn,
        options: [
          { value: '', label: 'Any school' },
          ...bySchoolName.map((s) => ({ value: s.urn, label: `${s.name} (${s.urn})` })),
        ],
        filter: true,
      }),
      field({
        label: 'SLE',
        path: 'sleId',
        type: 'select',
        value: sleId,
        options: [{ value: '', label: 'Any SLE' }, ...bySleName.map((s) => ({ value: s.sleId, label: s.name }))],
        filter: true,
      }),
    );
  }
  const filterForm = h(
    'form',
    { class: 'no-print', 'aria-label': 'Filter deployments' },
    h('div', { class: 'fields' }, filters),
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit' }, 'Apply filters'),
      h('a', { href: '#/deployments' }, 'Clear filters'),
    ),
  );
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.go(`/deployments${query(filterValues(filterForm))}`);
  });

  /** @type {Column<Deployment>} */
  const sleColumn = {
    label: 'SLE',
    value: (d) => sleName(sles, d.sleId),
    csv: (d) => (d.sleId ? sleName(sles, d.sleId) : ''),
  };
  /** @type {Column<Deployment>[]} */
  const columns = [
    {
      label: 'School',
      value: (d) => h('a', { href: `#/deployments/${d.deploymentId}` }, schoolName(schools, d.schoolUrn)),
      csv: (d) => schoolName(schools, d.schoolUrn),
    },
    { label: 'URN', value: (d) => d.schoolUrn, csv: (d) => d.schoolUrn },
    { label: 'Specialism', value: (d) => d.specialism, csv: (d) => d.specialism },
    { label: 'Area of need', value: (d) => d.areaOfNeed, csv: (d) => d.areaOfNeed },
    ...(ctx.user.role === 'school' ? [] : [sleColumn]),
    { label: 'Status', value: (d) => statusBadge(d.status), csv: (d) => d.status },
    { label: 'Requested', value: (d) => dateEl(d.requestedOn), csv: (d) => d.requestedOn },
    {
      label: 'Runs',
      value: (d) => (d.startDate ? h('span', {}, dateEl(d.startDate), ' to ', dateEl(d.endDate)) : '—'),
      csv: (d) => (d.startDate ? `${d.startDate} to ${d.endDate}` : ''),
    },
    {
      label: 'Days',
      num: true,
      value: (d) => `${d.daysDelivered} of ${d.daysCommissioned}`,
      csv: (d) => `${d.daysDelivered}/${d.daysCommissioned}`,
    },
    {
      label: 'Progress',
      value: (d) => (d.status === 'deployed' ? progressBadge(d.latestStatus) : '—'),
      csv: (d) => d.latestStatus ?? '',
    },
  ];
  const described = [
    status && `status ${labelOf(status).toLowerCase()}`,
    schoolUrn && schoolName(schools, schoolUrn),
    sleId && sleName(sles, sleId),
  ].filter(Boolean);
  view.append(
    pageHead(
      title,
      ctx.can.requestSupport ? h('a', { class: 'button', href: '#/requests/new' }, 'Request support') : null,
      exportButton('Export CSV', 'deployments.csv', columns, deployments),
    ),
    panel(filterForm),
    h(
      'p',
      { 'aria-live': 'polite' },
      `${deployments.length} deployment${deployments.length === 1 ? '' : 's'}${described.length ? ` (${described.join(', ')})` : ''}, newest request first.`,
    ),
    table({ caption: 'Deployments', captionHidden: true, columns, rows: deployments, empty: 'No deployment matches.' }),
  );
}
