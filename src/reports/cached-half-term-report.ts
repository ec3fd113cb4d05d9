import type { AllianceViews } from '../../projections/alliance-views.js';
import type { DeploymentFacts } from '../../projections/deployment-facts.js';
import type { DeploymentLookup } from '../../projections/deployment-lookup.js';
import {
  addTotals,
  deploymentsTouching,
  halfTermReportOf,
  mergeByUrn,
  namedConcerns,
  noTotals,
  partsOf,
  type AreaOfConcern,
  type HalfTermPeriod,
  type HalfTermReport,
  type HalfTermTotals,
  type SchoolHalfTermPart,
} from '../../projections/half-term-report.js';
import { deflateSegment, type DeflatedSegment } from '../shared/deflated-segments.js';

/** Schools per block when a report is first worked out; a block grown past twice this is split again. */
const BLOCK_SCHOOLS = 64;

/**
 * The schools of one range of URNs, as a kept report holds them: what their parts add up to, and their rows
 * and areas of concern as JSON, deflated. Never changed: a refreshed report holds new blocks where it changed.
 */
interface ReportBlock {
  /** The first URN of its range ('' for the first block); the range runs up to the next block's `from`. */
  readonly from: string;
  /** Its schools that have a part, sorted. */
  readonly urns: readonly string[];
  readonly totals: HalfTermTotals;
  /** Its parts' rows as JSON list items joined with commas, without the brackets; empty when none. */
  readonly rows: DeflatedSegment;
  /** Its areas of concern (the core team's in its range merged with its parts'), the same way. */
  readonly concerns: DeflatedSegment;
}

export interface CachedReportScope {
  /** Only the schools of this local authority; every school when absent. */
  localAuthority?: string;
  /** Its schools' URNs, sorted, when `localAuthority` is given. */
  schoolUrns?: readonly string[];
  index?: DeploymentLookup;
}

/**
 * A half-termly report kept between reads as its JSON, in blocks of about BLOCK_SCHOOLS schools by URN,
 * with what each block adds up to: neither the parts nor their rows are kept as objects, which would take
 * several times the JSON's size on the heap. Each block is kept deflated, and answered so to a client that
 * takes `deflate` (see DeflatedSegment).
 *
 * After events at a few schools (`refreshed`), only the blocks whose ranges hold them are worked out again,
 * from their schools' deployments: tens of kilobytes, not the whole report. `json()` is always
 * `JSON.stringify` of what `halfTermReport` gives for the same views.
 */
export class CachedHalfTermReport {
  private constructor(
    readonly period: HalfTermPeriod,
    readonly scope: CachedReportScope,
    private readonly blocks: readonly ReportBlock[],
  ) {}

  static of(views: AllianceViews, period: HalfTermPeriod, scope: CachedReportScope = {}): CachedHalfTermReport {
    const named = namedConcerns(views, period, scope.localAuthority);
    return new CachedHalfTermReport(
      period,
      scope,
      blocksOf(views, period, deploymentsTouching(views, period, scope), '', undefined, named),
    );
  }

  /**
   * The report with the blocks holding the `touched` schools (sorted, all in its scope) worked out again:
   * the report now, when no other school's deployments have changed since this one was made.
   */
  refreshed(views: AllianceViews, touched: readonly string[]): CachedHalfTermReport {
    const named = namedConcerns(views, this.period, this.scope.localAuthority);
    const blocks: ReportBlock[] = [];
    let t = 0;
    this.blocks.forEach((block, b) => {
      const end = this.blocks[b + 1]?.from;
      const touchedHere: string[] = [];
      while (t < touched.length && (end === undefined || touched[t] < end)) touchedHere.push(touched[t++]);
      if (!touchedHere.length) {
        blocks.push(block);
        return;
      }
      const schoolUrns = [...new Set([...block.urns, ...touchedHere])].sort();
      const deployments = deploymentsTouching(views, this.period, { index: this.scope.index, schoolUrns });
      blocks.push(...blocksOf(views, this.period, deployments, block.from, end, named));
    });
    return new CachedHalfTermReport(this.period, this.scope, blocks);
  }

  /** The deflated JSON's size: what keeping it costs. */
  get bytes(): number {
    return this.blocks.reduce(
      (total, { rows, concerns }) => total + rows.deflated.length + concerns.deflated.length,
      0,
    );
  }

