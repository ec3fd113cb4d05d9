import { get, query } from '../api.js';
import { exportCsv } from '../csv.js';
import { append, dateEl, h, labelOf, table } from '../dom.js';
import { field, filterValues } from '../forms.js';
import { gradesOf } from '../ofsted-words.js';
import { pageHead, panel, programmeOf, programmePicker } from './common.js';
/**
 * @import { ImpactReport, ImpactRow, OfstedJudgement } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 * @import { Column } from './common.js'
 */

/**
 * The words of the figures known today. A figure the API adds later is shown under words made from its name
 * (`schoolsLeftCategory` → "Schools left category") until it is given its own here.
 * @type {Record<string, string>}
 */
const FIGURE_LABELS = {
  deploymentsCompleted: 'Deployments completed (evaluated)',
  daysCommissioned: 'Days commissioned',
  daysDelivered: 'Days delivered',
  outcomesAchieved: 'Expected outcomes achieved',
  outcomesTotal: 'Expected outcomes agreed',
  schoolsOfstedImproved: 'Schools with a better Ofsted judgement (same framework)',
  requiresImprovementToGood: 'Schools from requires improvement to good or better (overall grades)',
  schoolsLeftCategoryOfConcern: 'Schools that left an Ofsted category of concern',
  schoolsExpectedStandardAfterRequiresImprovement:
    'Schools good or at expected standard throughout after requires improvement',
  averageSchoolRating: "Schools' average rating of the support (1 to 5)",
  positiveRatingShare: 'Schools rating the support 4 or 5',
};

/**
 * The field of each deployment that says whether it counts towards a figure, where it is not named as the figure
 * is, nor as a count of schools is (`schoolsLeftCategoryOfConcern` counts `leftCategoryOfConcern`). A deployment
 * counts when that field is true, a number above 0 or set; a figure with no such field counts every deployment.
 * @type {Record<string, string>}
 */
const ROW_FIELD = {
  schoolsOfstedImproved: 'ofstedImprovement',
  schoolsLeftCategoryOfConcern: 'leftCategoryOfConcern',
  schoolsExpectedStandardAfterRequiresImprovement: 'expectedStandardAfterRequiresImprovement',
  positiveRatingShare: 'positiveRating',
};

/**
 * `schoolsOfstedImproved` → `Schools ofsted improved`
 * @param {string} key
 */
const wordsOf = (key) => labelOf(key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase());

/**
 * The report's figures, in the order it gives them: every number (or null) at its top level, and each number of
 * an object there under `object.key`.
 * @param {ImpactReport} report
 * @returns {{ key: string, value: number | null }[]}
 */
export function figuresOf(report) {
  /** @type {{ key: string, value: number | null }[]} */
  const figures = [];
  for (const [key, value] of Object.entries(report)) {
    if (typeof value === 'number' || value === null) figures.push({ key, value });
    else if (value && typeof value === 'object' && !Array.isArray(value))
      for (const [inner, v] of Object.entries(value))
        if (typeof v === 'number' || v === null) figures.push({ key: `${key}.${inner}`, value: v });
  }
  return figures;
}

/**
 * @param {string} key
 * @param {number | null} value
 */
function shown(key, value) {
  if (value === null) return '—';
  if (/Share$/.test(key)) return `${Math.round(value * 1000) / 10}%`;
  return value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
}

/**
 * The deployments behind a figure (see ROW_FIELD).
 * @param {ImpactRow[]} rows
 * @param {string} key
 */
function behind(rows, key) {
  const last = key.split('.').pop() ?? key;
  const ofSchools = last.replace(/^schools([A-Z])/, (_, c) => c.toLowerCase());
  const name = [ROW_FIELD[key], last, ofSchools].find((n) => n && rows.length && n in rows[0]);
  if (!name) return rows;
  return rows.filter((row) => {
    const v = /** @type {Record<string, unknown>} */ (row)[name];
    return typeof v === 'number' ? v > 0 : Boolean(v);
  });
}

/** @param {string} academicYear `2025-26` */
const yearBounds = (academicYear) => {
  const first = Number(academicYear.slice(0, 4));
  return { from: `${first}-09-01`, to: `${first + 1}-08-31` };
};

