import { api, get, post, query } from '../api.js';
import { download } from '../csv.js';
import { badge, dateEl, fmtDate, h, table } from '../dom.js';
import { attendeesField, signedInAttendee } from '../attendees.js';
import { apiForm, field, filterValues, repeater } from '../forms.js';
import { combobox, schoolChoiceLabel, searchSchools } from '../combobox.js';
import { HALF_TERM_LABELS, pageHead, programmeOf, programmePicker, progressBadge } from './common.js';
/**
 * @import { HalfTermReport, KeptReview, Vocabulary } from '../api-types.js'
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
  const programmes = await ctx.programmes();
  const programme = programmeOf(programmes, ctx.query.programme);
  const reportPath = `/reports/half-termly/${academicYear}/${halfTerm}${query({ programme: programme?.programmeId })}`;
  const wholePath = `/reports/half-termly/${academicYear}/${halfTerm}`;
  // The report names its schools and SLEs: no list of every school or SLE is read.
  const [report, whole, review] = await Promise.all([
    /** @type {Promise<HalfTermReport>} */ (get(reportPath)),
    // The review is the whole half term's: the schools its form starts with are those every programme's work flags.
    /** @type {Promise<HalfTermReport | null>} */ (programme && ctx.can.recordReview ? get(wholePath) : null),
    keptReview(academicYear, halfTerm),
  ]);
  const title = `Half-term review: ${HALF_TERM_LABELS[halfTerm]} ${academicYear}${programme ? `, ${programme.plural}` : ''}`;
  // The programme's word for its specialists; "Specialist" over several programmes' work.
  const specialist = (programme ?? (programmes.length === 1 ? programmes[0] : null))?.singular ?? 'Specialist';
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
      programmePicker(programmes, programme),
    ),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Show the report')),
  );
  picker.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.go(`/review${query(filterValues(picker))}`);
  });

  const downloadCsv = async () => {
    /** @type {Response} */
    const response = await api(reportPath, { accept: 'text/csv', raw: true });
    const name =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
      `half-term-review-${academicYear}-${halfTerm}.csv`;
    download(name, await response.blob());
    ctx.announce('The report is downloading as CSV.');
  };

  // The API names deployments by id in its reasons; say whose they are instead.
  const sleOf = new Map(
    [...report.activeDeployments, ...(whole?.activeDeployments ?? [])].map((d) => [
      d.deploymentId,
      d.sleName ?? 'SLE assigned',
    ]),
  );
  /** @param {string} text */
  const reason = (text) =>
    text.replace(/Deployment ([0-9a-f-]{36})/g, (_, id) =>
      sleOf.has(id) ? `The deployment with ${sleOf.get(id)}` : 'A deployment',
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
            value: (d) => h('a', { href: `#/deployments/${d.deploymentId}` }, d.schoolName),
          },
          { label: specialist, value: (d) => d.sleName ?? 'SLE assigned' },
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
                h('h3', {}, a.schoolName, ` (${a.schoolUrn})`),
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
        ['Schools with a better Ofsted judgement (same framework)', i.ofstedImproved],
        ['Schools that left an Ofsted category of concern', i.ofstedLeftCategoryOfConcern],
        [
          'Schools good or at expected standard throughout after requires improvement',
          i.ofstedExpectedStandardAfterRequiresImprovement,
        ],
        ['Average school rating', i.averageSchoolRating === null ? '—' : `${i.averageSchoolRating} of 5`],
      ]),
    ),
    review ? reviewSection(review) : h('p', { class: 'muted' }, 'The core team has not recorded this review yet.'),
    h('p', { class: 'print-only muted' }, `Printed on ${fmtDate(vocab.today)}.`),
  );

  if (ctx.can.recordReview) view.append(recordForm(whole ?? report, review, vocab, ctx, reason));
}

/**
 * The review of the half term, or null when it has not been held.
 * @param {string} academicYear
 * @param {string} halfTerm
 * @returns {Promise<KeptReview | null>}
 */
async function keptReview(academicYear, halfTerm) {
  /** @type {KeptReview[]} */
  const held = await get(`/half-term-reviews${query({ academicYear })}`);
  return held.find((r) => r.halfTerm === halfTerm) ?? null;
}

/** @param {string} at An ISO instant. */
const fmtInstant = (at) =>
  new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

/**
 * What the core team recorded: attendees, the schools named and what was decided, the notes, and every change.
 * Shown on screen and in print.
 * @param {KeptReview} review
 */
