import { get, post } from '../api.js';
import { dateEl, fmtDate, h, labelOf, summaryList, table } from '../dom.js';
import { apiForm, field } from '../forms.js';
import { FRAMEWORK_LABELS, gradesOf, judgementText } from '../ofsted-words.js';
import { drawTimelineCharts, standingLegend } from '../timeline-chart.js';
import { exportButton, options, pageHead, panel, progressBadge, resultBadge, statusBadge } from './common.js';
import { accessPanel } from './people-common.js';
/**
 * @import { Deployment, School, SchoolTimeline, Vocabulary } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 */

/** @type {Record<string, string>} */
const KIND_LABELS = {
  'support-requested': 'Support requested',
  'brokerage-meeting': 'Brokerage meeting',
  'deployment-started': 'SLE started',
  contact: 'Contact',
  extension: 'Extension',
  evaluation: 'Evaluation',
  cancellation: 'Cancellation',
  'ofsted-judgement': 'Ofsted',
  'school-data': 'School data',
  'core-team-concern': 'Core team concern',
};

/**
 * A school's own page: what it asked for and what was agreed in each deployment, then its impact timeline as a
 * chart (outcomes, data points, Ofsted judgements on one time axis) above the list of what happened.
 * A school user may open only its own school: the API answers 403 for any other, and the page says so.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function schoolPage(view, ctx) {
  const [urn] = ctx.params;
  /** @type {School} */
  const school = await get(`/schools/${encodeURIComponent(urn)}`);
  const [timeline, deployments, vocab] = await Promise.all([
    /** @type {Promise<SchoolTimeline>} */ (get(`/schools/${urn}/timeline`)),
    /** @type {Promise<Deployment[]>} */ (get(`/deployments?schoolUrn=${urn}`)),
    ctx.vocab(),
  ]);
  ctx.setTitle(school.name);
  const requestLink = ctx.can.requestSupport
    ? h(
        'a',
        { class: 'button', href: ctx.user.role === 'school' ? '#/requests/new' : `#/requests/new?schoolUrn=${urn}` },
        'Request support',
      )
    : null;

  view.append(
    pageHead(school.name, requestLink),
    panel(
      summaryList([
        ['URN', school.urn],
        ['Phase', labelOf(school.phase)],
        ['Local authority', school.localAuthority],
        [
          'Ofsted',
          school.ofsted
            ? h('span', {}, judgementText(school.ofsted), ', inspected ', dateEl(school.ofsted.inspectedOn))
            : 'No judgement recorded',
        ],
      ]),
    ),
    deploymentsSection(deployments),
  );

  const charts = h('div', {
    id: 'timeline-charts',
    class: 'small-charts',
    'aria-label': chartDescription(timeline, school),
  });
  const chartPanel = panel(
    h('h2', { id: 'impact' }, 'Impact timeline'),
    timeline.measures.length || school.ofstedHistory.length
      ? [
          h(
            'p',
            { class: 'muted' },
            'One small chart per measure, on the same dates: ● baseline · ▲ target (dashed line) · ◆ actual at evaluation · ■ school data.',
          ),
          school.ofstedHistory.length ? standingLegend() : null,
          charts,
          chartTable(timeline, school),
        ]
      : h(
          'p',
          { class: 'muted' },
          'Nothing to chart yet: outcomes appear once a brokerage meeting agrees them, and data points once recorded.',
        ),
    h(
      'div',
      { class: 'page-head' },
      h('h3', {}, 'What happened'),
      h(
        'div',
        { class: 'actions no-print' },
        exportButton(
          'Export timeline CSV',
          `timeline-${school.urn}.csv`,
          [
            { label: 'Date', csv: (e) => e.at },
            { label: 'What', csv: (e) => KIND_LABELS[e.kind] ?? e.kind },
            { label: 'Summary', csv: (e) => e.summary },
            { label: 'Deployment', csv: (e) => e.deploymentId ?? '' },
          ],
          timeline.entries,
        ),
      ),
    ),
    entriesList(timeline, ctx),
  );
  view.append(chartPanel);
  if (ctx.can.broker) view.append(schoolDataForms(urn, vocab, ctx));
  if (ctx.can.invite)
    view.append(
      await accessPanel(ctx, {
        heading: 'Who has access to this school',
        filter: { schoolUrn: urn },
        fixed: { role: 'school', schoolUrn: urn },
      }),
    );
  if (view.contains(charts)) {
    // Drawn once the page is on screen (each chart sizes itself to its box).
    queueMicrotask(() =>
      waitForConnection(charts)
        .then(() => drawTimelineCharts(charts, timeline, school.ofstedHistory))
        .then((drawn) => (charts.dataset.drawn = String(drawn.length)))
        .catch((error) => {
          charts.replaceWith(
            h(
              'p',
              { class: 'warning' },
              `The chart could not be drawn: ${error.message}. The table below has the same figures.`,
            ),
          );
        }),
    );
  }
}