/**
 * The alliance impact report for an academic year or any dates: each figure links to the deployments behind it,
 * with a chart of evaluations by month and CSVs of the figures and the deployments.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function impactPage(view, ctx) {
  ctx.setTitle('Impact');
  const vocab = await ctx.vocab();
  const year = yearBounds(vocab.academicYear);
  const from = ctx.query.from || year.from;
  const to = ctx.query.to || year.to;
  const figure = ctx.query.figure ?? '';
  const programmes = await ctx.programmes();
  const programme = programmeOf(programmes, ctx.query.programme);
  // What every link and the API keep: the period and the programme (every programme's when none is chosen).
  const period = { from, to, programme: programme?.programmeId };
  /** @type {ImpactReport} */
  const report = await get(`/reports/impact${query(period)}`);
  const figures = figuresOf(report);
  const rows = report.deployments;

  const first = Number(vocab.academicYear.slice(0, 4));
  const years = [first, first - 1, first - 2, first - 3].map((y) => `${y}-${String((y + 1) % 100).padStart(2, '0')}`);
  const periodForm = h(
    'form',
    { class: 'no-print', 'aria-label': 'Period' },
    h(
      'div',
      { class: 'fields' },
      field({ label: 'Evaluated from', path: 'from', type: 'date', value: from, filter: true }),
      field({ label: 'Evaluated to', path: 'to', type: 'date', value: to, filter: true }),
      programmePicker(programmes, programme),
    ),
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit' }, 'Show'),
      h(
        'span',
        { class: 'muted' },
        'Academic year: ',
        years.map((y, i) => [
          i ? ', ' : '',
          h('a', { href: `#/impact${query({ ...yearBounds(y), programme: period.programme })}` }, y),
        ]),
      ),
    ),
  );
  periodForm.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.go(`/impact${query(filterValues(periodForm))}`);
  });

  const labelFor = (/** @type {string} */ key) => FIGURE_LABELS[key] ?? wordsOf(key);
  const chosen = figure && figures.some((f) => f.key === figure) ? figure : '';
  const listed = chosen ? behind(rows, chosen) : rows;
  const cards = h(
    'ul',
    { class: 'impact-figures' },
    figures.map(({ key, value }) => {
      const count = behind(rows, key).length;
      return h(
        'li',
        { class: `impact-figure${key === chosen ? ' current' : ''}`, dataset: { figure: key, value: String(value) } },
        h('span', { class: 'impact-figure__value' }, shown(key, value)),
        h('span', { class: 'impact-figure__label' }, labelFor(key)),
        h(
          'a',
          {
            href: `#/impact${query({ ...period, figure: key })}`,
            'aria-current': key === chosen ? 'true' : undefined,
          },
          `${count} deployment${count === 1 ? '' : 's'} behind it`,
          h('span', { class: 'visually-hidden' }, `: ${labelFor(key)}`),
        ),
      );
    }),
  );

  /** @type {Column<ImpactRow>[]} */
  const columns = [
    {
      label: 'School',
      value: (d) => h('a', { href: `#/deployments/${d.deploymentId}` }, d.schoolName),
      csv: (d) => d.schoolName,
    },
    { label: 'URN', value: (d) => d.schoolUrn, csv: (d) => d.schoolUrn },
    {
      // The programme's word for its specialists; "Specialist" over several programmes' work.
      label: (programme ?? (programmes.length === 1 ? programmes[0] : null))?.singular ?? 'Specialist',
      value: (d) => d.sleName ?? '—',
      csv: (d) => d.sleName ?? '',
    },
    { label: 'Specialism', value: (d) => labelOf(d.specialism), csv: (d) => labelOf(d.specialism) },
    { label: 'Evaluated', value: (d) => dateEl(d.evaluatedOn), csv: (d) => d.evaluatedOn },
    {
      label: 'Days',
      num: true,
      value: (d) => `${d.daysDelivered} of ${d.daysCommissioned}`,
      csv: (d) => `${d.daysDelivered}/${d.daysCommissioned}`,
    },
    {
      label: 'Outcomes achieved',
      num: true,
      value: (d) => `${d.outcomesAchieved} of ${d.outcomesTotal}`,
      csv: (d) => `${d.outcomesAchieved}/${d.outcomesTotal}`,
    },
    { label: 'Rating', num: true, value: (d) => String(d.schoolRating), csv: (d) => d.schoolRating },
    {
      label: 'Ofsted',
      value: (d) => ofstedText(d),
      csv: (d) => ofstedText(d),
    },
  ];
  /** @type {Column<ImpactRow>[]} */
  const csvColumns = [...columns, { label: 'Deployment id', value: () => null, csv: (d) => d.deploymentId }];

  const fileTag = `${programme ? `${programme.programmeId}-` : ''}${from}-to-${to}`;
  append(view, [
    pageHead(
      'Impact',
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () =>
            exportCsv(
              `impact-${fileTag}-figures.csv`,
              [
                { label: 'Figure', csv: (/** @type {{ key: string }} */ f) => labelFor(f.key) },
                { label: 'Value', csv: (/** @type {{ value: number | null }} */ f) => f.value },
                { label: 'Key', csv: (/** @type {{ key: string }} */ f) => f.key },
              ],
              figures,
            ),
        },
        'Figures CSV',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          disabled: !rows.length,
          onclick: () => exportCsv(`impact-${fileTag}-deployments.csv`, csvColumns, listed),
        },
        'Deployments CSV',
      ),
    ),
    h(
      'p',
      { class: 'lede' },
      programme
        ? `What the alliance's ${programme.plural} achieved with the deployments evaluated from `
        : 'What the alliance achieved with the deployments evaluated from ',
      dateEl(from),
      ' to ',
      dateEl(to),
      '.',
    ),
    panel(periodForm),
    h('h2', {}, 'Figures'),
    cards,
    rows.length ? monthChart(rows, from, to) : null,
    h(
      'h2',
      { id: 'behind', tabindex: '-1' },
      chosen ? `The deployments behind: ${labelFor(chosen)}` : 'Every deployment evaluated',
    ),
    chosen ? h('p', {}, h('a', { href: `#/impact${query(period)}` }, 'Show every deployment evaluated')) : null,
    table({
      caption: chosen ? `Deployments behind ${labelFor(chosen)}` : 'Deployments evaluated',
      captionHidden: true,
      columns,
      rows: listed,
      empty: 'No deployment was evaluated in this period.',
    }),
  ]);
  if (chosen) view.querySelector('#behind')?.scrollIntoView();
}

