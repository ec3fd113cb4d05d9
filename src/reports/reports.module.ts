import { Module } from '@nestjs/common';
import { ReviewsModule } from '../reviews/reviews.js';
import { ReportsController, SchoolTimelineController } from './reports.controller.js';
import { GetAllianceImpactHandler, GetHalfTermReportHandler, GetSchoolTimelineHandler } from './reports.queries.js';

/** What the core team and the schools read: the per-school timeline, the half-termly report and alliance impact. */
@Module({
  imports: [ReviewsModule],
  controllers: [SchoolTimelineController, ReportsController],
  providers: [GetSchoolTimelineHandler, GetHalfTermReportHandler, GetAllianceImpactHandler],
})
export class ReportsModule {}
