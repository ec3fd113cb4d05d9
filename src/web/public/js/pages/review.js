import { api, get, post, query } from '../api.js';
import { download } from '../csv.js';
import { badge, dateEl, fmtDate, h, table } from '../dom.js';
import { apiForm, field, filterValues, repeater } from '../forms.js';
import { HALF_TERM_LABELS, pageHead, progressBadge, schoolName, sleName } from './common.js';
/**
 * @import { HalfTermReport, School, Vocabulary } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 */

/**
 * The core team's half-term review: pick a half term, read the report (summary, active deployments with their
 * status and overdue contact, areas of concern, impact), record the review, print it or download it as CSV.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function reviewPage(view, ctx) {
  const vocab = await ctx.vocab();
  const academicYear = ctx.query.academicYear ?? vocab.academicYear;
  const halfTerm = ctx.query.halfTerm ?? vocab.halfTerm ?? 'autumn-1';
  const [report, schools, sles] = await Promise.all([
    /** @type {Promise<HalfTermReport>} */ (get(`/reports/half-termly/${academicYear}/${halfTerm}`)),
    ctx.schools(),
    ctx.sles(),
  ]);
  const title = `Half-term review: ${HALF_TERM_LABELS[halfTerm]} ${academicYear}`;
  ctx.setTitle(title);

  const first = Number(vocab.academicYear.slice(0, 4));
  const years = [first, first - 1, first - 2, first - 3].map((y) => `${y}-${String((y + 1) % 100).padStart(2, '0')}`);
  if (!years.includes(academicYear)) years.push(academicYear);
  const picker = h(
    'form',
    { class: 'panel no-print', 'aria-label': 'Choose a half term' },
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
      field({
        label: 'Half term',
        path: 'halfTerm',
        type: 'select',
        value: halfTerm,
        options: Object.entries(HALF_TERM_LABELS).map(([value, label]) => ({ value, label })),
        filter: true,
      }),
    ),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Show the report')),
  );
  picker.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.go(`/review${query(filterValues(picker))}`);
  });

  const downloadCsv = async () => {
    /** @type {Response} */
    const response = await api(`/reports/half-termly/${academicYear}/${halfTerm}`, { accept: 'text/csv', raw: true });
    const name =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
      `half-term-review-${academicYear}-${halfTerm}.csv`;
    download(name, await response.blob());
    ctx.announce('The report is downloading as CSV.');
  };

  // The API names deployments by id in its reasons; say whose they are instead.
  const sleOf = new Map(report.activeDeployments.map((d) => [d.deploymentId, d.sleId]));
  /** @param {string} text */
  const reason = (text) =>
    text.replace(/Deployment ([0-9a-f-]{36})/g, (_, id) =>
      sleOf.has(id) ? `The deployment with ${sleName(sles, sleOf.get(id))}` : 'A deployment',
    );

  const s = report.summary;
  const i = report.impact;
  view.append(
    pageHead(
      title,
      h('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, 'Print'),
      h('button', { type: 'button', class: 'secondary', onclick: downloadCsv }, 'Download CSV'),
    ),
    h(
      'p',
      { class: 'lede' },
      'From ',
      dateEl(report.from),
      ' to ',
      dateEl(report.to),
      report.asOf !== report.to ? [' · as it stands today, ', dateEl(report.asOf)] : ' · as it stood on the last day',
      ' · teaching from ',
      dateEl(report.teaching.from),
      ' to ',
      dateEl(report.teaching.to),
      ', with the holiday after',
    ),
    picker,
    h(
      'section',
      { class: 'report-section', 'aria-labelledby': 'summary-h' },
      h('h2', { id: 'summary-h' }, 'Summary'),
      figures([
        ['Requests received', s.requestsReceived],
        ['Brokerage meetings held', s.brokerageMeetingsHeld],
        ['Deployments started', s.deploymentsStarted],
        ['Deployments active', s.deploymentsActive],
        ['Evaluations completed', s.evaluationsCompleted],
        ['Days commissioned', s.daysCommissioned],
        ['Days delivered', s.daysDelivered],
      ]),
    ),
    h(
      'section',
      { class: 'report-section', 'aria-labelledby': 'active-h' },
      h('h2', { id: 'active-h' }, 'Active deployments'),
      table({
        caption: 'Active deployments as they stood',
        captionHidden: true,
        rowClass: (d) =>
          d.contactOverdue || d.latestStatus === 'off-track' || d.latestStatus === 'at-risk' ? 'flagged' : undefined,
        columns: [
          {
            label: 'School',
            value: (d) => h('a', { href: `#/deployments/${d.deploymentId}` }, schoolName(schools, d.schoolUrn)),
          },
          { label: 'SLE', value: (d) => sleName(sles, d.sleId) },
          { label: 'Progress', value: (d) => progressBadge(d.latestStatus) },
          {
            label: 'Last contact',
            value: (d) =>
              h(
                'span',
                {},
                d.lastContactOn ? dateEl(d.lastContactOn) : 'None',
                ' ',
                d.contactOverdue ? badge('overdue', 'Contact overdue') : null,
              ),
          },
          { label: 'Days', num: true, value: (d) => `${d.daysDelivered} of ${d.daysCommissioned}` },
          { label: 'Ends', value: (d) => dateEl(d.endDate) },
        ],
        rows: report.activeDeployments,
        empty: 'No deployment was active in this half term.',
      }),
    ),
    h(
      'section',
      { class: 'report-section', 'aria-labelledby': 'concern-h' },
      h('h2', { id: 'concern-h' }, 'Areas of concern'),
      report.areasOfConcern.length
        ? h(
            'ul',
            { class: 'cards' },
            report.areasOfConcern.map((a) =>
              h(
                'li',
                { class: 'card' },
                h('h3', {}, schoolName(schools, a.schoolUrn), ` (${a.schoolUrn})`),
                h(
                  'ul',
                  {},
                  a.reasons.map((r) => h('li', {}, reason(r))),
                ),
              ),
            ),
          )
        : h('p', {}, 'No school is an area of concern.'),
    ),
    h(
      'section',
      { class: 'report-section', 'aria-labelledby': 'impact-h' },
      h('h2', { id: 'impact-h' }, 'Impact'),
      figures([
        ['Deployments evaluated', i.evaluated],
        ['Outcomes achieved', `${i.outcomesAchieved} of ${i.outcomesTotal}`],
        ['Outcomes partly achieved', i.outcomesPartlyAchieved],
        ['Schools with a better Ofsted judgement', i.ofstedImproved],
        ['Average school rating', i.averageSchoolRating === null ? '—' : `${i.averageSchoolRating} of 5`],
      ]),
    ),
    h('p', { class: 'print-only muted' }, `Printed on ${fmtDate(vocab.today)}.`),
  );

  if (ctx.can.recordReview) view.append(recordForm(report, schools, vocab, ctx, reason));
}

