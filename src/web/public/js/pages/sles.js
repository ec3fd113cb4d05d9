import { get, post } from '../api.js';
import { combobox, searchSchools } from '../combobox.js';
import { dateEl, h, labelOf, table } from '../dom.js';
import { apiForm, checkboxes, field } from '../forms.js';
import { exportAllButton, fetchPage, listHref, pager } from '../paged-list.js';
import { pageHead, panel, searchPanel } from './common.js';
/**
 * @import { Page, Programme, Sle } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 * @import { Column } from './common.js'
 */

/**
 * @param {number} part
 * @param {number} whole
 */
const pct = (part, whole) => (whole ? Math.round((part / whole) * 100) : 0);

/**
 * The SLE directory with each SLE's utilisation in an academic year; facilitators designate SLEs here.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function slesPage(view, ctx) {
  ctx.setTitle('SLEs');
  const vocab = await ctx.vocab();
  const { q = '', sort = '', page = '' } = ctx.query;
  const academicYear = ctx.query.academicYear ?? vocab.academicYear;
  const params = { q, sort, page, academicYear };
  /** @type {Page<Sle>} */
  const sles = await fetchPage('/sles', params);
  /** @type {Programme[]} */
  const programmes = await get('/programmes');
  // Every programme's specialisms: the API checks those chosen belong to the programmes chosen.
  const specialisms = [...new Set(programmes.flatMap((p) => p.specialisms))];
  const first = Number(vocab.academicYear.slice(0, 4));
  const years = [first + 1, first, first - 1, first - 2].map((y) => `${y}-${String((y + 1) % 100).padStart(2, '0')}`);

  const searchForm = searchPanel(ctx, '/sles', {
    label: 'Search SLEs',
    hint: 'Part of a name, an email, a home school or a specialism',
    q,
    keep: { sort },
    filters: [
      field({
        label: 'Academic year',
        path: 'academicYear',
        type: 'select',
        value: academicYear,
        options: years,
        filter: true,
      }),
    ],
  });

  /** @type {Column<Sle>[]} */
  const columns = [
    {
      label: 'Name',
      sort: 'name',
      value: (s) => h('a', { href: `#/sles/${s.sleId}` }, s.name),
      csv: (s) => s.name,
    },
    {
      label: 'Home school',
      sort: 'homeSchool',
      value: (s) => s.homeSchoolName || `School ${s.homeSchoolUrn}`,
      csv: (s) => s.homeSchoolName ?? '',
    },
    {
      label: 'Specialisms',
      value: (s) => s.specialisms.map(labelOf).join(', '),
      csv: (s) => s.specialisms.map(labelOf),
    },
    { label: 'Phases', value: (s) => s.phases.map(labelOf).join(', '), csv: (s) => s.phases.map(labelOf) },
    {
      label: 'Commissioned',
      value: (s) =>
        h(
          'div',
          {},
          `${s.commissionedDays} of ${s.capacityDays} days (${pct(s.commissionedDays, s.capacityDays)}%)`,
          h(
            'div',
            { class: `bar${s.commissionedDays >= s.capacityDays ? ' full' : ''}`, role: 'presentation' },
            h('span', {
              style: undefined,
              dataset: { pct: String(Math.min(100, pct(s.commissionedDays, s.capacityDays))) },
            }),
          ),
        ),
      csv: (s) => s.commissionedDays,
    },
    {
      label: 'Capacity',
      sort: 'capacityDays',
      num: true,
      value: (s) => String(s.capacityDays),
      csv: (s) => s.capacityDays,
    },
    { label: 'Delivered', num: true, value: (s) => String(s.deliveredDays), csv: (s) => s.deliveredDays },
    { label: 'Days left', num: true, value: (s) => String(s.remainingDays), csv: (s) => s.remainingDays },
    {
      label: 'Designated',
      sort: 'designatedOn',
      value: (s) =>
        s.designationEndedOn ? h('span', {}, 'Ended ', dateEl(s.designationEndedOn)) : dateEl(s.designatedOn),
      csv: (s) => (s.designationEndedOn ? `ended ${s.designationEndedOn}` : s.designatedOn),
    },
  ];
  const rows = sles.items;
  /** @type {Column<Sle>[]} The ids beside the names, for matching rows with other exports. */
  const csvColumns = [
    ...columns,
    { label: 'Home school URN', value: () => null, csv: (s) => s.homeSchoolUrn },
    { label: 'SLE id', value: () => null, csv: (s) => s.sleId },
  ];

  view.append(
    pageHead(
      'SLEs',
      exportAllButton(`sles-${academicYear}.csv`, csvColumns, '/sles', { q, sort, academicYear }, sles.total),
    ),
    panel(searchForm),
    pager(sles, (n) => listHref('/sles', params, { page: String(n) }), 'SLEs'),
    table({
      caption: `SLE utilisation in ${academicYear}`,
      columns,
      rows,
      empty: q ? 'No SLE matches the search.' : 'No SLE is designated yet.',
      sorting: { current: sort || 'name', href: (next) => listHref('/sles', params, { sort: next, page: '' }) },
    }),
  );
  // Bar widths are set through the CSSOM, which the Content-Security-Policy allows (inline style attributes it does not).
  /** @type {NodeListOf<HTMLElement>} */
  const bars = view.querySelectorAll('.bar > span');
  for (const bar of bars) bar.style.width = `${bar.dataset.pct}%`;

  if (ctx.can.broker) {
    const form = apiForm({
      label: 'Designate an SLE',
      submitLabel: 'Designate the SLE',
      fields: [
        field({ label: 'Full name', path: 'name', attrs: { autocomplete: 'off' } }),
        field({ label: 'Email', path: 'email', type: 'email', attrs: { autocomplete: 'off', spellcheck: 'false' } }),
        combobox({
          label: 'Home school',
          path: 'homeSchoolUrn',
          search: searchSchools,
          hint: 'Type part of its name or URN; an SLE is never matched to their own school',
        }),
        field({
          label: 'Capacity (days a year)',
          path: 'capacityDays',
          type: 'number',
          value: String(programmes[0].yearlyDays),
          hint: programmes.length > 1 ? "The programme's days a year to start with (the first one ticked)" : undefined,
          attrs: { min: '1', max: '190', step: '1' },
        }),
        field({ label: 'Designated on', path: 'designatedOn', type: 'date', value: vocab.today }),
        programmes.length > 1
          ? checkboxes({
              legend: 'Programmes',
              path: 'programmes',
              options: programmes.map((p) => ({ value: p.programmeId, label: p.plural })),
              values: ['sle'],
              hint: 'The kinds of specialist this person is designated as',
            })
          : null,
        checkboxes({
          legend: 'Specialisms',
          path: 'specialisms',
          options: specialisms.map((v) => ({ value: v, label: labelOf(v) })),
        }),
        checkboxes({
          legend: 'Phases',
          path: 'phases',
          options: vocab.phases.map((p) => ({ value: p, label: labelOf(p) })),
        }),
      ],
      submit: async (body, { idempotencyKey }) => {
        await post('/sles', body, { 'Idempotency-Key': idempotencyKey });
        ctx.changed();
        ctx.flash(`${body.name} is designated as an SLE.`);
        ctx.reload();
      },
    });
    followProgrammeDays(form, programmes);
    view.append(h('details', { class: 'step no-print' }, h('summary', {}, 'Designate an SLE'), form));
  }
}

/**
 * The capacity starts as the days a year of the first programme ticked, and follows the ticks until someone types
 * a capacity of their own.
 * @param {HTMLFormElement} form
 * @param {Programme[]} programmes
 */
function followProgrammeDays(form, programmes) {
  const capacity = form.querySelector('[data-field="capacityDays"] input');
  if (!(capacity instanceof HTMLInputElement)) return;
  let typed = false;
  capacity.addEventListener('input', () => (typed = true));
  /** @type {NodeListOf<HTMLInputElement>} */
  const ticks = form.querySelectorAll('input[data-path="programmes"]');
  for (const tick of ticks)
    tick.addEventListener('change', () => {
      if (typed) return;
      const first = programmes.find((p) => [...ticks].some((t) => t.checked && t.value === p.programmeId));
      if (first) capacity.value = String(first.yearlyDays);
    });
}
