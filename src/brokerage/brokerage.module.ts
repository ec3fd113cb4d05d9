import { Controller, Get, Inject, Module, Query as QueryParams } from '@nestjs/common';
import { Query, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { brokerageQueue, type QueuedRequest } from '../../projections/brokerage-queue.js';
import { needsAnalysis, type NeedsRow } from '../../projections/needs-analysis.js';
import { Roles, STAFF } from '../auth/auth-user.js';
import { academicYearOf, isAcademicYear } from '../calendar/academic-calendar.js';
import { termCalendar } from '../term-dates/term-calendar.js';
import { checkProgrammeFilter } from '../programmes/programme-catalogue.js';
import { IsOptionalText } from '../shared/validation.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadModels } from '../read-models/read-models.js';
import { Clock } from '../shared/clock.js';
import { InvalidCommandError } from '../shared/domain-errors.js';

export class GetBrokerageQueue extends Query<{ targetSchoolDays: number; requests: QueuedRequest[] }> {}

export class GetNeedsAnalysis extends Query<{ academicYear: string; rows: NeedsRow[] }> {
  constructor(
    readonly academicYear: string | undefined,
    readonly programme?: string,
  ) {
    super();
  }
}

@QueryHandler(GetBrokerageQueue)
export class GetBrokerageQueueHandler implements IQueryHandler<GetBrokerageQueue> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute() {
    await this.readModels.catchUp();
    const today = this.clock.today();
    const targetSchoolDays = this.config.brokerageTargetSchoolDays;
    const requests = brokerageQueue(this.readModels, this.readModels, {
      today,
      academicYear: academicYearOf(today),
      calendar: termCalendar(this.readModels, this.config),
      targetSchoolDays,
    });
    return { targetSchoolDays, requests };
  }
}

@QueryHandler(GetNeedsAnalysis)
export class GetNeedsAnalysisHandler implements IQueryHandler<GetNeedsAnalysis> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ academicYear, programme }: GetNeedsAnalysis) {
    if (academicYear !== undefined && !isAcademicYear(academicYear))
      throw InvalidCommandError.field('academicYear', 'must be an academic year such as 2025-26');
    await this.readModels.catchUp();
    checkProgrammeFilter(this.readModels, this.config, programme);
    const today = this.clock.today();
    const year = academicYear ?? academicYearOf(today);
    const rows = needsAnalysis(this.readModels, (id) => this.readModels.historyOf(id), {
      academicYear: year,
      today,
      calendar: termCalendar(this.readModels, this.config),
      targetSchoolDays: this.config.brokerageTargetSchoolDays,
      programme,
    });
    return { academicYear: year, ...(programme === undefined ? {} : { programme }), rows };
  }
}

export class NeedsQuery {
  @ApiPropertyOptional({ example: '2025-26', description: 'The current academic year when absent' })
  @IsOptional()
  @IsString()
  academicYear?: string;
  @IsOptionalText(50, { example: 'sle', description: "Only this programme's requests and specialists" })
  programme?: string;
}

@ApiTags('brokerage')
@ApiBearerAuth()
@Controller()
export class BrokerageController {
  constructor(private readonly queries: QueryBus) {}

  /** Requests waiting for a brokerage meeting, oldest first, with their age in school days and eligible SLEs. */
  @Get('brokerage/queue')
  @Roles(...STAFF)
  queue() {
    return this.queries.execute(new GetBrokerageQueue());
  }

  /** Demand against supply per specialism and phase, with where to designate more SLEs. */
  @Get('reports/needs')
  @Roles(...STAFF)
  needs(@QueryParams() query: NeedsQuery) {
    return this.queries.execute(new GetNeedsAnalysis(query.academicYear, query.programme));
  }
}

@Module({ controllers: [BrokerageController], providers: [GetBrokerageQueueHandler, GetNeedsAnalysisHandler] })
export class BrokerageModule {}