/** @param {[label: string, value: string | number][]} items */
const figures = (items) =>
  h(
    'ul',
    { class: 'figures' },
    items.map(([label, value]) =>
      h('li', {}, h('span', { class: 'figure' }, String(value)), h('p', { class: 'label' }, label)),
    ),
  );

/**
 * @param {HalfTermReport} report
 * @param {Map<string, School>} schools
 * @param {Vocabulary} vocab
 * @param {PageContext} ctx
 * @param {(text: string) => string} reason A reason as the page shows it.
 */
function recordForm(report, schools, vocab, ctx, reason) {
  const schoolOptions = [
    { value: '', label: 'Choose a school' },
    ...[...schools.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((s) => ({ value: s.urn, label: `${s.name} (${s.urn})` })),
  ];
  const heldOn = vocab.today < report.to ? vocab.today : report.to;
  const form = apiForm({
    label: 'Record the half-term review',
    submitLabel: 'Record the review',
    fields: [
      field({ type: 'hidden', path: 'academicYear', value: report.academicYear }),
      field({ type: 'hidden', path: 'halfTerm', value: report.halfTerm }),
      field({ label: 'Held on', path: 'heldOn', type: 'date', value: heldOn }),
      repeater({
        legend: 'Attendees',
        path: 'attendees',
        itemLabel: (n) => `Attendee ${n + 1}`,
        addLabel: 'Add another attendee',
        makeRow: () => [field({ label: 'Name', sub: 'name' }), field({ label: 'Role', sub: 'role' })],
      }),
      repeater({
        legend: 'Areas of concern',
        path: 'areasOfConcern',
        hint: 'Schools the core team names as a concern, and why. The schools the report flags are listed to start with: say what the team agreed, or remove them.',
        itemLabel: (n) => `Concern ${n + 1}`,
        addLabel: 'Add a school of concern',
        min: 0,
        initial: report.areasOfConcern.map((a) => ({
          schoolUrn: a.schoolUrn,
          flagged: a.reasons.filter((r) => !r.startsWith('Named by the core team')).map(reason),
        })),
        makeRow: (values) => [
          field({ label: 'School', sub: 'schoolUrn', type: 'select', options: schoolOptions, value: values.schoolUrn }),
          field({
            label: 'Concern',
            sub: 'concern',
            type: 'textarea',
            wide: true,
            hint: values.flagged?.length ? `Flagged: ${values.flagged.join(' ')}` : undefined,
          }),
        ],
      }),
      field({
        label: 'Notes',
        path: 'notes',
        type: 'textarea',
        wide: true,
        optional: false,
        hint: 'What the core team discussed and agreed',
      }),
    ],
    submit: async (body, { idempotencyKey }) => {
      await post('/half-term-reviews', body, { 'Idempotency-Key': idempotencyKey });
      ctx.changed();
      ctx.flash(`The ${HALF_TERM_LABELS[report.halfTerm]} ${report.academicYear} review is recorded.`);
      ctx.reload();
    },
  });
  return h('details', { class: 'step no-print', open: true }, h('summary', {}, 'Record the review'), form);
}
