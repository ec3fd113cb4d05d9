import type { HalfTerm, IsoDate } from '../../events/index.js';
import type { AllianceImpact } from '../../projections/alliance-impact.js';
import type { HalfTermReport } from '../../projections/half-term-report.js';
import { describeImprovement, JUDGED_AREA_LABELS } from '../../projections/ofsted.js';
import { longDate } from '../../projections/school-timeline.js';
import type { KeptReview } from '../reviews/review-records.js';
import { toCsv } from '../shared/csv.js';

/** A school's name by URN (the URN itself for a school not known). */
export type SchoolName = (urn: string) => string;
/** An SLE's name by id (the id itself for an SLE not known). */
export type SleName = (sleId: string) => string;

type Cell = string | number | boolean | null;

const HALF_TERM_NAMES: Record<HalfTerm, string> = {
  'autumn-1': 'Autumn 1',
  'autumn-2': 'Autumn 2',
  'spring-1': 'Spring 1',
  'spring-2': 'Spring 2',
  'summer-1': 'Summer 1',
  'summer-2': 'Summer 2',
};

const SUMMARY_LABELS: [keyof HalfTermReport['summary'], string][] = [
  ['requestsReceived', 'Requests received'],
  ['brokerageMeetingsHeld', 'Brokerage meetings held'],
  ['deploymentsStarted', 'Deployments started'],
  ['deploymentsActive', 'Deployments active'],
  ['evaluationsCompleted', 'Evaluations completed'],
  ['daysCommissioned', 'Days commissioned'],
  ['daysDelivered', 'Days delivered'],
];

const IMPACT_LABELS: [keyof HalfTermReport['impact'], string][] = [
  ['evaluated', 'Deployments evaluated'],
  ['outcomesAchieved', 'Outcomes achieved'],
  ['outcomesPartlyAchieved', 'Outcomes partly achieved'],
  ['outcomesTotal', 'Outcomes evaluated'],
  ['ofstedImproved', 'Schools with a better Ofsted judgement (same framework)'],
  ['ofstedLeftCategoryOfConcern', 'Schools that left an Ofsted category of concern'],
  [
    'ofstedExpectedStandardAfterRequiresImprovement',
    'Schools good or at expected standard throughout after requires improvement',
  ],
  ['averageSchoolRating', 'Average school rating (1 to 5)'],
];

/** Names first, as a reader looks for them; the ids last, in their own columns, to match rows with other exports. */
const DEPLOYMENT_COLUMNS: [string, string][] = [
  ['schoolName', 'School'],
  ['schoolUrn', 'URN'],
  ['sleName', 'SLE'],
  ['latestStatus', 'Latest status'],
  ['lastContactOn', 'Last contact'],
  ['contactOverdue', 'Contact overdue'],
  ['daysCommissioned', 'Days commissioned'],
  ['daysDelivered', 'Days delivered'],
  ['endDate', 'End date'],
  ['sleId', 'SLE id'],
  ['deploymentId', 'Deployment id'],
];
/** What the printed page shows of each deployment: the names, without the ids. */
const PRINTED_COLUMNS = DEPLOYMENT_COLUMNS.filter(([key]) => key !== 'sleId' && key !== 'deploymentId');

const status = (s: string | null) => (s ? s.replace('-', ' ') : 'no contact yet');
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** The local authority as a file name part: lower case, words joined by hyphens. */
const slug = (words: string) =>
  words
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export const halfTermReportFilename = (report: HalfTermReport, extension: 'csv' | 'html') =>
  `half-termly-report-${report.academicYear}-${report.halfTerm}${report.localAuthority ? `-${slug(report.localAuthority)}` : ''}.${extension}`;

function deploymentRows(report: HalfTermReport, schoolName: SchoolName, sleName: SleName) {
  return report.activeDeployments.map((d) => ({
    ...d,
    schoolName: schoolName(d.schoolUrn),
    sleName: sleName(d.sleId),
    latestStatus: status(d.latestStatus),
    lastContactOn: d.lastContactOn ?? '',
    contactOverdue: yesNo(d.contactOverdue),
  }));
}

