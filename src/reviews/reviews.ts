import { Body, Controller, Inject, Module, Post } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { reviewStream } from '../../events/index.js';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth-user.js';
import { halfTermDates, isAcademicYear } from '../calendar/academic-calendar.js';
import { termCalendar } from '../term-dates/term-calendar.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadModels } from '../read-models/read-models.js';
import { AggregateRunner, type CommandResult } from '../commands/aggregate-runner.js';
import { Clock } from '../shared/clock.js';
import { InvalidCommandError } from '../shared/domain-errors.js';
import { halfTermReviewDecider } from './half-term-review.decider.js';
import { HalfTermReviewDto } from './review.dto.js';

export class HoldHalfTermReview extends Command<CommandResult> {
  constructor(
    readonly input: HalfTermReviewDto,
    readonly actor: AuthUser,
  ) {
    super();
  }
}

@CommandHandler(HoldHalfTermReview)
export class HoldHalfTermReviewHandler implements ICommandHandler<HoldHalfTermReview> {
  constructor(
    private readonly runner: AggregateRunner,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ input, actor }: HoldHalfTermReview) {
    if (!isAcademicYear(input.academicYear))
      throw InvalidCommandError.field('academicYear', 'must be an academic year such as 2025-26');
    await this.readModels.catchUp();
    const unknown = input.areasOfConcern
      .filter((a) => !this.readModels.schools.has(a.schoolUrn))
      .map((a) => a.schoolUrn);
    if (unknown.length)
      throw InvalidCommandError.field('areasOfConcern', `no registered school with URN ${unknown.join(', ')}`);
    const { from } = halfTermDates(input.academicYear, input.halfTerm, termCalendar(this.readModels, this.config));
    return this.runner.run(
      reviewStream(input.academicYear, input.halfTerm),
      halfTermReviewDecider,
      { type: 'HoldHalfTermReview', ...input, halfTermStartsOn: from, today: this.clock.today() },
      { actorUserId: actor.userId },
    );
  }
}

@ApiTags('half-term reviews')
@ApiBearerAuth()
@Controller('half-term-reviews')
export class HalfTermReviewsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('facilitator', 'core-team')
  async hold(@Body() input: HalfTermReviewDto, @CurrentUser() user: AuthUser) {
    await this.commands.execute(new HoldHalfTermReview(input, user));
    return { academicYear: input.academicYear, halfTerm: input.halfTerm };
  }
}

@Module({ controllers: [HalfTermReviewsController], providers: [HoldHalfTermReviewHandler] })
export class ReviewsModule {}
