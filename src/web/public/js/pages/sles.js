import { get, post, query } from '../api.js';
import { dateEl, h, labelOf, table } from '../dom.js';
import { apiForm, checkboxes, field, filterValues } from '../forms.js';
import { exportButton, pageHead, panel, schoolName } from './common.js';
/**
 * @import { Programme, Sle } from '../api-types.js'
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
  const academicYear = ctx.query.academicYear ?? vocab.academicYear;
  const [schools, sles, programmes] = await Promise.all([
    ctx.schools(),
    /** @type {Promise<Sle[]>} */ (get(`/sles${query({ academicYear })}`)),
    /** @type {Promise<Programme[]>} */ (get('/programmes')),
  ]);
  // Every programme's specialisms: the API checks those chosen belong to the programmes chosen.
  const specialisms = [...new Set(programmes.flatMap((p) => p.specialisms))];
  const first = Number(vocab.academicYear.slice(0, 4));
  const years = [first + 1, first, first - 1, first - 2].map((y) => `${y}-${String((y + 1) % 100).padStart(2, '0')}`);

  const yearForm = h(
    'form',
    { class: 'no-print', 'aria-label': 'Academic year' },
    h(
      'div',
      { class: 'fields' },
      field({
        label: 'Academic year',
        path: 'academicYear',
        type: 'select',
        value: academicYear,
        options: years,
        filter: true,
      }),
    ),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Show')),
  );
  yearForm.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.go(`/sles${query(filterValues(yearForm))}`);
  });

  /** @type {Column<Sle>[]} */
  const columns = [
    { label: 'Name', value: (s) => h('a', { href: `#/sles/${s.sleId}` }, s.name), csv: (s) => s.name },
    {
      label: 'Home school',
      value: (s) => schoolName(schools, s.homeSchoolUrn),
      csv: (s) => `${schoolName(schools, s.homeSchoolUrn)} (${s.homeSchoolUrn})`,
    },
    { label: 'Specialisms', value: (s) => s.specialisms.join(', '), csv: (s) => s.specialisms },
    { label: 'Phases', value: (s) => s.phases.map(labelOf).join(', '), csv: (s) => s.phases },
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
    { label: 'Capacity', num: true, value: (s) => String(s.capacityDays), csv: (s) => s.capacityDays },
    { label: 'Delivered', num: true, value: (s) => String(s.deliveredDays), csv: (s) => s.deliveredDays },
    { label: 'Days left', num: true, value: (s) => String(s.remainingDays), csv: (s) => s.remainingDays },
    {
      label: 'Designated',
      value: (s) =>
        s.designationEndedOn ? h('span', {}, 'Ended ', dateEl(s.designationEndedOn)) : dateEl(s.designatedOn),
      csv: (s) => (s.designationEndedOn ? `ended ${s.designationEndedOn}` : s.designatedOn),
    },
  ];
  const rows = sles;
  const capacity = rows.reduce((n, s) => n + s.capacityDays, 0);
  const commissioned = rows.reduce((n, s) => n + s.commissionedDays, 0);

  view.append(
    pageHead('SLEs', exportButton('Export CSV', `sles-${academicYear}.csv`, columns, rows)),
    h(
      'p',
      { class: 'lede' },
      `${rows.length} SLE${rows.length === 1 ? '' : 's'}; in ${academicYear}, ${commissioned} of ${capacity} days of capacity commissioned (${pct(commissioned, capacity)}%).`,
    ),
    panel(yearForm),
    table({ caption: `SLE utilisation in ${academicYear}`, columns, rows, empty: 'No SLE is designated yet.' }),
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
        field({
          label: 'Home school',
          path: 'homeSchoolUrn',
          type: 'select',
          hint: 'An SLE is never matched to their own school',
          options: [
            { value: '', label: 'Choose a school' },
            ...[...schools.values()]
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((s) => ({ value: s.urn, label: `${s.name} (${s.urn})` })),
          ],
        }),
        field({
          label: 'Capacity (days a year)',
          path: 'capacityDays',
          type: 'number',
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
        checkboxes({ legend: 'Specialisms', path: 'specialisms', options: specialisms }),
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
    view.append(h('details', { class: 'step no-print' }, h('summary', {}, 'Designate an SLE'), form));
  }
}
