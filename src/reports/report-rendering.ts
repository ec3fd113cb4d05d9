import { stringify } from 'csv-stringify/sync';
import type { HalfTerm, IsoDate } from '../../events/index.js';
import type { HalfTermReport, SchoolHalfTermPart } from '../../projections/half-term-report.js';
import { longDate } from '../../projections/school-timeline.js';

/**
 * `JSON.stringify(report)` in UTF-8, as chunks to be written one after another, for a report combined from
 * `parts` (its rows are theirs, in the same order, and so are its areas of concern but those the core team
 * named), from the JSON of each part kept in `partsJson`. A report worked out again after an event at one
 * school serialises only that school's part, and joins anew only the block of parts it falls in (see
 * `PartsJson.blocksOf`): the whole network's ten megabytes are neither serialised nor copied again, and a
 * read right after an event allocates tens of kilobytes, not a new ten-megabyte buffer.
 */
export function halfTermReportJson(report: HalfTermReport, parts: readonly SchoolHalfTermPart[], partsJson = new PartsJson()): Buffer[] {
  const kept = parts.map((part) => partsJson.of(part));
  const rows: Piece[] = [];
  for (const { rows: piece } of kept) if (piece) rows.push(piece);
  // The areas of concern are the parts' own, in URN order, but where the core team named the school: those
  // (alone, or merged with the part's) are serialised here.
  const concerns: Piece[] = [];
  let j = 0;
  for (const concern of report.areasOfConcern) {
    while (j < parts.length && parts[j].schoolUrn < concern.schoolUrn) j++;
    concerns.push(parts[j]?.concern === concern ? kept[j].concern! : pieceOf(concern.schoolUrn, JSON.stringify(concern)));
  }
  // The rest as JSON.stringify writes it, with a mark where each list goes. Outside a JSON string a quote is
  // never escaped, so a key, its colon and the mark can be found only where they were written.
  const json = JSON.stringify({ ...report, activeDeployments: LIST_MARK, areasOfConcern: LIST_MARK });
  const lists = [listAt(json, 'activeDeployments', rows), listAt(json, 'areasOfConcern', concerns)].sort((a, b) => a.at - b.at);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const { key, pieces, at, end } of lists) {
    chunks.push(Buffer.from(`${json.slice(from, at)}"${key}":[`));
    chunks.push(...withCommas(partsJson.blocksOf(pieces)));
    chunks.push(CLOSE);
    from = end;
  }
  chunks.push(Buffer.from(json.slice(from)));
  return chunks;
}

const LIST_MARK = 'list';

/** Where the marked list `key` stands in `json`: from its key to the end of the mark. */
function listAt(json: string, key: string, pieces: Piece[]) {
  const marked = `"${key}":${JSON.stringify(LIST_MARK)}`;
  const at = json.indexOf(marked);
  return { key, pieces, at, end: at + marked.length };
}

const [COMMA, CLOSE] = [Buffer.from(','), Buffer.from(']')];

/** The items with a comma between each two, as a JSON list writes them. */
const withCommas = (items: readonly Buffer[]): Buffer[] => items.flatMap((item, i) => (i ? [COMMA, item] : [item]));

/** One school's items of a list, as JSON without the brackets, and whether a block of them ends there. */
interface Piece {
  json: Buffer;
  endsBlock: boolean;
}

const pieceOf = (schoolUrn: string, json: string): Piece => ({ json: Buffer.from(json), endsBlock: endsBlock(schoolUrn) });

/** About one school in BLOCK_SCHOOLS ends a block: some 300 blocks in the whole network's list of rows. */
const BLOCK_SCHOOLS = 64;

/**
 * Whether a block of pieces ends at this school: decided by its URN alone (FNV-1a), so that a school's part
 * appearing or going leaves every other block's pieces as they were.
 */