/**
 * The report as CSV, laid out as several tables one under another, each after a one-cell title row and
 * separated by a blank line, so that it reads as it is in a spreadsheet:
 *   1. the title rows: report, academic year and half term; From; To; As of
 *   2. "Summary": Figure,Value, one row per summary count
 *   3. "Active deployments": one row per active deployment, with the school's and the SLE's names (their ids last)
 *   4. "Areas of concern": URN,School,Reason, one row per reason
 *   5. "Impact": Figure,Value, one row per impact figure
 *   6. when the review was held, "Review": Held on; "Attendees": Name,Role; "Decisions": URN,School,Concern;
 *      "Notes"; "History": Change,When,By,Reason (held, then each amendment)
 * Booleans are yes/no, absent values empty. It starts with a UTF-8 byte order mark so that spreadsheets
 * read names with accents correctly; quoting and formula escaping follow the shared rule (src/shared/csv.ts).
 */
export function halfTermReportCsv(
  report: HalfTermReport,
  schoolName: SchoolName,
  sleName: SleName,
  review?: KeptReview,
): string {
  const rows: Cell[][] = [
    ['Half-termly review report', report.academicYear, report.halfTerm],
    ...(report.localAuthority ? [['Local authority', report.localAuthority]] : []),
    ['From', report.from],
    ['To', report.to],
    ['As of', report.asOf],
    ['First teaching day', report.teaching.from],
    ['Last teaching day', report.teaching.to],
    [],
    ['Summary'],
    ['Figure', 'Value'],
    ...SUMMARY_LABELS.map(([key, label]) => [label, report.summary[key]]),
    [],
    ['Active deployments'],
    DEPLOYMENT_COLUMNS.map(([, label]) => label),
    ...deploymentRows(report, schoolName, sleName).map((row) =>
      DEPLOYMENT_COLUMNS.map(([key]) => row[key as keyof typeof row] as Cell),
    ),
    [],
    ['Areas of concern'],
    ['URN', 'School', 'Reason'],
    ...report.areasOfConcern.flatMap((a) => a.reasons.map((reason) => [a.schoolUrn, schoolName(a.schoolUrn), reason])),
    [],
    ['Impact'],
    ['Figure', 'Value'],
    ...IMPACT_LABELS.map(([key, label]) => [label, report.impact[key]]),
    ...(review ? reviewRows(review) : []),
  ];
  return `\ufeff${toCsv(rows.map((row) => row.map((cell) => (typeof cell === 'boolean' ? yesNo(cell) : cell))))}`;
}

function reviewRows(review: KeptReview): Cell[][] {
  return [
    [],
    ['Review'],
    ['Held on', review.heldOn],
    [],
    ['Attendees'],
    ['Name', 'Role'],
    ...review.attendees.map((a) => [a.name, a.role]),
    [],
    ['Decisions'],
    ['URN', 'School', 'Concern'],
    ...review.areasOfConcern.map((a) => [a.schoolUrn, a.schoolName, a.concern]),
    [],
    ['Notes'],
    [review.notes],
    [],
    ['History'],
    ['Change', 'When', 'By', 'Reason'],
    ...review.history.map((c) => [c.change, c.at, c.by ?? '', c.reason ?? '']),
  ];
}

const IMPACT_FIGURES: [keyof AllianceImpact, string][] = [
  ['deploymentsCompleted', 'Deployments evaluated'],
  ['daysCommissioned', 'Days commissioned'],
  ['daysDelivered', 'Days delivered'],
  ['outcomesAchieved', 'Outcomes achieved'],
  ['outcomesTotal', 'Outcomes evaluated'],
  ['schoolsOfstedImproved', 'Schools with a better Ofsted judgement (same framework)'],
  ['requiresImprovementToGood', 'Schools from requires improvement to good or better (overall grades)'],
  ['schoolsLeftCategoryOfConcern', 'Schools that left an Ofsted category of concern'],
  [
    'schoolsExpectedStandardAfterRequiresImprovement',
    'Schools good or at expected standard throughout after requires improvement',
  ],
  ['averageSchoolRating', 'Average school rating (1 to 5)'],
  ['positiveRatingShare', 'Share of ratings 4 or 5'],
];

