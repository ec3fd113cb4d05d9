import { Controller, Get, NotAcceptableException, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream';
import { createInflate } from 'node:zlib';
import { CurrentUser, Roles, STAFF, type AuthUser } from '../auth/auth-user.js';
import { HalfTermReviewRecords } from '../reviews/review-records.js';
import { zlibBody } from '../shared/deflated-segments.js';
import { HalfTermParams } from '../shared/half-term-params.js';
import { HalfTermReportQuery, ImpactQuery } from './reports.dto.js';
import { GetAllianceImpact, GetHalfTermReport, GetSchoolTimeline } from './reports.queries.js';
import {
  allianceImpactCsv,
  allianceImpactFilename,
  halfTermReportCsv,
  halfTermReportFilename,
  halfTermReportHtml,
} from './report-rendering.js';
import type { AllianceImpact } from '../../projections/alliance-impact.js';

const REPORT_TYPES = ['application/json', 'text/csv', 'text/html'];
const INFLATE_STEP = 2 ** 20;

@ApiTags('reports')
@ApiBearerAuth()
@Controller('schools')
export class SchoolTimelineController {
  constructor(private readonly queries: QueryBus) {}

  /** Staff, or the school's own users; 403 for another school, 404 for an unknown one. */
  @Get(':urn/timeline')
  @Roles('facilitator', 'core-team', 'school')
  timeline(@Param('urn') urn: string, @CurrentUser() user: AuthUser) {
    return this.queries.execute(new GetSchoolTimeline(urn, user));
  }
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly reviews: HalfTermReviewRecords,
  ) {}

  /**
   * JSON by default; `Accept: text/csv` downloads a CSV, `Accept: text/html` gives a printable page.
   * `?localAuthority=` narrows it to that local authority's schools (404 when none is registered there).
   */
  @Get('half-termly/:academicYear/:halfTerm')
  @Roles(...STAFF)
  @ApiProduces(...REPORT_TYPES)
  async halfTermly(
    @Param() params: HalfTermParams,
    @Query() query: HalfTermReportQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const format = req.accepts(REPORT_TYPES);
    if (!format) throw new NotAcceptableException(`The report is available as ${REPORT_TYPES.join(', ')}`);
    const {
      report: reportNow,
      schoolName,
      sleName,
      json,
      version,
    } = await this.queries.execute(
      new GetHalfTermReport(params.academicYear, params.halfTerm, query.localAuthority, query.programme),
    );
    res.vary('Accept');
    if (format !== 'application/json') {
      // Rendered from the report worked out from the views as they stand, the same views as the JSON's version.
      const report = reportNow();
      const review = await this.reviews.of(report.academicYear, report.halfTerm);
      if (format === 'text/csv') {
        res.type('text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${halfTermReportFilename(report, 'csv')}"`);
        res.send(halfTermReportCsv(report, schoolName, sleName, review));
        return;
      }
      res.type('text/html; charset=utf-8');
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
      res.setHeader('Content-Disposition', `inline; filename="${halfTermReportFilename(report, 'html')}"`);
      res.send(halfTermReportHtml(report, schoolName, sleName, review));
      return;
    }
    // The handler answers the same result until the report may have changed, and its JSON is kept with it in
    // deflated segments: written as they are to a client that takes deflate (every browser), inflated as they
    // are sent to one that does not, with the result's version as the ETag, so that Express hashes no megabytes
    // and a matching If-None-Match is answered 304.
    res.type('application/json; charset=utf-8');
    res.vary('Accept-Encoding');
    res.setHeader('ETag', `W/"${version}"`);
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    const segments = json();
    // The zlib body when deflated; the segments' own lengths give the inflated one's without inflating any.
    const deflated = req.acceptsEncodings('deflate', 'identity') === 'deflate' ? zlibBody(segments) : undefined;
    if (deflated) res.setHeader('Content-Encoding', 'deflate');
    res.setHeader(
      'Content-Length',
      (deflated ?? segments).reduce((bytes, chunk) => bytes + chunk.length, 0),
    );
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    if (deflated) {
      res.cork();
      for (const chunk of deflated) res.write(chunk);
      res.end();
      return;
    }
    // Inflated on one of libuv's threads in megabyte steps as the client reads, not on the event loop, where a
    // national network's report would hold every other request waiting.
    const inflating = createInflate({ chunkSize: INFLATE_STEP });
    pipeline(inflating, res, (error) => error && res.destroy(error));
    inflating.end(Buffer.concat(zlibBody(segments)));
  }

  /**
   * The figures an alliance publishes, over the deployments evaluated from `from` to `to` inclusive. JSON by
   * default; `Accept: text/csv` downloads it as CSV.
   */
  @Get('impact')
  @Roles(...STAFF)
  @ApiProduces('application/json', 'text/csv')
  async impact(@Query() query: ImpactQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const format = req.accepts(['application/json', 'text/csv']);
    if (!format) throw new NotAcceptableException('The report is available as application/json, text/csv');
    const impact: AllianceImpact = await this.queries.execute(
      new GetAllianceImpact(query.from, query.to, query.programme),
    );
    res.vary('Accept');
    if (format === 'text/csv') {
      res.type('text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${allianceImpactFilename(impact)}"`);
      res.send(allianceImpactCsv(impact));
      return;
    }
    res.json(impact);
  }
}