function endsBlock(schoolUrn: string): boolean {
  let hash = 0x811c9dc5;
  for (let i = 0; i < schoolUrn.length; i++) hash = Math.imul(hash ^ schoolUrn.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % BLOCK_SCHOOLS === 0;
}

/** A part's rows and area of concern as pieces of JSON. */
interface PartJson {
  part: SchoolHalfTermPart;
  rows: Piece | undefined;
  concern: Piece | undefined;
}

/**
 * The JSON of parts' rows and areas of concern, by school: made once for each part and kept until that
 * school's part is replaced by a newer one; and the blocks those are joined in.
 */
export class PartsJson {
  private readonly bySchool = new Map<string, PartJson>();
  /** By the block's first piece: a block is used again while it holds the very same pieces. */
  private readonly blocks = new WeakMap<Buffer, { pieces: Buffer[]; joined: Buffer }>();

  of(part: SchoolHalfTermPart): PartJson {
    let json = this.bySchool.get(part.schoolUrn);
    // Checked by identity, so a result still holding the older part gets its own JSON.
    if (json?.part !== part) {
      const { schoolUrn, activeDeployments: rows, concern } = part;
      json = { part, rows: rows.length ? pieceOf(schoolUrn, JSON.stringify(rows).slice(1, -1)) : undefined, concern: concern && pieceOf(schoolUrn, JSON.stringify(concern)) };
      this.bySchool.set(schoolUrn, json);
    }
    return json;
  }

  /** The pieces of a list joined with commas, in blocks that end where a piece says; the blocks are to be joined with commas. */
  blocksOf(pieces: readonly Piece[]): Buffer[] {
    const blocks: Buffer[] = [];
    let start = 0;
    for (let i = 0; i < pieces.length; i++) {
      if (i < pieces.length - 1 && !pieces[i].endsBlock) continue;
      blocks.push(this.block(pieces, start, i + 1));
      start = i + 1;
    }
    return blocks;
  }

  private block(pieces: readonly Piece[], start: number, end: number): Buffer {
    const kept = this.blocks.get(pieces[start].json);
    if (kept && kept.pieces.length === end - start && kept.pieces.every((json, i) => json === pieces[start + i].json)) return kept.joined;
    const own = pieces.slice(start, end).map((piece) => piece.json);
    const joined = Buffer.concat(withCommas(own));
    this.blocks.set(own[0], { pieces: own, joined });
    return joined;
  }
}

/** A school's name by URN (the URN itself for a school not known). */
export type SchoolName = (urn: string) => string;

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
  ['ofstedImproved', 'Schools with an improved Ofsted grade'],
  ['averageSchoolRating', 'Average school rating (1 to 5)'],
];

const DEPLOYMENT_COLUMNS: [string, string][] = [
  ['deploymentId', 'Deployment'],
  ['schoolUrn', 'URN'],
  ['schoolName', 'School'],
  ['sleId', 'SLE'],
  ['latestStatus', 'Latest status'],
  ['lastContactOn', 'Last contact'],
  ['contactOverdue', 'Contact overdue'],
  ['daysCommissioned', 'Days commissioned'],
  ['daysDelivered', 'Days delivered'],
  ['endDate', 'End date'],
];

const status = (s: string | null) => (s ? s.replace('-', ' ') : 'no contact yet');
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** The local authority as a file name part: lower case, words joined by hyphens. */
const slug = (words: string) => words.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export const halfTermReportFilename = (report: HalfTermReport, extension: 'csv' | 'html') =>
  `half-termly-report-${report.academicYear}-${report.halfTerm}${report.localAuthority ? `-${slug(report.localAuthority)}` : ''}.${extension}`;

function deploymentRows(report: HalfTermReport, schoolName: SchoolName) {
  return report.activeDeployments.map((d) => ({
    ...d,
    schoolName: schoolName(d.schoolUrn),
    latestStatus: status(d.latestStatus),
    lastContactOn: d.lastContactOn ?? '',
    contactOverdue: yesNo(d.contactOverdue),
  }));
}

/** A text cell that a spreadsheet would run as a formula is prefixed with an apostrophe. */
const safeCell = (value: Cell): string | number => {
  if (value === null) return '';
  if (typeof value === 'boolean') return yesNo(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(value)) return `'${value}`;
  return value;
};