/**
 * What the deployment's school's judgements did, by each Ofsted measure it meets (docs/ofsted.md): the areas
 * that moved within a framework, and the measures across frameworks.
 * @param {ImpactRow} d
 */
function ofstedText(d) {
  const parts = [];
  const improvement = d.ofstedImprovement;
  if (improvement)
    parts.push(
      improvement.areas
        .map((area) => {
          const grade = (/** @type {OfstedJudgement} */ j) => gradesOf(j).find(([a]) => a === area)?.[1] ?? '';
          return `${labelOf(area)}: ${labelOf(grade(improvement.before)).toLowerCase()} to ${labelOf(grade(improvement.after)).toLowerCase()}`;
        })
        .join('; '),
    );
  if (d.leftCategoryOfConcern) parts.push('Left a category of concern');
  if (d.expectedStandardAfterRequiresImprovement)
    parts.push('Good or expected standard throughout after requires improvement');
  return parts.length ? parts.join('. ') : '—';
}

const SVG = 'http://www.w3.org/2000/svg';
/**
 * @param {string} tag
 * @param {Record<string, string | number>} attrs
 * @param {...(Element | string)} children
 */
function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Deployments evaluated each month of the period, as bars (at most 24 months: the latest), drawn in SVG so that it
 * scales to a phone; the table below holds every deployment the bars count.
 * @param {ImpactRow[]} rows
 * @param {string} from
 * @param {string} to
 */
function monthChart(rows, from, to) {
  /** @type {string[]} */
  const months = [];
  let [y, m] = from.split('-').map(Number);
  const [endY, endM] = to.split('-').map(Number);
  while (y < endY || (y === endY && m <= endM)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  const shownMonths = months.slice(-24);
  const counts = shownMonths.map((month) => rows.filter((r) => r.evaluatedOn.startsWith(month)).length);
  const most = Math.max(1, ...counts);
  const width = 400;
  const height = 180;
  const bottom = 30;
  const step = width / shownMonths.length;
  const bar = Math.max(4, step * 0.7);
  const described = shownMonths
    .map((month, i) => (counts[i] ? `${labelMonth(month)}: ${counts[i]}` : ''))
    .filter(Boolean)
    .join('; ');
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', {}, 'Deployments evaluated each month'),
    svg(
      'svg',
      {
        viewBox: `0 0 ${width} ${height}`,
        role: 'img',
        'aria-label': `Deployments evaluated each month. ${described || 'None'}.`,
        class: 'month-chart',
      },
      svg('line', { x1: 0, y1: height - bottom, x2: width, y2: height - bottom, class: 'axis' }),
      ...shownMonths.flatMap((month, i) => {
        const x = i * step + (step - bar) / 2;
        const barHeight = ((height - bottom - 20) * counts[i]) / most;
        return [
          svg('rect', { x, y: height - bottom - barHeight, width: bar, height: barHeight, class: 'bar-fill' }),
          counts[i]
            ? svg(
                'text',
                { x: x + bar / 2, y: height - bottom - barHeight - 4, 'text-anchor': 'middle', class: 'bar-value' },
                String(counts[i]),
              )
            : svg('g', {}),
          svg(
            'text',
            { x: x + bar / 2, y: height - 10, 'text-anchor': 'middle', class: 'bar-label' },
            shownMonths.length > 12 && i % 2 ? '' : MONTHS[Number(month.slice(5)) - 1],
          ),
        ];
      }),
    ),
  );
}

/** @param {string} month `2026-03` */
const labelMonth = (month) => `${MONTHS[Number(month.slice(5)) - 1]} ${month.slice(0, 4)}`;
