import { Controller, Get, NotAcceptableException, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles, STAFF, type AuthUser } from '../auth/auth-user.js';
import { HalfTermParams, HalfTermReportQuery, ImpactQuery } from './reports.dto.js';
import { GetAllianceImpact, GetHalfTermReport, GetSchoolTimeline } from './reports.queries.js';
import { halfTermReportCsv, halfTermReportFilename, halfTermReportHtml } from './report-rendering.js';

const REPORT_TYPES = ['application/json', 'text/csv', 'text/html'];

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
  constructor(private readonly queries: QueryBus) {}

  /**
   * JSON by default; `Accept: text/csv` downloads a CSV, `Accept: text/html` gives a printable page.
   * `?localAuthority=` narrows it to that local authority's schools (404 when none is registered there).
   */
  @Get('half-termly/:academicYear/:halfTerm')
  @Roles(...STAFF)
  @ApiProduces(...REPORT_TYPES)
  async halfTermly(@Param() params: HalfTermParams, @Query() query: HalfTermReportQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const format = req.accepts(REPORT_TYPES);
    if (!format) throw new NotAcceptableException(`The report is available as ${REPORT_TYPES.join(', ')}`);
    const { report, schoolName } = await this.queries.execute(new GetHalfTermReport(params.academicYear, params.halfTerm, query.localAuthority));
    res.vary('Accept');
    if (format === 'text/csv') {
      res.type('text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${halfTermReportFilename(report, 'csv')}"`);
      return halfTermReportCsv(report, schoolName);
    }
    if (format === 'text/html') {
      res.type('text/html; charset=utf-8');
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
      res.setHeader('Content-Disposition', `inline; filename="${halfTermReportFilename(report, 'html')}"`);
      return halfTermReportHtml(report, schoolName);
    }
    // Serialised once per result: the handler answers the same object until the views or the day move on.
    res.type('application/json; charset=utf-8');
    let body = this.serialised.get(report);
    if (body === undefined) this.serialised.set(report, (body = JSON.stringify(report)));
    return body;
  }

  private readonly serialised = new WeakMap<object, string>();

  /** The figures an alliance publishes, over the deployments evaluated from `from` to `to` inclusive. */
  @Get('impact')
  @Roles(...STAFF)
  impact(@Query() query: ImpactQuery) {
    return this.queries.execute(new GetAllianceImpact(query.from, query.to));
  }
}
