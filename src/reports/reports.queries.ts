import { Inject } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { randomUUID } from 'node:crypto';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { HalfTerm } from '../../events/index.js';
import { allianceImpact, type AllianceImpact } from '../../projections/alliance-impact.js';
import {
  combineHalfTermReport,
  halfTermParts,
  halfTermPeriod,
  inReportScope,
  refreshHalfTermParts,
  type HalfTermPeriod,
  type HalfTermReport,
  type SchoolHalfTermPart,
} from '../../projections/half-term-report.js';
import { schoolTimeline, type SchoolTimeline } from '../../projections/school-timeline.js';
import { AccessPolicy } from '../auth/access-policy.js';
import type { AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadModels } from '../read-models/read-models.js';
import { Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/domain-errors.js';
import { byCodeUnits } from '../shared/order.js';
import { halfTermReportJson, PartsJson, type SchoolName } from './report-rendering.js';

export class GetSchoolTimeline extends Query<SchoolTimeline> {
  constructor(
    readonly urn: string,
    readonly viewer: AuthUser,
  ) {
    super();
  }
}

/** The report, and the names of its schools for the CSV and HTML renderings (looked up only when rendered). */
export interface HalfTermReportResult {
  report: HalfTermReport;
  schoolName: SchoolName;
  /** `JSON.stringify(report)` in UTF-8 as chunks, put together from the JSON kept for its parts (see halfTermReportJson) on first use, and kept. */
  json(): Buffer[];
  /** Differs from every other result's for the same report (an ETag): the same result is answered until the report may have changed. */
  version: string;
}

export class GetHalfTermReport extends Query<HalfTermReportResult> {
  constructor(
    readonly academicYear: string,
    readonly halfTerm: HalfTerm,
    /** Only this local authority's schools; every school when absent. */
    readonly localAuthority?: string,
  ) {
    super();
  }
}

export class GetAllianceImpact extends Query<AllianceImpact> {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super();
  }
}

@QueryHandler(GetSchoolTimeline)
export class GetSchoolTimelineHandler implements IQueryHandler<GetSchoolTimeline> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ urn, viewer }: GetSchoolTimeline) {
    // Checked before the lookup, so that a school user learns nothing about which other URNs exist.
    AccessPolicy.assert(AccessPolicy.canReadSchool(viewer, urn), 'A school user may see only the timeline of its own school');
    await this.readModels.catchUp();
    const timeline = schoolTimeline(this.readModels, urn, this.readModels.deploymentIndex);
    if (!timeline) throw new NotFoundError(`No school with URN ${urn}`);
    return timeline;
  }
}

/**
 * Rows (active deployments and areas of concern) of the half-termly reports kept between reads, at most:
 * each row is kept with its JSON, and in the JSON of the whole report once read, some 700 bytes in all, so
 * about 200 MB at most. That holds a year's six half terms of a national network (40,000 to 45,000 rows each
 * at a million events), or dozens of a small alliance's.
 */
const REPORT_ROWS_KEPT = 300_000;

/** A report kept between reads, with its schools' parts (in URN order) and the views' position it stands at. */
interface KeptReport {
  period: HalfTermPeriod;
  today: string;
  position: bigint;
  parts: SchoolHalfTermPart[];
  partsJson: PartsJson;
  result: HalfTermReportResult;
}

@QueryHandler(GetHalfTermReport)
export class GetHalfTermReportHandler implements IQueryHandler<GetHalfTermReport> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ academicYear, halfTerm, localAuthority }: GetHalfTermReport): Promise<HalfTermReportResult> {
    await this.readModels.catchUp();
    const today = this.clock.today();
    const position = this.readModels.position;
    // A report stands until the day or what it reads changes: the same result is answered until then, so that
    // its renderings are made once, not on every read of a large report. After events at a few schools, only
    // those schools' parts are worked out again (and serialised: see halfTermReportJson); another local
    // authority's events leave an authority's report standing.
    const key = `${academicYear}/${halfTerm}/${localAuthority ?? ''}`;
    const kept = this.recent.get(key);
    if (kept && kept.today === today) {
      if (kept.position === position) return kept.result;
      const changed = this.readModels.schoolsChangedSince(kept.position);
      if (changed) {
        const touched = [...changed].filter((urn) => inReportScope(this.readModels, urn, localAuthority)).sort(byCodeUnits);
        if (!touched.length) {
          kept.position = position;
          return kept.result;
        }
        const parts = refreshHalfTermParts(this.readModels, kept.period, kept.parts, touched, this.readModels.deploymentIndex);
        const result = this.resultOf(kept.period, parts, kept.partsJson, localAuthority, position);
        this.recent.set(key, { ...kept, position, parts, result }); // a new entry, so that its size is counted again
        return result;
      }
    }
    const schoolUrns = localAuthority === undefined ? undefined : this.readModels.schoolsIn(localAuthority);
    // Checked only when working a report out afresh: one is kept only after this check passed on the same views.
    if (schoolUrns && !schoolUrns.length) throw new NotFoundError(`No school is registered in local authority ${localAuthority}`);
    const period = halfTermPeriod({ academicYear, halfTerm, calendar: this.config.halfTermCalendar, today });
    const parts = halfTermParts(this.readModels, period, { index: this.readModels.deploymentIndex, schoolUrns });
    const partsJson = new PartsJson();
    const result = this.resultOf(period, parts, partsJson, localAuthority, position);
    this.recent.set(key, { period, today, position, parts, partsJson, result });
    return result;
  }

  private resultOf(period: HalfTermPeriod, parts: SchoolHalfTermPart[], partsJson: PartsJson, localAuthority: string | undefined, position: bigint): HalfTermReportResult {
    const report = combineHalfTermReport(this.readModels, period, parts, localAuthority);
    const schools = this.readModels.schools;
    let json: Buffer[] | undefined;
    return {
      report,
      schoolName: (urn: string) => schools.get(urn)?.name ?? urn,
      json: () => (json ??= halfTermReportJson(report, parts, partsJson)),
      // The views at `position` and the day make the report; `started` tells this server's answers from an earlier one's.
      version: `${this.started}.${position}.${period.asOf}`,
    };
  }

  private readonly started = randomUUID().slice(0, 8);

  // Bounded by rows rather than reports: see REPORT_ROWS_KEPT.
  private readonly recent = new LRUCache<string, KeptReport>({
    max: 24,
    maxSize: REPORT_ROWS_KEPT,
    sizeCalculation: ({ result: { report } }) => 1 + report.activeDeployments.length + report.areasOfConcern.length,
  });
}

@QueryHandler(GetAllianceImpact)
export class GetAllianceImpactHandler implements IQueryHandler<GetAllianceImpact> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ from, to }: GetAllianceImpact) {
    await this.readModels.catchUp();
    return allianceImpact(this.readModels, { from, to });
  }
}