function reviewSection(review) {
  return h(
    'section',
    { class: 'report-section kept-review', 'aria-labelledby': 'kept-h' },
    h('h2', { id: 'kept-h' }, "The core team's review"),
    h('p', {}, 'Held on ', dateEl(review.heldOn), '.'),
    h('h3', {}, 'Attendees'),
    h(
      'ul',
      { class: 'attendees' },
      review.attendees.map((a) => h('li', {}, a.name, h('span', { class: 'muted' }, `, ${a.role}`))),
    ),
    h('h3', {}, 'Decisions'),
    review.areasOfConcern.length
      ? h(
          'ul',
          { class: 'decisions' },
          review.areasOfConcern.map((a) => h('li', {}, h('strong', {}, a.schoolName), `: ${a.concern}`)),
        )
      : h('p', {}, 'No school was named as a concern.'),
    h('h3', {}, 'Notes'),
    h('p', { class: 'review-notes' }, review.notes),
    table({
      caption: 'History of the record',
      columns: [
        { label: 'Change', value: (c) => (c.change === 'held' ? 'Recorded' : 'Amended') },
        { label: 'When', value: (c) => h('time', { datetime: c.at }, fmtInstant(c.at)) },
        { label: 'By', value: (c) => c.by ?? 'Unknown' },
        { label: 'Reason', value: (c) => c.reason ?? '—' },
      ],
      rows: review.history,
    }),
  );
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
 * Records the review; once it is held, the same form amends it (prefilled with the record, and a reason asked).
 * @param {HalfTermReport} report
 * @param {KeptReview | null} review
 * @param {Vocabulary} vocab
 * @param {PageContext} ctx
 * @param {(text: string) => string} reason A reason as the page shows it.
 */
function recordForm(report, review, vocab, ctx, reason) {
  const heldOn = review?.heldOn ?? (vocab.today < report.to ? vocab.today : report.to);
  const term = `${HALF_TERM_LABELS[report.halfTerm]} ${report.academicYear}`;
  /** @type {{ schoolUrn?: string, schoolName?: string, concern?: string, flagged?: string[] }[]} */
  const concerns = review
    ? review.areasOfConcern.map((a) => ({ schoolUrn: a.schoolUrn, schoolName: a.schoolName, concern: a.concern }))
    : report.areasOfConcern.map((a) => ({
        schoolUrn: a.schoolUrn,
        schoolName: a.schoolName,
        flagged: a.reasons.filter((r) => !r.startsWith('Named by the core team')).map(reason),
      }));
  const label = review ? 'Amend the half-term review' : 'Record the half-term review';
  const form = apiForm({
    label,
    submitLabel: review ? 'Amend the review' : 'Record the review',
    fields: [
      review ? null : field({ type: 'hidden', path: 'academicYear', value: report.academicYear }),
      review ? null : field({ type: 'hidden', path: 'halfTerm', value: report.halfTerm }),
      field({ label: 'Held on', path: 'heldOn', type: 'date', value: heldOn }),
      attendeesField({ initial: review ? review.attendees : [signedInAttendee(ctx.user, 'Core team')] }),
      repeater({
        legend: 'Areas of concern',
        path: 'areasOfConcern',
        hint: 'Schools the core team names as a concern, and why. The schools the report flags are listed to start with: say what the team agreed, or remove them.',
        itemLabel: (n) => `Concern ${n + 1}`,
        addLabel: 'Add a school of concern',
        min: 0,
        initial: concerns,
        makeRow: (values) => [
          combobox({
            label: 'School',
            sub: 'schoolUrn',
            search: searchSchools,
            hint: 'Type part of its name or URN',
            initial:
              values.schoolUrn && values.schoolName
                ? {
                    value: values.schoolUrn,
                    label: schoolChoiceLabel({ urn: values.schoolUrn, name: values.schoolName }),
                  }
                : null,
          }),
          field({
            label: 'Concern',
            sub: 'concern',
            type: 'textarea',
            wide: true,
            value: values.concern,
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
        value: review?.notes,
        hint: 'What the core team discussed and agreed',
      }),
      review
        ? field({
            label: 'Reason for the amendment',
            path: 'reason',
            type: 'textarea',
            wide: true,
            hint: 'Kept in the history with your name and the time',
          })
        : null,
    ],
    submit: async (body, { idempotencyKey }) => {
      const headers = { 'Idempotency-Key': idempotencyKey };
      if (review) await post(`/half-term-reviews/${report.academicYear}/${report.halfTerm}/amendments`, body, headers);
      else await post('/half-term-reviews', body, headers);
      ctx.changed();
      ctx.flash(`The ${term} review is ${review ? 'amended' : 'recorded'}.`);
      ctx.reload();
    },
  });
  return h(
    'details',
    { class: 'step no-print', open: !review },
    h('summary', {}, review ? 'Amend the review' : 'Record the review'),
    form,
  );
}
