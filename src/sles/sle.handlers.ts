import { Inject } from '@nestjs/common';
import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { SLE_PROGRAMME, sleStream } from '../../events/index.js';
import { specialismsOfProgrammes } from '../../projections/programmes.js';
import { programmeCatalogue } from '../programmes/programme-catalogue.js';
import { sleUtilisation, type SleUtilisation, type SleView } from '../../projections/sle-view.js';
import { AccessPolicy } from '../auth/access-policy.js';
import type { AuthUser } from '../auth/auth-user.js';
import { academicYearOf, isAcademicYear } from '../calendar/academic-calendar.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadModels } from '../read-models/read-models.js';
import { AggregateRunner, type CommandResult } from '../commands/aggregate-runner.js';
import { Clock } from '../shared/clock.js';
import { ConflictError, InvalidCommandError, NotFoundError } from '../shared/domain-errors.js';
import { normaliseEmail, releaseEmail, reserveEmail } from '../email-reservations/email-reservation.js';
import { sleDecider, type SleCommand } from './sle.decider.js';
import { pageOf, type Page } from '../read-models/list-page.js';
import { isPaged, orderOf, pageRequestOf } from '../shared/paging.js';
import type {
  DesignateSleDto,
  EndDesignationDto,
  ListSlesQuery,
  SLE_SORTS,
  SleCapacityDto,
  SleSpecialismsDto,
} from './sle.dto.js';

type SleChange =
  | { kind: 'designate'; input: DesignateSleDto }
  | { kind: 'capacity'; sleId: string; input: SleCapacityDto }
  | { kind: 'specialisms'; sleId: string; input: SleSpecialismsDto }
  | { kind: 'end'; sleId: string; input: EndDesignationDto };

export class ChangeSle extends Command<CommandResult & { sleId: string }> {
  constructor(
    readonly change: SleChange,
    readonly actor: AuthUser,
  ) {
    super();
  }
}

@CommandHandler(ChangeSle)
export class ChangeSleHandler implements ICommandHandler<ChangeSle> {
  constructor(
    private readonly runner: AggregateRunner,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ change, actor }: ChangeSle) {
    const today = this.clock.today();
    await this.readModels.catchUp();
    const catalogue = programmeCatalogue(this.readModels, this.config);
    /** The specialisms not in any of the programmes. */
    const unknown = (list: string[], programmes: string[]) => {
      const known = specialismsOfProgrammes(catalogue, programmes);
      return list.filter((s) => !known.has(s));
    };
    let sleId: string;
    let command: SleCommand;
    if (change.kind === 'designate') {
      const programmes = change.input.programmes ?? [SLE_PROGRAMME];
      const problems: Record<string, string> = {};
      if (!this.readModels.schools.has(change.input.homeSchoolUrn))
        problems.homeSchoolUrn = `no school with URN ${change.input.homeSchoolUrn} is registered`;
      const undefinedProgrammes = programmes.filter((id) => !catalogue.some((p) => p.programmeId === id));
      if (undefinedProgrammes.length) problems.programmes = `no programme ${undefinedProgrammes.join(', ')} is defined`;
      else if (unknown(change.input.specialisms, programmes).length)
        problems.specialisms = `not a specialism of the programmes ${programmes.join(', ')}: ${unknown(change.input.specialisms, programmes).join(', ')}`;
      if (Object.keys(problems).length) throw new InvalidCommandError(problems);
      const email = normaliseEmail(change.input.email);
      // SLEs designated before addresses were reserved hold theirs in the views alone.
      const holder = [...this.readModels.sles.values()].find(
        (s) => normaliseEmail(s.email) === email && !s.designationEndedOn,
      );
      if (holder) throw new ConflictError(`The email ${email} is already used by SLE ${holder.name} (${holder.sleId})`);
      sleId = randomUUID();
      command = { type: 'DesignateSle', sleId, ...change.input, programmes, email, today };
      // Decided first (against no stream, as it will be), so that input the SLE would refuse holds no address.
      sleDecider.decide(command, sleDecider.initialState);
      await reserveEmail(this.runner, {
        holder: 'sle',
        email,
        ownerId: sleId,
        ownerStream: sleStream,
        ownerStatus: async (ownerId) => {
          await this.readModels.catchUp();
          const owner = this.readModels.sles.get(ownerId);
          return !owner ? 'absent' : owner.designationEndedOn ? 'released' : 'holds';
        },
        now: this.clock.now().toISOString(),
        actorUserId: actor.userId,
      });
    } else {
      sleId = change.sleId;
      if (change.kind === 'capacity') command = { type: 'ChangeSleCapacity', ...change.input, today };
      else if (change.kind === 'end') command = { type: 'EndSleDesignation', ...change.input, today };
      else {
        const programmes = this.readModels.sles.get(sleId)?.programmes ?? [SLE_PROGRAMME];
        const notHeld = unknown(change.input.specialisms, programmes);
        if (notHeld.length)
          throw InvalidCommandError.field(
            'specialisms',
            `not a specialism of the programmes ${programmes.join(', ')}: ${notHeld.join(', ')}`,
          );
        command = { type: 'ChangeSleSpecialisms', ...change.input, today };
      }
    }
    const result = await this.runner.run(sleStream(sleId), sleDecider, command, { actorUserId: actor.userId });
    if (change.kind === 'end') {
      // The address is free for a new designation; a crash before this is repaired by the next reservation.
      const ended = this.readModels.sles.get(sleId);
      if (ended)
        await releaseEmail(this.runner, {
          holder: 'sle',
          email: ended.email,
          ownerId: sleId,
          now: this.clock.now().toISOString(),
          actorUserId: actor.userId,
        });
    }
    return { ...result, sleId };
  }
}

