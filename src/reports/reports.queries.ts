import { Inject } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { HalfTerm } from '../../events/index.js';
import { allianceImpact, type AllianceImpact } from '../../projections/alliance-impact.js';
import { halfTermReport, type HalfTermReport } from '../../projections/half-term-report.js';
import { schoolTimeline, type SchoolTimeline } from '../../projections/school-timeline.js';
import { AccessPolicy } from '../auth/access-policy.js';
import type { AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadModels } from '../read-models/read-models.js';
import { Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/domain-errors.js';
import type { SchoolName } from './report-rendering.js';

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

/** Rows (active deployments and areas of concern) of the half-termly reports kept between reads, at most. */
const REPORT_ROWS_KEPT = 60_000;

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
    // A report stands until the day or what it reads changes: the same result object is answered until then,
    // so that its renderings (see ReportsController) are made once, not on every read of a large report. A
    // local authority's report reads only its schools' deployments: another hub's events leave it standing.
    const key = `${academicYear}/${halfTerm}/${localAuthority ?? ''}`;
    const kept = this.recent.get(key);
    if (kept && kept.today === today && (kept.position === position || (kept.schoolUrns && this.readModels.unchangedSince(kept.position, kept.schoolUrns)))) {
      kept.position = position;
      return kept.result;
    }
    const schoolUrns = localAuthority === undefined ? undefined : this.readModels.schoolsIn(localAuthority);
    // Checked only when working a report out: one is kept only after this check passed on the same views.
    if (schoolUrns && !schoolUrns.length) throw new NotFoundError(`No school is registered in local authority ${localAuthority}`);
    const report = halfTermReport(this.readModels, { academicYear, halfTerm, calendar: this.config.halfTermCalendar, today, index: this.readModels.deploymentIndex, localAuthority });
    const schools = this.readModels.schools;
    const result = { report, schoolName: (urn: string) => schools.get(urn)?.name ?? urn };
    this.recent.set(key, { position, today, schoolUrns, result });
    return result;
  }

  // Bounded by rows rather than reports: a dozen half terms of a small alliance, two or three at a national network's size.
  private readonly recent = new LRUCache<string, { position: bigint; today: string; schoolUrns: readonly string[] | undefined; result: HalfTermReportResult }>({
    max: 12,
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
