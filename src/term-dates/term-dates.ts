import { Body, Controller, Get, Inject, Module, Put, Query as QueryParams } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { ICommandHandler, IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { termDatesStream, type AcademicYear, type HalfTerm, type IsoDate } from '../../events/index.js';
import { CurrentUser, Roles, STAFF, type AuthUser } from '../auth/auth-user.js';
import {
  academicYearOf,
  isAcademicYear,
  termDatesKey,
  termDatesOf,
  type HalfTermDates,
} from '../calendar/academic-calendar.js';
import { AggregateRunner, type CommandResult } from '../commands/aggregate-runner.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadModels } from '../read-models/read-models.js';
import { Clock } from '../shared/clock.js';
import { InvalidCommandError } from '../shared/domain-errors.js';
import { termCalendar } from './term-calendar.js';
import { termDatesDecider } from './term-dates.decider.js';
import { DefineTermDatesDto, TermDatesQuery } from './term-dates.dto.js';

export class DefineTermDates extends Command<CommandResult> {
  constructor(
    readonly input: DefineTermDatesDto,
    readonly actor: AuthUser,
  ) {
    super();
  }
}

@CommandHandler(DefineTermDates)
export class DefineTermDatesHandler implements ICommandHandler<DefineTermDates> {
  constructor(
    private readonly runner: AggregateRunner,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ input, actor }: DefineTermDates) {
    const localAuthority = input.localAuthority ?? null;
    if (localAuthority !== null) {
      await this.readModels.catchUp();
      if (![...this.readModels.schools.values()].some((s) => s.localAuthority === localAuthority))
        throw InvalidCommandError.field('localAuthority', `no registered school is in ${localAuthority}`);
    }
    return this.runner.run(
      termDatesStream(input.academicYear, localAuthority),
      termDatesDecider,
      {
        type: 'DefineTermDates',
        academicYear: input.academicYear,
        localAuthority,
        halfTerms: input.halfTerms,
        today: this.clock.today(),
      },
      { actorUserId: actor.userId },
    );
  }
}

export interface TermDatesAnswer {
  academicYear: AcademicYear;
  localAuthority: string | null;
  /** Whose dates these are: the local authority's own, the alliance's for the year, or the default. */
  source: 'local-authority' | 'alliance' | 'default';
  halfTerms: HalfTermDates[];
  /** The holidays between the half terms, and the summer after the last: the days no school day is counted. */
  holidays: { after: HalfTerm; from: IsoDate; to: IsoDate }[];
  /** The local authorities with dates of their own this year. */
  localAuthoritiesWithOwnDates: string[];
  /** The local authorities of the alliance's schools, sorted: those whose dates may be shown or defined. */
  localAuthorities: readonly string[];
}

export class GetTermDates extends Query<TermDatesAnswer> {
  constructor(readonly query: TermDatesQuery) {
    super();
  }
}

@QueryHandler(GetTermDates)
export class GetTermDatesHandler implements IQueryHandler<GetTermDates> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ query }: GetTermDates): Promise<TermDatesAnswer> {
    const academicYear = query.academicYear ?? academicYearOf(this.clock.today());
    if (!isAcademicYear(academicYear))
      throw InvalidCommandError.field('academicYear', 'must be an academic year such as 2025-26');
    await this.readModels.catchUp();
    const localAuthority = query.localAuthority ?? null;
    const defined = this.readModels.termDates;
    const source =
      localAuthority && defined.has(termDatesKey(academicYear, localAuthority))
        ? 'local-authority'
        : defined.has(academicYear)
          ? 'alliance'
          : 'default';
    const halfTerms = termDatesOf(academicYear, termCalendar(this.readModels, this.config), localAuthority).map(
      ({ halfTerm, from, to }) => ({ halfTerm, from, to }),
    );
    const localAuthoritiesWithOwnDates = [...defined.values()]
      .filter((d) => d.academicYear === academicYear && d.localAuthority !== null)
      .map((d) => d.localAuthority as string)
      .sort();
    return {
      academicYear,
      localAuthority,
      source,
      halfTerms,
      holidays: holidaysOf(halfTerms),
      localAuthoritiesWithOwnDates,
      localAuthorities: this.readModels.localAuthorities(),
    };
  }
}

const nextDay = (date: IsoDate, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The days between one half term's last teaching day and the next one's first. */
function holidaysOf(halfTerms: HalfTermDates[]): TermDatesAnswer['holidays'] {
  return halfTerms.slice(0, -1).flatMap((h, i) => {
    const from = nextDay(h.to, 1);
    const to = nextDay(halfTerms[i + 1].from, -1);
    return from <= to ? [{ after: h.halfTerm, from, to }] : [];
  });
}

@ApiTags('term dates')
@ApiBearerAuth()
@Controller('term-dates')
export class TermDatesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** A year's six half terms, as defined for it (or a typical English year's), and the holidays between. */
  @Get()
  @Roles(...STAFF)
  get(@QueryParams() query: TermDatesQuery) {
    return this.queries.execute(new GetTermDates(query));
  }

  /** Defines (or edits) a year's term dates, the alliance's or one local authority's. */
  @Put()
  @Roles('facilitator')
  async define(@Body() input: DefineTermDatesDto, @CurrentUser() user: AuthUser) {
    await this.commands.execute(new DefineTermDates(input, user));
    return this.queries.execute(
      new GetTermDates({ academicYear: input.academicYear, localAuthority: input.localAuthority }),
    );
  }
}

@Module({ controllers: [TermDatesController], providers: [DefineTermDatesHandler, GetTermDatesHandler] })
export class TermDatesModule {}