/**
 * The report as CSV, laid out as several tables one under another, each after a one-cell title row and
 * separated by a blank line, so that it reads as it is in a spreadsheet:
 *   1. the title rows: report, academic year and half term; From; To; As of
 *   2. "Summary": Figure,Value, one row per summary count
 *   3. "Active deployments": one row per active deployment, with the school's name
 *   4. "Areas of concern": URN,School,Reason, one row per reason
 *   5. "Impact": Figure,Value, one row per impact figure
 * Booleans are yes/no, absent values empty. It starts with a UTF-8 byte order mark so that spreadsheets
 * read names with accents correctly, and text that a spreadsheet would take for a formula is neutralised.
 */
export function halfTermReportCsv(report: HalfTermReport, schoolName: SchoolName): string {
  const rows: Cell[][] = [
    ['Half-termly review report', report.academicYear, report.halfTerm],
    ...(report.localAuthority ? [['Local authority', report.localAuthority]] : []),
    ['From', report.from],
    ['To', report.to],
    ['As of', report.asOf],
    [],
    ['Summary'],
    ['Figure', 'Value'],
    ...SUMMARY_LABELS.map(([key, label]) => [label, report.summary[key]]),
    [],
    ['Active deployments'],
    DEPLOYMENT_COLUMNS.map(([, label]) => label),
    ...deploymentRows(report, schoolName).map((row) => DEPLOYMENT_COLUMNS.map(([key]) => row[key as keyof typeof row] as Cell)),
    [],
    ['Areas of concern'],
    ['URN', 'School', 'Reason'],
    ...report.areasOfConcern.flatMap((a) => a.reasons.map((reason) => [a.schoolUrn, schoolName(a.schoolUrn), reason])),
    [],
    ['Impact'],
    ['Figure', 'Value'],
    ...IMPACT_LABELS.map(([key, label]) => [label, report.impact[key]]),
  ];
  return `\ufeff${stringify(rows.map((row) => row.map(safeCell)), { record_delimiter: 'windows' })}`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

const dateCell = (date: IsoDate | null) => (date ? `<time datetime="${escapeHtml(date)}">${escapeHtml(longDate(date))}</time>` : '');

function table(caption: string, headers: string[], rows: string[][], numeric: number[] = []): string {
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((cells) => `<tr>${cells.map((cell, i) => (i === 0 ? `<th scope="row">${cell}</th>` : `<td${numeric.includes(i) ? ' class="num"' : ''}>${cell}</td>`)).join('')}</tr>`)
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
export function halfTermReportHtml(report: HalfTermReport, schoolName: SchoolName): string {
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
        DEPLOYMENT_COLUMNS.map(([, label]) => label),
        report.activeDeployments.map((d) => [
          escapeHtml(d.deploymentId),
          escapeHtml(d.schoolUrn),
          name(d.schoolUrn),
          escapeHtml(d.sleId),
          escapeHtml(status(d.latestStatus)),
          dateCell(d.lastContactOn),
          yesNo(d.contactOverdue),
          escapeHtml(d.daysCommissioned),
          escapeHtml(d.daysDelivered),
          dateCell(d.endDate),
        ]),
        [7, 8],
      )
    : '<p>No deployments were active in this half term.</p>';
  const concerns = report.areasOfConcern.length
    ? report.areasOfConcern
        .map((a) => `<h3>${name(a.schoolUrn)} (URN ${escapeHtml(a.schoolUrn)})</h3>\n<ul>\n${a.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('\n')}\n</ul>`)
        .join('\n')
    : '<p>No areas of concern.</p>';
  const impact = table(
    'Evaluations held in the half term',
    ['Figure', 'Value'],
    IMPACT_LABELS.map(([key, label]) => [escapeHtml(label), report.impact[key] === null ? 'none yet' : escapeHtml(report.impact[key])]),
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
<p class="meta">From ${dateCell(report.from)} to ${dateCell(report.to)}. Deployments are shown as they stood on ${dateCell(report.asOf)}.</p>
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
</main>
</body>
</html>
`;
}
