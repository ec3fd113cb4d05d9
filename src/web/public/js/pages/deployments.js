import { get } from '../api.js';
import { combobox, schoolChoiceLabel, searchSchools, searchSles } from '../combobox.js';
import { dateEl, h, labelOf, table } from '../dom.js';
import { field } from '../forms.js';
import { exportAllButton, fetchPage, listHref, pager } from '../paged-list.js';
import { options, pageHead, panel, progressBadge, searchPanel, statusBadge } from './common.js';
/**
 * @import { Deployment, Page, School, Sle } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 * @import { Column } from './common.js'
 */

/**
 * The deployments the user may see, a page at a time: searched, sorted and filtered by status, school and SLE on the
 * server (kept in the address, so a list can be shared).
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function deploymentsPage(view, ctx) {
  const { q = '', sort = '', page = '', status = '', schoolUrn = '', sleId = '' } = ctx.query;
  const params = { q, sort, page, status, schoolUrn, sleId };
  const title =
    ctx.user.role === 'school' ? 'Our deployments' : ctx.user.role === 'sle' ? 'My deployments' : 'Deployments';
  ctx.setTitle(title);
  const [vocab, deployments, school, sle] = await Promise.all([
    ctx.vocab(),
    /** @type {Promise<Page<Deployment>>} */ (fetchPage('/deployments', params)),
    // The names of the school and SLE filtered by, for their pickers.
    schoolUrn && ctx.can.readAll
      ? /** @type {Promise<School>} */ (get(`/schools/${schoolUrn}`)).catch(() => null)
      : null,
    sleId && ctx.can.readAll ? /** @type {Promise<Sle>} */ (get(`/sles/${sleId}`)).catch(() => null) : null,
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
    filters.push(
      combobox({
        label: 'School',
        path: 'schoolUrn',
        search: searchSchools,
        initial: schoolUrn ? { value: schoolUrn, label: school ? schoolChoiceLabel(school) : schoolUrn } : null,
        placeholder: 'Any school',
        filter: true,
      }),
      combobox({
        label: 'SLE',
        path: 'sleId',
        search: searchSles,
        initial: sleId ? { value: sleId, label: sle?.name ?? 'This SLE' } : null,
        placeholder: 'Any SLE',
        filter: true,
      }),
    );
  }
  const searchForm = searchPanel(ctx, '/deployments', {
    label: 'Search deployments',
    hint: ctx.can.readAll ? 'A school, URN, SLE or specialism' : 'A school or specialism',
    q,
    keep: { sort },
    filters,
  });

  /** @type {Column<Deployment>} */
  const sleColumn = {
    label: 'SLE',
    sort: 'sle',
    value: (d) => d.sleName ?? '—',
    csv: (d) => d.sleName ?? '',
  };
  /** @type {Column<Deployment>[]} */
  const columns = [
    {
      label: 'School',
      sort: 'school',
      value: (d) => h('a', { href: `#/deployments/${d.deploymentId}` }, d.schoolName ?? `School ${d.schoolUrn}`),
      csv: (d) => d.schoolName ?? '',
    },
    { label: 'URN', value: (d) => d.schoolUrn, csv: (d) => d.schoolUrn },
    { label: 'Specialism', sort: 'specialism', value: (d) => labelOf(d.specialism), csv: (d) => labelOf(d.specialism) },
    { label: 'Area of need', value: (d) => d.areaOfNeed, csv: (d) => d.areaOfNeed },
    ...(ctx.user.role === 'school' ? [] : [sleColumn]),
    { label: 'Status', sort: 'status', value: (d) => statusBadge(d.status), csv: (d) => labelOf(d.status) },
    { label: 'Requested', sort: 'requestedOn', value: (d) => dateEl(d.requestedOn), csv: (d) => d.requestedOn },
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
      csv: (d) => (d.latestStatus ? labelOf(d.latestStatus) : ''),
    },
  ];
  /** @type {Column<Deployment>[]} The deployment's id beside the names, for matching rows with other exports. */
  const csvColumns = [...columns, { label: 'Deployment id', value: () => null, csv: (d) => d.deploymentId }];
  view.append(
    pageHead(
      title,
      ctx.can.requestSupport ? h('a', { class: 'button', href: '#/requests/new' }, 'Request support') : null,
      exportAllButton(
        'deployments.csv',
        csvColumns,
        '/deployments',
        { q, sort, status, schoolUrn, sleId },
        deployments.total,
      ),
    ),
    panel(searchForm),
    pager(deployments, (n) => listHref('/deployments', params, { page: String(n) }), 'deployments'),
    table({
      caption: 'Deployments',
      captionHidden: true,
      columns,
      rows: deployments.items,
      empty: 'No deployment matches.',
      sorting: {
        current: sort || '-requestedOn',
        href: (next) => listHref('/deployments', params, { sort: next, page: '' }),
      },
    }),
  );
}
