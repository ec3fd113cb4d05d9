import { Body, Controller, Get, Inject, Module, Param, Post, Query } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { reviewStream, type HalfTerm } from '../../events/index.js';
import { CurrentUser, Roles, STAFF, type AuthUser } from '../auth/auth-user.js';
import { halfTermDates, isAcademicYear } from '../calendar/academic-calendar.js';
import { termCalendar } from '../term-dates/term-calendar.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadModels } from '../read-models/read-models.js';
import { AggregateRunner, type CommandResult } from '../commands/aggregate-runner.js';
import { HalfTermParams } from '../shared/half-term-params.js';
import { Clock } from '../shared/clock.js';
import { InvalidCommandError, NotFoundError } from '../shared/domain-errors.js';
import { AccountDirectory } from '../users/account-directory.js';
import { assertAttendeesKnown } from '../users/attendee-links.js';
import { halfTermReviewDecider } from './half-term-review.decider.js';
import { HalfTermReviewRecords } from './review-records.js';
import { HalfTermReviewDto, ReviewAmendmentDto, ReviewsQuery, type ReviewRecordDto } from './review.dto.js';

export class HoldHalfTermReview extends Command<CommandResult> {
  constructor(
    readonly input: HalfTermReviewDto,
    readonly actor: AuthUser,
  ) {
    super();
  }
}

export class AmendHalfTermReview extends Command<CommandResult> {
  constructor(
    readonly academicYear: string,
    readonly halfTerm: HalfTerm,
    readonly input: ReviewAmendmentDto,
    readonly actor: AuthUser,
  ) {
    super();
  }
}

/** Loads the review's stream, decides the hold or the amendment and appends it; the two differ only in the command. */
@CommandHandler(HoldHalfTermReview)
export class HoldHalfTermReviewHandler implements ICommandHandler<HoldHalfTermReview> {
  constructor(
    private readonly runner: AggregateRunner,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: AccountDirectory,
  ) {}

  async execute({ input, actor }: HoldHalfTermReview) {
    const { academicYear, halfTerm, ...record } = input;
    return this.record(academicYear, halfTerm, record, actor, undefined);
  }

  /** Checks what the decider cannot (the year, the schools named), then runs it: a hold, or with `reason` an amendment. */
  async record(
    academicYear: string,
    halfTerm: HalfTerm,
    record: ReviewRecordDto,
    actor: AuthUser,
    reason: string | undefined,
  ): Promise<CommandResult> {
    if (!isAcademicYear(academicYear))
      throw InvalidCommandError.field('academicYear', 'must be an academic year such as 2025-26');
    await this.readModels.catchUp();
    const unknown = record.areasOfConcern
      .filter((a) => !this.readModels.schools.has(a.schoolUrn))
      .map((a) => a.schoolUrn);
    if (unknown.length)
      throw InvalidCommandError.field('areasOfConcern', `no registered school with URN ${unknown.join(', ')}`);
    await assertAttendeesKnown(record.attendees, this.readModels.sles, this.directory);
    const { from } = halfTermDates(academicYear, halfTerm, termCalendar(this.readModels, this.config));
    const common = {
      academicYear,
      halfTerm,
      heldOn: record.heldOn,
      attendees: record.attendees,
      areasOfConcern: record.areasOfConcern,
      notes: record.notes,
      halfTermStartsOn: from,
      today: this.clock.today(),
    };
    return this.runner.run(
      reviewStream(academicYear, halfTerm),
      halfTermReviewDecider,
      reason === undefined
        ? { type: 'HoldHalfTermReview', ...common }
        : { type: 'AmendHalfTermReview', ...common, reason },
      { actorUserId: actor.userId },
    );
  }
}

@CommandHandler(AmendHalfTermReview)
export class AmendHalfTermReviewHandler implements ICommandHandler<AmendHalfTermReview> {
  constructor(private readonly holder: HoldHalfTermReviewHandler) {}

  execute({ academicYear, halfTerm, input, actor }: AmendHalfTermReview) {
    const { reason, ...record } = input;
    return this.holder.record(academicYear, halfTerm, record, actor, reason);
  }
}

@ApiTags('half-term reviews')
@ApiBearerAuth()
@Controller('half-term-reviews')
export class HalfTermReviewsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly records: HalfTermReviewRecords,
  ) {}

  @Post()
  @Roles('facilitator', 'core-team')
  async hold(@Body() input: HalfTermReviewDto, @CurrentUser() user: AuthUser) {
    await this.commands.execute(new HoldHalfTermReview(input, user));
    return { academicYear: input.academicYear, halfTerm: input.halfTerm };
  }

  /** The reviews held in an academic year, each as it now stands with its history; none yet is an empty list. */
  @Get()
  @Roles(...STAFF)
  held(@Query() query: ReviewsQuery) {
    return this.records.ofYear(query.academicYear);
  }

  /** The review as it now stands, with its history (held, then each amendment, by whom and when); 404 before it is held. */
  @Get(':academicYear/:halfTerm')
  @Roles(...STAFF)
  async show(@Param() params: HalfTermParams) {
    const review = await this.records.of(params.academicYear, params.halfTerm);
    if (!review) throw new NotFoundError(`The ${params.halfTerm} ${params.academicYear} review has not been held`);
    return review;
  }

  /** Corrects a held review: the whole record as it should stand, and why. 409 before it is held. */
  @Post(':academicYear/:halfTerm/amendments')
  @Roles('facilitator', 'core-team')
  async amend(@Param() params: HalfTermParams, @Body() input: ReviewAmendmentDto, @CurrentUser() user: AuthUser) {
    await this.commands.execute(new AmendHalfTermReview(params.academicYear, params.halfTerm, input, user));
    return this.records.of(params.academicYear, params.halfTerm);
  }
}

@Module({
  controllers: [HalfTermReviewsController],
  providers: [HoldHalfTermReviewHandler, AmendHalfTermReviewHandler, HalfTermReviewRecords],
  exports: [HalfTermReviewRecords],
})
export class ReviewsModule {}
