import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { schoolStream } from '../../events/index.js';
import type { SchoolView } from '../../projections/school-view.js';
import { AccessPolicy } from '../auth/access-policy.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ReadModels } from '../read-models/read-models.js';
import { AggregateRunner, type CommandResult } from '../commands/aggregate-runner.js';
import { Clock } from '../shared/clock.js';
import { InvalidCommandError, NotFoundError } from '../shared/domain-errors.js';
import { schoolDecider, type SchoolCommand } from './school.decider.js';
import { pageOfSorted, type Page } from '../read-models/list-page.js';
import { isPaged, orderOf, pageRequestOf } from '../shared/paging.js';
import type {
  ListSchoolsQuery,
  OfstedJudgementDto,
  RegisterSchoolDto,
  SCHOOL_SORTS,
  SchoolDataPointDto,
} from './school.dto.js';

type SchoolInput =
  | { kind: 'register'; input: RegisterSchoolDto }
  | { kind: 'ofsted'; urn: string; input: OfstedJudgementDto }
  | { kind: 'data'; urn: string; input: SchoolDataPointDto };

export class ChangeSchool extends Command<CommandResult> {
  constructor(
    readonly change: SchoolInput,
    readonly actor: AuthUser,
  ) {
    super();
  }
}

@CommandHandler(ChangeSchool)
export class ChangeSchoolHandler implements ICommandHandler<ChangeSchool> {
  constructor(
    private readonly runner: AggregateRunner,
    private readonly clock: Clock,
  ) {}

  execute({ change, actor }: ChangeSchool) {
    const today = this.clock.today();
    let urn: string;
    let command: SchoolCommand;
    if (change.kind === 'register') {
      const { ofstedGrade, ofstedCategory, ofstedInspectedOn, ...school } = change.input;
      if (ofstedInspectedOn && !ofstedGrade)
        throw InvalidCommandError.field('ofstedGrade', 'is required with ofstedInspectedOn');
      if (ofstedCategory && !ofstedGrade)
        throw InvalidCommandError.field('ofstedGrade', 'is required with ofstedCategory');
      urn = school.urn;
      const ofsted = ofstedGrade
        ? { grade: ofstedGrade, category: ofstedCategory, inspectedOn: ofstedInspectedOn ?? '' }
        : undefined;
      command = { type: 'RegisterSchool', ...school, ofsted, today };
    } else if (change.kind === 'ofsted') {
      urn = change.urn;
      command = { type: 'RecordOfstedJudgement', ...change.input, today };
    } else {
      urn = change.urn;
      command = { type: 'RecordSchoolData', ...change.input, today };
    }
    return this.runner.run(schoolStream(urn), schoolDecider, command, { actorUserId: actor.userId });
  }
}

export class GetSchool extends Query<SchoolView> {
  constructor(
    readonly urn: string,
    readonly viewer: AuthUser,
  ) {
    super();
  }
}

export class ListSchools extends Query<SchoolView[] | Page<SchoolView>> {
  constructor(
    readonly viewer: AuthUser,
    readonly query: ListSchoolsQuery = {},
  ) {
    super();
  }
}

const schoolKeys = (readModels: ReadModels): Record<(typeof SCHOOL_SORTS)[number], (s: SchoolView) => string> => ({
  name: (s) => readModels.schoolNames.of(s),
  urn: (s) => s.urn,
  localAuthority: (s) => s.localAuthority.toLowerCase(),
  phase: (s) => s.phase,
});

@QueryHandler(GetSchool)
export class GetSchoolHandler implements IQueryHandler<GetSchool> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ urn, viewer }: GetSchool) {
    await this.readModels.catchUp();
    const school = this.readModels.schools.get(urn);
    if (!school) throw new NotFoundError(`No school with URN ${urn}`);
    AccessPolicy.assert(AccessPolicy.canReadSchool(viewer, urn), 'A school user may see only its own school');
    return school;
  }
}

@QueryHandler(ListSchools)
export class ListSchoolsHandler implements IQueryHandler<ListSchools> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ viewer, query }: ListSchools) {
    await this.readModels.catchUp();
    if (isPaged(query)) {
      const matches = this.readModels.schoolSearch.matcher(query.q);
      const sort = query.sort ?? 'name';
      const sorted = this.readModels.schoolsSorted(sort, orderOf(sort, schoolKeys(this.readModels)));
      // Staff read every school: without a search, the page is a slice of the sorted schools.
      const keep =
        AccessPolicy.isStaff(viewer) && !matches
          ? undefined
          : (s: SchoolView) => AccessPolicy.canReadSchool(viewer, s.urn) && (!matches || matches(s));
      return pageOfSorted(sorted, keep, pageRequestOf(query));
    }
    return [...this.readModels.schools.values()]
      .filter((s) => AccessPolicy.canReadSchool(viewer, s.urn))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