/**
 * @param {Element} el
 * @returns {Promise<void>}
 */
function waitForConnection(el) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () =>
      el.isConnected
        ? resolve()
        : Date.now() - started > 10_000
          ? reject(new Error('the page was left'))
          : requestAnimationFrame(check);
    check();
  });
}

/**
 * @param {SchoolTimeline} timeline
 * @param {School} school
 */
function chartDescription(timeline, school) {
  const parts = timeline.measures.map((m) => {
    const first = m.points[0];
    const actual = m.points.filter((p) => p.source === 'actual').pop();
    return `${m.measure}: from ${first.value}${actual ? ` to ${actual.value}` : ''} ${m.unit}`;
  });
  if (school.ofstedHistory.length)
    parts.push(
      `Ofsted: ${school.ofstedHistory.map((j) => `${judgementText(j)} (${fmtDate(j.inspectedOn)})`).join(', ')}`,
    );
  return `Chart of the impact timeline. ${parts.join('. ')}.`;
}

/**
 * @param {SchoolTimeline} timeline
 * @param {School} school
 */
function chartTable(timeline, school) {
  const rows = [
    ...timeline.measures.flatMap((m) =>
      m.points.map((p) => ({ at: p.at, what: `${m.measure} (${m.unit})`, source: p.source, value: String(p.value) })),
    ),
    // One row per area judged, as the chart has one band per area.
    ...school.ofstedHistory.flatMap((j) => [
      ...gradesOf(j).map(([area, grade]) => ({
        at: j.inspectedOn,
        what: `Ofsted: ${labelOf(area).toLowerCase()}`,
        source: FRAMEWORK_LABELS[j.framework].toLowerCase(),
        value: labelOf(grade),
      })),
      ...(j.framework !== 'overall-effectiveness' && j.safeguarding
        ? [
            {
              at: j.inspectedOn,
              what: 'Ofsted: safeguarding',
              source: FRAMEWORK_LABELS[j.framework].toLowerCase(),
              value: labelOf(j.safeguarding),
            },
          ]
        : []),
      ...(j.category
        ? [
            {
              at: j.inspectedOn,
              what: 'Ofsted: category of concern',
              source: FRAMEWORK_LABELS[j.framework].toLowerCase(),
              value: labelOf(j.category),
            },
          ]
        : []),
    ]),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return h(
    'details',
    { class: 'no-print' },
    h('summary', {}, 'The chart as a table'),
    table({
      caption: 'Chart data',
      columns: [
        { label: 'Date', value: (r) => dateEl(r.at) },
        { label: 'Measure', value: (r) => r.what },
        { label: 'Point', value: (r) => labelOf(r.source) },
        { label: 'Value', num: true, value: (r) => r.value },
      ],
      rows,
    }),
  );
}

/**
 * @param {SchoolTimeline} timeline
 * @param {PageContext} ctx
 */
function entriesList(timeline, ctx) {
  if (!timeline.entries.length) return h('p', { class: 'muted' }, 'Nothing has happened yet.');
  return h(
    'ol',
    { class: 'timeline', 'aria-label': 'Timeline, oldest first' },
    timeline.entries.map((e) =>
      h(
        'li',
        { class: e.kind },
        h('time', { datetime: e.at }, `${fmtDate(e.at)} · ${KIND_LABELS[e.kind] ?? labelOf(e.kind)}`),
        h('span', {}, e.summary),
        e.deploymentId && ctx.user.role !== 'sle'
          ? [
              ' ',
              h(
                'a',
                { href: `#/deployments/${e.deploymentId}`, 'aria-label': `Open the deployment: ${e.summary}` },
                'Open',
              ),
            ]
          : null,
      ),
    ),
  );
}

/** @param {Deployment[]} deployments */
function deploymentsSection(deployments) {
  return panel(
    h('h2', {}, 'Deployments'),
    deployments.length
      ? h(
          'ul',
          { class: 'cards' },
          deployments.map((d) => {
            const evaluated = new Map((d.evaluation?.outcomes ?? []).map((o) => [o.measure, o]));
            return h(
              'li',
              { class: 'card' },
              h(
                'h3',
                {},
                h('a', { href: `#/deployments/${d.deploymentId}` }, `${labelOf(d.specialism)}: ${d.areaOfNeed}`),
                ' ',
                statusBadge(d.status),
              ),
              summaryList([
                ['Requested', dateEl(d.requestedOn)],
                [
                  'Runs',
                  d.startDate
                    ? h('span', {}, dateEl(d.startDate), ' to ', dateEl(d.endDate))
                    : 'Waiting for the brokerage meeting',
                ],
                ['Days', d.brokerageMeeting ? `${d.daysDelivered} delivered of ${d.daysCommissioned}` : null],
                [
                  'Agreed with',
                  d.brokerageMeeting
                    ? d.brokerageMeeting.attendees.map((a) => `${a.name} (${a.role})`).join(', ')
                    : null,
                ],
                ['Progress', d.status === 'deployed' ? progressBadge(d.latestStatus) : null],
              ]),
              d.expectedOutcomes.length
                ? table({
                    caption: 'Expected outcomes',
                    columns: [
                      { label: 'Measure', value: (o) => o.measure },
                      { label: 'Baseline', num: true, value: (o) => `${o.baseline} ${o.unit}` },
                      { label: 'Target', num: true, value: (o) => `${o.target} ${o.unit}` },
                      {
                        label: 'Actual',
                        num: true,
                        value: (o) => {
                          const outcome = evaluated.get(o.measure);
                          return outcome ? `${outcome.actual} ${o.unit}` : '—';
                        },
                      },
                      { label: 'Result', value: (o) => resultBadge(evaluated.get(o.measure)) },
                    ],
                    rows: d.expectedOutcomes,
                  })
                : null,
            );
          }),
        )
      : h('p', { class: 'muted' }, 'No deployment yet.'),
  );
}

/**
 * @param {string} urn
 * @param {Vocabulary} vocab
 * @param {PageContext} ctx
 */
function schoolDataForms(urn, vocab, ctx) {
  /** @param {string} message */
  const done = (message) => {
    ctx.changed();
    ctx.flash(message);
    ctx.reload();
  };
  return h(
    'div',
    { class: 'grid-2 no-print' },
    h(
      'details',
      { class: 'step' },
      h('summary', {}, 'Record an Ofsted judgement'),
      ofstedForm(urn, vocab, () => done('Ofsted judgement recorded.')),
    ),
    h(
      'details',
      { class: 'step' },
      h('summary', {}, 'Record a data point'),
      apiForm({
        label: 'Record a data point',
        submitLabel: 'Record the data point',
        fields: [
          field({ label: 'Measure', path: 'measure', wide: true, hint: 'e.g. KS2 reading expected standard' }),
          field({ label: 'Unit', path: 'unit', value: '%' }),
          field({ label: 'Value', path: 'value', type: 'number' }),
          field({ label: 'Recorded on', path: 'recordedOn', type: 'date', value: vocab.today }),
        ],
        submit: async (body, { idempotencyKey }) => {
          await post(`/schools/${urn}/data-points`, body, { 'Idempotency-Key': idempotencyKey });
          done('Data point recorded.');
        },
      }),
    ),
  );
}

/**
 * The form for one inspection's judgement. The inspection date decides the generation (docs/ofsted.md), and
 * only that generation's fields are shown and sent: an overall grade before September 2024, a grade per key
 * judgement to 9 November 2025, a report card after. Hidden fields are disabled, so they are not sent.
 * @param {string} urn
 * @param {Vocabulary} vocab
 * @param {() => void} recorded
 */
function ofstedForm(urn, vocab, recorded) {
  const f = vocab.ofstedFrameworks;
  /**
   * @param {readonly string[]} areas
   * @param {readonly string[]} optional
   * @param {readonly string[]} grades
   */
  const areaFields = (areas, optional, grades) =>
    areas.map((area) =>
      field({
        label: labelOf(area),
        path: `areas.${area}`,
        type: 'select',
        optional: optional.includes(area),
        options: options(grades, { blank: optional.includes(area) ? 'Not graded' : 'Choose a grade' }),
      }),
    );

  // Before report cards a category of concern was recorded beside the grades.
  const categoryField = () =>
    field({
      label: 'Category',
      path: 'category',
      type: 'select',
      optional: true,
      options: options(vocab.ofstedCategories, { blank: 'None' }),
    });
  const groups = {
    'overall-effectiveness': h(
      'div',
      { class: 'fields', dataset: { framework: 'overall-effectiveness' } },
      field({
        label: 'Overall effectiveness',
        path: 'grade',
        type: 'select',
        options: options(vocab.ofstedGrades, { blank: 'Choose a grade' }),
      }),
      categoryField(),
    ),
    'key-judgements': h(
      'div',
      { class: 'fields', dataset: { framework: 'key-judgements' } },
      areaFields(f.keyJudgementAreas, f.optionalKeyJudgementAreas, vocab.ofstedGrades),
      field({
        label: 'Safeguarding',
        path: 'safeguarding',
        type: 'select',
        optional: true,
        options: options(f.keyJudgementSafeguarding, { blank: 'Not recorded' }),
      }),
      categoryField(),
    ),
    'report-card': h(
      'div',
      { class: 'fields', dataset: { framework: 'report-card' } },
      areaFields(f.reportCardAreas, f.optionalReportCardAreas, f.reportCardGrades),
      field({
        label: 'Safeguarding',
        path: 'safeguarding',
        type: 'select',
        options: options(f.reportCardSafeguarding, { blank: 'Choose' }),
      }),
      h('p', { class: 'hint wide' }, 'The category of concern, if any, follows from the grades.'),
    ),
  };
  const date = field({
    label: 'Inspected on',
    path: 'inspectedOn',
    type: 'date',
    hint: `Before ${fmtDate(f.keyJudgementsFrom)}: an overall grade. To ${fmtDate(f.reportCardsFrom)}: key judgements. From then: a report card.`,
  });
  const dateInput = /** @type {HTMLInputElement} */ (date.querySelector('input'));
  const show = () => {
    const on = dateInput.value || vocab.today;
    const framework =
      on >= f.reportCardsFrom ? 'report-card' : on >= f.keyJudgementsFrom ? 'key-judgements' : 'overall-effectiveness';
    for (const [name, group] of Object.entries(groups)) {
      group.hidden = name !== framework;
      /** @type {NodeListOf<HTMLSelectElement>} */
      const controls = group.querySelectorAll('select');
      for (const control of controls) control.disabled = name !== framework;
    }
  };
  dateInput.addEventListener('input', show);
  dateInput.addEventListener('change', show);
  show();
  return apiForm({
    label: 'Record an Ofsted judgement',
    submitLabel: 'Record the judgement',
    fields: [date, ...Object.values(groups)],
    submit: async (body, { idempotencyKey }) => {
      await post(`/schools/${urn}/ofsted-judgements`, body, { 'Idempotency-Key': idempotencyKey });
      recorded();
    },
  });
}