/**
 * The alliance impact report as CSV: the title rows, "Figures" (Figure,Value), then "Deployments", one row per
 * evaluated deployment with what it adds to each figure; an Ofsted improvement is written as the areas that
 * moved (`achievement from needs attention to expected standard`), the other measures yes/no. With a BOM, as
 * the half-termly report's.
 */
export function allianceImpactCsv(impact: AllianceImpact): string {
  const rows: (string | number | null)[][] = [
    ['Alliance impact report'],
    ['From', impact.from],
    ['To', impact.to],
    [],
    ['Figures'],
    ['Figure', 'Value'],
    ...IMPACT_FIGURES.map(([key, label]) => [label, impact[key] as number | null]),
    [],
    ['Deployments'],
    [
      'Deployment',
      'URN',
      'School',
      'SLE',
      'Specialism',
      'Started',
      'Evaluated',
      'Days commissioned',
      'Days delivered',
      'Outcomes achieved',
      'Outcomes evaluated',
      'School rating',
      'Ofsted: better in the same framework',
      'Ofsted: requires improvement to good',
      'Ofsted: left a category of concern',
      'Ofsted: good or expected standard throughout after requires improvement',
    ],
    ...impact.deployments.map((d) => [
      d.deploymentId,
      d.schoolUrn,
      d.schoolName,
      d.sleId,
      d.specialism,
      d.startedOn,
      d.evaluatedOn,
      d.daysCommissioned,
      d.daysDelivered,
      d.outcomesAchieved,
      d.outcomesTotal,
      d.schoolRating,
      d.ofstedImprovement
        ? describeImprovement(d.ofstedImprovement).join('; ') || JUDGED_AREA_LABELS['overall-effectiveness']
        : '',
      yesNo(d.requiresImprovementToGood),
      yesNo(!!d.leftCategoryOfConcern),
      yesNo(!!d.expectedStandardAfterRequiresImprovement),
    ]),
  ];
  return `\ufeff${toCsv(rows)}`;
}

export const allianceImpactFilename = (impact: AllianceImpact) => `alliance-impact-${impact.from}-to-${impact.to}.csv`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

const dateCell = (date: IsoDate | null) =>
  date ? `<time datetime="${escapeHtml(date)}">${escapeHtml(longDate(date))}</time>` : '';

