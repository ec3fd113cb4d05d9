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
  type HalfTermReport,
} from '../../projections/half-term-report.js';
import { schoolTimeline, type SchoolTimeline } from '../../projections/school-timeline.js';
import { AccessPolicy } from '../auth/access-policy.js';
import type { AuthUser } from '../auth/auth-user.js';
import { termCalendar } from '../term-dates/term-calendar.js';
import { checkProgrammeFilter } from '../programmes/programme-catalogue.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadModels } from '../read-models/read-models.js';
import { Clock } from '../shared/clock.js';
import type { DeflatedSegment } from '../shared/deflated-segments.js';
import { NotFoundError } from '../shared/domain-errors.js';
import { byCodeUnits } from '../shared/order.js';
import { CachedHalfTermReport, type CachedReportScope } from './cached-half-term-report.js';
import type { SchoolName, SleName } from './report-rendering.js';

export class GetSchoolTimeline extends Query<SchoolTimeline> {
  constructor(
    readonly urn: string,
    readonly viewer: AuthUser,
  ) {
    super();
  }
}

/** The report as JSON, and for the CSV and HTML renderings as an object with the names of its schools (looked up only when rendered). */
export interface HalfTermReportResult {
  /** Worked out from the views when asked: to be called as soon as the result is given, before the views move on. */
  report(): HalfTermReport;
  schoolName: SchoolName;
  sleName: SleName;
  /** `JSON.stringify(report())` in UTF-8 as deflated segments, from the kept report's blocks (see CachedHalfTermReport), put together on first use. */
  json(): DeflatedSegment[];
  /** Differs from every other result's for the same report (an ETag): the same result is answered until the report may have changed. */
  version: string;
}

export class GetHalfTermReport extends Query<HalfTermReportResult> {
  constructor(
    readonly academicYear: string,
    readonly halfTerm: HalfTerm,
    /** Only this local authority's schools; every school when absent. */
    readonly localAuthority?: string,
    /** Only this programme's deployments; every programme's when absent. */
    readonly programme?: string,
  ) {
    super();
  }
}

export class GetAllianceImpact extends Query<AllianceImpact & { deployments: { sleName: string | null }[] }> {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly programme?: string,
  ) {
    super();
  }
}

@QueryHandler(GetSchoolTimeline)
export class GetSchoolTimelineHandler implements IQueryHandler<GetSchoolTimeline> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ urn, viewer }: GetSchoolTimeline) {
    // Checked before the lookup, so that a school user learns nothing about which other URNs exist.
    AccessPolicy.assert(
      AccessPolicy.canReadSchool(viewer, urn),
      'A school user may see only the timeline of its own school',
    );
    await this.readModels.catchUp();
    const timeline = schoolTimeline(this.readModels, urn, this.readModels.deploymentIndex);
    if (!timeline) throw new NotFoundError(`No school with URN ${urn}`);
    return timeline;
  }
}

/**
 * The deflated JSON of the half-termly reports kept between reads, at most: room for a national network's
 * reports of a few years' half terms, or every hub's own (docs/reports.md gives their sizes).
 */
const REPORT_BYTES_KEPT = 32 * 2 ** 20;
/** Reports kept at most: each hub of a national network (sixty local authorities) reading its own six half terms. */
const REPORTS_KEPT = 512;

/** A report kept between reads, and the views' position it stands at. */
interface KeptReport {
  today: string;
  position: bigint;
  kept: CachedHalfTermReport;
  result: HalfTermReportResult;
}

@QueryHandler(GetHalfTermReport)
export class GetHalfTermReportHandler implements IQueryHandler<GetHalfTermReport> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({
    academicYear,
    halfTerm,
    localAuthority,
    programme,
  }: GetHalfTermReport): Promise<HalfTermReportResult> {
    await this.readModels.catchUp();
    checkProgrammeFilter(this.readModels, this.config, programme);
    const today = this.clock.today();
    const position = this.readModels.position;
    // A report stands until the day or what it reads changes: the same result is answered until then, so that
    // its JSON is put together once, not on every read of a large report. After events at a few schools, only
    // the blocks holding those schools are worked out again (see CachedHalfTermReport); another local
    // authority's events leave an authority's report standing.
    const key = `${academicYear}/${halfTerm}/${localAuthority ?? ''}/${programme ?? ''}`;
    const entry = this.recent.get(key);
    if (entry && entry.today === today) {
      if (entry.position === position) return entry.result;
      const changed = this.readModels.schoolsChangedSince(entry.position);
      if (changed) {
        const touched = [...changed]
          .filter((urn) => inReportScope(this.readModels, urn, localAuthority))
          .sort(byCodeUnits);
        if (!touched.length) {
          entry.position = position;
          return entry.result;
        }
        return this.keep(key, today, position, entry.kept.refreshed(this.readModels, touched));
      }
    }
    const schoolUrns = localAuthority === undefined ? undefined : this.readModels.schoolsIn(localAuthority);
    // Checked only when working a report out afresh: one is kept only after this check passed on the same views.
    if (schoolUrns && !schoolUrns.length)
      throw new NotFoundError(`No school is registered in local authority ${localAuthority}`);
    const period = halfTermPeriod({
      academicYear,
      halfTerm,
      calendar: termCalendar(this.readModels, this.config),
      localAuthority,
      programme,
      today,
    });
    const scope: CachedReportScope = { localAuthority, schoolUrns, index: this.readModels.deploymentIndex };
    return this.keep(key, today, position, CachedHalfTermReport.of(this.readModels, period, scope));
  }

  private keep(key: string, today: string, position: bigint, kept: CachedHalfTermReport): HalfTermReportResult {
    const { period, scope } = kept;
    const schools = this.readModels.schools;
    let json: DeflatedSegment[] | undefined;
    const result: HalfTermReportResult = {
      report: () =>
        combineHalfTermReport(
          this.readModels,
          period,
          halfTermParts(this.readModels, period, scope),
          scope.localAuthority,
        ),
      schoolName: (urn: string) => schools.get(urn)?.name ?? urn,
      sleName: (sleId: string) => this.readModels.sleNameOf(sleId) || sleId,
      json: () => (json ??= kept.json()),
      // The views at `position` and the day make the report; `started` tells this server's answers from an earlier one's.
      version: `${this.started}.${position}.${period.asOf}`,
    };
    this.recent.set(key, { today, position, kept, result });
    return result;
  }

  private readonly started = randomUUID().slice(0, 8);

  // Bounded by the JSON kept, and by reports: see REPORT_BYTES_KEPT and REPORTS_KEPT.
  private readonly recent = new LRUCache<string, KeptReport>({
    max: REPORTS_KEPT,
    maxSize: REPORT_BYTES_KEPT,
    sizeCalculation: ({ kept }) => 1 + kept.bytes,
  });
}

@QueryHandler(GetAllianceImpact)
export class GetAllianceImpactHandler implements IQueryHandler<GetAllianceImpact> {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ from, to, programme }: GetAllianceImpact) {
    await this.readModels.catchUp();
    checkProgrammeFilter(this.readModels, this.config, programme);
    const impact = allianceImpact(this.readModels, { from, to, programme });
    // Each deployment with its SLE's name, as a reader of the report sees it beside the school's.
    const deployments = impact.deployments.map((d) => ({ ...d, sleName: this.readModels.sleNameOf(d.sleId) || null }));
    return { ...impact, deployments };
  }
}