export type SleWithUtilisation = SleView &
  SleUtilisation & {
    /** In a page of the list and for one SLE: what the page shows, with no list of every school read. */
    homeSchoolName?: string;
  };

export class GetSles extends Query<SleWithUtilisation[]> {
  constructor(
    readonly viewer: AuthUser,
    readonly academicYear: string | undefined,
    readonly sleId?: string,
  ) {
    super();
  }
}

/** A page of the SLEs, searched and sorted, each with their utilisation in the year. */
export class ListSles extends Query<SleWithUtilisation[] | Page<SleWithUtilisation>> {
  constructor(
    readonly viewer: AuthUser,
    readonly query: ListSlesQuery,
  ) {
    super();
  }
}

@QueryHandler(GetSles)
export class GetSlesHandler implements IQueryHandler<GetSles> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ viewer, academicYear, sleId }: GetSles) {
    const year = yearOf(academicYear, this.clock);
    await this.readModels.catchUp();
    if (sleId !== undefined) {
      const sle = this.readModels.sles.get(sleId);
      if (!sle) throw new NotFoundError(`No SLE ${sleId}`);
      AccessPolicy.assert(AccessPolicy.canReadSle(viewer, sleId));
    }
    if (sleId !== undefined) {
      const sle = this.readModels.sles.get(sleId)!;
      return [
        {
          ...withUtilisation(this.readModels, sle, year),
          homeSchoolName: this.readModels.schoolNameOf(sle.homeSchoolUrn),
        },
      ];
    }
    const sles = [...this.readModels.sles.values()].filter((s) => AccessPolicy.canReadSle(viewer, s.sleId));
    return sles
      .map((sle) => withUtilisation(this.readModels, sle, year))
      .sort((a, b) => a.name.localeCompare(b.name) || a.sleId.localeCompare(b.sleId));
  }
}

function yearOf(academicYear: string | undefined, clock: Clock): string {
  if (academicYear !== undefined && !isAcademicYear(academicYear))
    throw InvalidCommandError.field('academicYear', 'must be an academic year such as 2025-26');
  return academicYear ?? academicYearOf(clock.today());
}

const withUtilisation = (readModels: ReadModels, sle: SleView, year: string): SleWithUtilisation => ({
  ...sle,
  ...sleUtilisation(sle, readModels.deploymentsOfSle(sle.sleId), year),
});

@QueryHandler(ListSles)
export class ListSlesHandler implements IQueryHandler<ListSles> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    private readonly getSles: GetSlesHandler,
  ) {}

  async execute({ viewer, query }: ListSles) {
    if (!isPaged(query)) return this.getSles.execute(new GetSles(viewer, query.academicYear));
    const year = yearOf(query.academicYear, this.clock);
    await this.readModels.catchUp();
    const { readModels } = this;
    const matches = readModels.sleSearch.matcher(query.q);
    const keys: Record<(typeof SLE_SORTS)[number], (s: SleView) => string | number> = {
      name: (s) => readModels.sleNames.of(s),
      homeSchool: (s) => readModels.schoolSortKey(s.homeSchoolUrn),
      capacityDays: (s) => s.capacityDays,
      designatedOn: (s) => s.designatedOn,
    };
    const page = pageOf(
      readModels.sles.values(),
      (s) => AccessPolicy.canReadSle(viewer, s.sleId) && (!matches || matches(s)),
      orderOf(query.sort ?? 'name', keys),
      (s) => s.sleId,
      pageRequestOf(query),
    );
    const items = page.items.map((sle) => ({
      ...withUtilisation(readModels, sle, year),
      homeSchoolName: readModels.schoolNameOf(sle.homeSchoolUrn),
    }));
    return { ...page, items };
  }
}