function table(caption: string, headers: string[], rows: string[][], numeric: number[] = []): string {
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map(
      (cells) =>
        `<tr>${cells.map((cell, i) => (i === 0 ? `<th scope="row">${cell}</th>` : `<td${numeric.includes(i) ? ' class="num"' : ''}>${cell}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #0b0c0c; background: #fff; margin: 2rem; line-height: 1.45; max-width: 75rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 1.75rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #6f777b; padding: .35rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f3f2f1; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
ul { margin: .25rem 0 .75rem; }
.meta { color: #383f43; }
.notes { white-space: pre-line; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-size: 10pt; max-width: none; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; }
  h2 { break-after: avoid; }
  thead th { background: none; }
}`;

/**
 * The report as a printable, self-contained HTML page: no scripts and no external assets, every value
 * escaped, tables with captions and header cells, overdue contact written as "yes" rather than shown by colour.
 */
export function halfTermReportHtml(
  report: HalfTermReport,
  schoolName: SchoolName,
  sleName: SleName,
  review?: KeptReview,
): string {
  const term = `${HALF_TERM_NAMES[report.halfTerm]} ${report.academicYear}${report.localAuthority ? `, ${report.localAuthority}` : ''}`;
  const name = (urn: string) => escapeHtml(schoolName(urn));
  const summary = table(
    'Dated in the half term',
    ['Figure', 'Value'],
    SUMMARY_LABELS.map(([key, label]) => [escapeHtml(label), escapeHtml(report.summary[key])]),
    [1],
  );
  const deployments = report.activeDeployments.length
    ? table(
        `Active deployments as at ${longDate(report.asOf)}`,
        PRINTED_COLUMNS.map(([, label]) => label),
        report.activeDeployments.map((d) => [
          name(d.schoolUrn),
          escapeHtml(d.schoolUrn),
          escapeHtml(sleName(d.sleId)),
          escapeHtml(status(d.latestStatus)),
          dateCell(d.lastContactOn),
          yesNo(d.contactOverdue),
          escapeHtml(d.daysCommissioned),
          escapeHtml(d.daysDelivered),
          dateCell(d.endDate),
        ]),
        [6, 7],
      )
    : '<p>No deployments were active in this half term.</p>';
  const concerns = report.areasOfConcern.length
    ? report.areasOfConcern
        .map(
          (a) =>
            `<h3>${name(a.schoolUrn)} (URN ${escapeHtml(a.schoolUrn)})</h3>\n<ul>\n${a.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('\n')}\n</ul>`,
        )
        .join('\n')
    : '<p>No areas of concern.</p>';
  const impact = table(
    'Evaluations held in the half term',
    ['Figure', 'Value'],
    IMPACT_LABELS.map(([key, label]) => [
      escapeHtml(label),
      report.impact[key] === null ? 'none yet' : escapeHtml(report.impact[key]),
    ]),
    [1],
  );
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Half-termly review report: ${escapeHtml(term)}</title>
<style>${STYLE}
</style>
</head>
<body>
<main>
<h1>Half-termly review report: ${escapeHtml(term)}</h1>
<p class="meta">From ${dateCell(report.from)} to ${dateCell(report.to)}: teaching from ${dateCell(report.teaching.from)} to ${dateCell(report.teaching.to)}, and the holiday after. Deployments are shown as they stood on ${dateCell(report.asOf)}.</p>
<section aria-labelledby="summary">
<h2 id="summary">Summary</h2>
${summary}
</section>
<section aria-labelledby="active">
<h2 id="active">Active deployments</h2>
${deployments}
</section>
<section aria-labelledby="concerns">
<h2 id="concerns">Areas of concern</h2>
${concerns}
</section>
<section aria-labelledby="impact">
<h2 id="impact">Impact</h2>
${impact}
</section>
${review ? reviewHtml(review) : ''}
</main>
</body>
</html>
`;
}

function reviewHtml(review: KeptReview): string {
  const attendees = review.attendees.map((a) => `<li>${escapeHtml(a.name)}, ${escapeHtml(a.role)}</li>`).join('\n');
  const decisions = review.areasOfConcern.length
    ? `<ul>\n${review.areasOfConcern.map((a) => `<li>${escapeHtml(a.schoolName)} (URN ${escapeHtml(a.schoolUrn)}): ${escapeHtml(a.concern)}</li>`).join('\n')}\n</ul>`
    : '<p>No school was named.</p>';
  const history = table(
    'Held, then each correction',
    ['Change', 'When', 'By', 'Reason'],
    review.history.map((c) => [
      escapeHtml(c.change),
      escapeHtml(c.at),
      escapeHtml(c.by ?? ''),
      escapeHtml(c.reason ?? ''),
    ]),
  );
  return `<section aria-labelledby="review">
<h2 id="review">The core team's review</h2>
<p>Held on ${dateCell(review.heldOn)}.</p>
<h3>Attendees</h3>
<ul>
${attendees}
</ul>
<h3>Decisions</h3>
${decisions}
<h3>Notes</h3>
<p class="notes">${escapeHtml(review.notes)}</p>
${history}
</section>`;
}