  /** `JSON.stringify` of the report in UTF-8, as deflated segments to be answered one after another (the blocks as they are kept). */
  json(): DeflatedSegment[] {
    const totals = noTotals();
    for (const block of this.blocks) addTotals(totals, block.totals);
    const report = halfTermReportOf(this.period, this.scope.localAuthority, totals, [], []);
    return reportJson(report, {
      activeDeployments: this.blocks.map((b) => b.rows),
      areasOfConcern: this.blocks.map((b) => b.concerns),
    });
  }
}

/**
 * Blocks for the schools of `deployments` (from `deploymentsTouching`), whose URNs run from `from` up to
 * `end`, with the core team's concerns in that range: one block, or blocks of BLOCK_SCHOOLS schools when
 * there are over twice as many. Worked out a block at a time, so that only one block's parts are held at
 * once, not a national network's.
 */
function blocksOf(
  views: AllianceViews,
  period: HalfTermPeriod,
  deployments: readonly DeploymentFacts[],
  from: string,
  end: string | undefined,
  named: readonly AreaOfConcern[],
): ReportBlock[] {
  const newSchool = (i: number) =>
    i === deployments.length || deployments[i].schoolUrn !== deployments[i - 1].schoolUrn;
  let schools = 0;
  for (let i = 1; i <= deployments.length; i++) if (newSchool(i)) schools++;
  const size = schools > 2 * BLOCK_SCHOOLS ? BLOCK_SCHOOLS : schools;
  const blocks: ReportBlock[] = [];
  let [start, inBlock, blockFrom] = [0, 0, from];
  for (let i = 1; i <= deployments.length; i++) {
    if (!newSchool(i) || (++inBlock < size && i < deployments.length)) continue;
    const next: string | undefined = deployments[i]?.schoolUrn;
    blocks.push(
      blockOf(blockFrom, partsOf(views, period, deployments, start, i), inRange(named, blockFrom, next ?? end)),
    );
    if (next !== undefined) [start, inBlock, blockFrom] = [i, 0, next];
  }
  if (!blocks.length) blocks.push(blockOf(from, [], inRange(named, from, end)));
  return blocks;
}

/** The concerns of the schools from `from` up to `end` (none: to the last). */
const inRange = (concerns: readonly AreaOfConcern[], from: string, end: string | undefined) =>
  concerns.filter(({ schoolUrn }) => schoolUrn >= from && (end === undefined || schoolUrn < end));

function blockOf(from: string, parts: readonly SchoolHalfTermPart[], named: AreaOfConcern[]): ReportBlock {
  const totals = noTotals();
  for (const part of parts) addTotals(totals, part);
  const concerns = mergeByUrn(
    named,
    parts.flatMap((p) => (p.concern ? [p.concern] : [])),
  );
  return {
    from,
    urns: parts.map((p) => p.schoolUrn),
    totals,
    rows: listItems(parts.flatMap((p) => p.activeDeployments)),
    concerns: listItems(concerns),
  };
}

/** The items of a list as JSON, joined with commas, without the brackets. */
const listItems = (items: readonly unknown[]): DeflatedSegment =>
  deflateSegment(Buffer.from(JSON.stringify(items).slice(1, -1)));

/**
 * `JSON.stringify(report)` in UTF-8 as deflated segments, with each list written from its blocks (JSON items
 * joined with commas, the empty ones left out). Outside a JSON string a quote is never escaped, so a key, its
 * colon and the mark put where the list goes can be found only where they were written.
 */
export function reportJson(
  report: HalfTermReport,
  lists: Record<'activeDeployments' | 'areasOfConcern', readonly DeflatedSegment[]>,
): DeflatedSegment[] {
  const json = JSON.stringify({ ...report, activeDeployments: LIST_MARK, areasOfConcern: LIST_MARK });
  const marks = (Object.keys(lists) as (keyof typeof lists)[])
    .map((key) => {
      const marked = `"${key}":${JSON.stringify(LIST_MARK)}`;
      const at = json.indexOf(marked);
      return { key, blocks: lists[key], at, end: at + marked.length };
    })
    .sort((a, b) => a.at - b.at);
  const chunks: DeflatedSegment[] = [];
  let from = 0;
  for (const { key, blocks, at, end } of marks) {
    chunks.push(deflateSegment(Buffer.from(`${json.slice(from, at)}"${key}":[`)));
    blocks.filter((block) => block.length).forEach((block, i) => chunks.push(...(i ? [COMMA, block] : [block])));
    chunks.push(CLOSE);
    from = end;
  }
  chunks.push(deflateSegment(Buffer.from(json.slice(from))));
  return chunks;
}

const LIST_MARK = 'list';
const [COMMA, CLOSE] = [',', ']'].map((mark) => deflateSegment(Buffer.from(mark)));
