import { get, query } from '../api.js';
import { append, badge, h, labelOf, table } from '../dom.js';
import { field, filterValues } from '../forms.js';
import { exportButton, pageHead, panel, programmeOf, programmePicker } from './common.js';
/**
 * @import { NeedsReport, NeedsRow } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 * @import { Column } from './common.js'
 */

/** The advice's words as a badge reads them. */
const ACTIONS = { 'designate-more': 'Designate more', 'review-unused': 'Review unused', none: 'No change' };

/**
 * The needs analysis for an academic year: demand against supply per specialism and phase, and where to designate
 * more SLEs (or review those not used).
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function needsPage(view, ctx) {
  ctx.setTitle('Needs analysis');
  const vocab = await ctx.vocab();
  const academicYear = ctx.query.academicYear || vocab.academicYear;
  const programmes = await ctx.programmes();
  const programme = programmeOf(programmes, ctx.query.programme);
  /** @type {NeedsReport} */
  const report = await get(`/reports/needs${query({ academicYear, programme: programme?.programmeId })}`);
  // The programme's words for its specialists; the SLE programme's while the alliance has no other.
  const words = programme ?? (programmes.length === 1 ? programmes[0] : null);
  const singular = words?.singular ?? 'specialist';
  const plural = words?.plural ?? 'specialists';
  const first = Number(vocab.academicYear.slice(0, 4));
  const years = [first + 1, first, first - 1, first - 2, first - 3].map(
    (y) => `${y}-${String((y + 1) % 100).padStart(2, '0')}`,
  );
  const yearForm = h(
    'form',
    { class: 'no-print', 'aria-label': programmes.length > 1 ? 'Academic year and programme' : 'Academic year' },
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
      programmePicker(programmes, programme),
    ),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Show')),
  );
  yearForm.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.go(`/needs${query(filterValues(yearForm))}`);
  });

  /** @type {Column<NeedsRow>[]} In the CSV only: the table fits a screen without them. */
  const csvOnly = [
    {
      label: 'Capacity (days)',
      num: true,
      value: (r) => String(r.supply.capacityDays),
      csv: (r) => r.supply.capacityDays,
    },
    {
      label: `No ${singular} eligible`,
      num: true,
      value: (r) => String(r.demand.requestsWithNoEligibleSle),
      csv: (r) => r.demand.requestsWithNoEligibleSle,
    },
    {
      label: 'Waited too long',
      num: true,
      value: (r) => String(r.demand.requestsWaitedTooLong),
      csv: (r) => r.demand.requestsWaitedTooLong,
    },
  ];
  /** @type {Column<NeedsRow>[]} */
  const columns = [
    { label: 'Specialism', value: (r) => labelOf(r.specialism), csv: (r) => labelOf(r.specialism) },
    { label: 'Phase', value: (r) => labelOf(r.phase), csv: (r) => labelOf(r.phase) },
    {
      label: 'Requests',
      num: true,
      value: (r) => String(r.demand.requestsReceived),
      csv: (r) => r.demand.requestsReceived,
    },
    { label: 'Unmet', num: true, value: (r) => String(r.demand.requestsUnmet), csv: (r) => r.demand.requestsUnmet },
    { label: 'Days asked', num: true, value: (r) => String(r.demandDays), csv: (r) => r.demandDays },
    {
      label: labelOf(plural),
      num: true,
      value: (r) => String(r.supply.designatedSles),
      csv: (r) => r.supply.designatedSles,
    },
    {
      label: 'Days left',
      num: true,
      value: (r) => String(r.supply.remainingDays),
      csv: (r) => r.supply.remainingDays,
    },
    {
      label: 'Advice',
      value: (r) =>
        h(
          'div',
          {},
          badge(r.recommendation.action === 'designate-more' ? 'overdue' : 'neutral', ACTIONS[r.recommendation.action]),
          ' ',
          r.recommendation.text,
        ),
      csv: (r) => r.recommendation.text,
    },
  ];
  const designate = report.rows.filter((r) => r.recommendation.action === 'designate-more');
  append(view, [
    pageHead(
      'Needs analysis',
      exportButton(
        'Export CSV',
        `needs-${programme ? `${programme.programmeId}-` : ''}${academicYear}.csv`,
        [...columns, ...csvOnly],
        report.rows,
      ),
    ),
    h(
      'p',
      { class: 'lede' },
      `Demand against supply in ${academicYear}, by specialism and phase: the evidence for designating ${plural} only where a need is shown.`,
    ),
    panel(yearForm),
    designate.length
      ? h(
          'section',
          { class: 'panel', 'aria-labelledby': 'advice' },
          h('h2', { id: 'advice' }, `Where to designate more ${plural}`),
          h(
            'ul',
            {},
            designate.map((r) =>
              h('li', {}, `${labelOf(r.specialism)}, ${labelOf(r.phase)}: ${r.recommendation.text}`),
            ),
          ),
        )
      : h('p', {}, `No specialism needs more ${plural} this year.`),
    table({
      caption: `Needs in ${academicYear}${programme ? `: ${programme.plural}` : ''}`,
      columns,
      rows: report.rows,
      empty: `No request and no ${singular} in this year.`,
      rowClass: (r) => (r.recommendation.action === 'designate-more' ? 'attention' : undefined),
    }),
  ]);
}
