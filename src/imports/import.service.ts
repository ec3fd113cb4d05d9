import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import {
  RequestSupport,
  RequestSupportHandler,
  TakeDeploymentStep,
  TakeDeploymentStepHandler,
  type DeploymentStep,
} from '../deployments/deployment.commands.js';
import type {
  BrokerageMeetingDto,
  DeployDto,
  ImpactEvaluationDto,
  RequestSupportDto,
} from '../deployments/deployment.dto.js';
import { EventStore, WrongExpectedRevisionError } from '../event-store/event-store.port.js';
import { ReadModels } from '../read-models/read-models.js';
import type { DeploymentFacts } from '../../projections/deployment-facts.js';
import { ChangeSchool, ChangeSchoolHandler } from '../schools/school.handlers.js';
import type { OfstedJudgementDto, RegisterSchoolDto } from '../schools/school.dto.js';
import { ChangeSle, ChangeSleHandler } from '../sles/sle.handlers.js';
import type { DesignateSleDto } from '../sles/sle.dto.js';
import { Clock } from '../shared/clock.js';
import { normaliseEmail } from '../email-reservations/email-reservation.js';
import { AccountDirectory } from '../users/account-directory.js';
import { termDatesKey } from '../calendar/academic-calendar.js';
import { DefineTermDates, DefineTermDatesHandler } from '../term-dates/term-dates.js';
import type { DefineTermDatesDto } from '../term-dates/term-dates.dto.js';
import { AccountCommands } from '../users/account.commands.js';
import { AccountService } from '../users/account.service.js';
import type { LinkDelivery } from '../users/one-time-links.js';
import type { InviteUserDto } from '../users/user.dto.js';
import { KeyedLock } from '../shared/keyed-lock.js';
import { StrictValidationPipe } from '../shared/validation.js';
import { readCsvRows, type CsvRow, type RowProblem } from './csv-rows.js';
import { importKinds, type ImportKind, type ImportKindSpec } from './import-kinds.js';
import { ImportPlan, PlanningRunner } from './import-plan.js';
import { ImportViews } from './import-views.js';
import {
  dedupe,
  deploymentInputs,
  personInput,
  problemsFromRefusal,
  ofstedInput,
  schoolInput,
  sleInput,
  termDatesInput,
  validateRowInput,
  type RowInput,
} from './import-rows.js';

export interface ImportResult {
  kind: ImportKind;
  dryRun: boolean;
  /** Rows read from the file (notes and blank rows left out). */
  rowsRead: number;
  /** True when every row passed: the import would append (or has appended) them all. */
  valid: boolean;
  problems: RowProblem[];
  /** What each row created (or, in a dry run, would create): the URN, SLE id or deployment id. */
  created: { row: number; id: string }[];
  /** Events appended; 0 in a dry run or when refused. */
  eventsAppended: number;
  /** People imported: whether each invitation was mailed, or its link (shown this once) when it could not be. */
  invitations?: ({ row: number; id: string; email: string } & LinkDelivery)[];
}

/** An invitation the plan holds, with the token to mail once it is appended. */
interface PlannedInvitation {
  row: number;
  userId: string;
  email: string;
  name: string;
  token: string;
  expiresAt: string;
}

/** Thrown when the appends could not all be made; says which rows were imported before it stopped. */
export class ImportInterruptedError extends Error {
  constructor(
    readonly importedRows: number[],
    readonly stoppedAtRow: number,
    cause: string,
  ) {
    super(
      `The import stopped at row ${stoppedAtRow}: ${cause}. ` +
        (importedRows.length
          ? `Rows ${importedRows.join(', ')} were imported; remove them from the file and import the rest again.`
          : 'Nothing was imported.'),
    );
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How many times to plan again when another writer appended while the plan was being made. */
const PLAN_ATTEMPTS = 3;

/**
 * Imports schools, SLEs and past deployments from CSV, all or nothing.
 *
 * Every row is validated by the API's own DTOs and pipe, then run through the API's own command handlers and
 * deciders against the current state AND the earlier rows of the same file (a `PlanningRunner` stages events
 * instead of appending, and `ImportViews` lays them over the read models). Only when every row
 * passes is anything appended.
 *
 * The `EventStore` port has no transaction spanning several streams, and each row writes its own stream(s).
 * So "all or nothing" is guaranteed up to the appends: nothing is appended unless the whole file is valid,
 * imports run one at a time, the plan is made again if another writer appended meanwhile, and each stream is
 * appended with the revision the plan was built on. If an append still fails (a writer slipping in between
 * two appends, or the store going away), the rows before it stay imported: the answer names them and the row
 * where it stopped, so the rest can be imported again.
 */
@Injectable()
export class ImportService {
  private readonly lock = new KeyedLock();
  /** The API's own validation, so that a row is held to the rules of the request it stands for. */
  private readonly pipe: StrictValidationPipe;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: AccountDirectory,
    private readonly accounts: AccountService,
  ) {
    this.pipe = new StrictValidationPipe(clock);
  }

  specs(): ImportKindSpec[] {
    return importKinds(this.config.specialisms);
  }

  spec(kind: ImportKind): ImportKindSpec {
    return this.specs().find((s) => s.kind === kind)!;
  }

  run(kind: ImportKind, csv: string, actor: AuthUser, { dryRun }: { dryRun: boolean }): Promise<ImportResult> {
    return this.lock.run('imports', async () => {
      const parsed = readCsvRows(csv, this.spec(kind));
      const badShape = new Set(parsed.problems.map((p) => p.row));
      const rows = parsed.rows.filter((r) => !badShape.has(r.row));
      for (let attempt = 1; ; attempt++) {
        const head = await this.store.headPosition();
        await this.readModels.catchUp();
        const { plan, problems: planProblems, created, invitations } = await this.plan(kind, rows, actor);
        const problems = dedupe([...parsed.problems, ...planProblems]).sort((a, b) => a.row - b.row);
        const result: ImportResult = {
          kind,
          dryRun,
          rowsRead: parsed.rows.length,
          valid: problems.length === 0,
          problems,
          created,
          eventsAppended: 0,
        };
        if (dryRun || problems.length) return result;
        if ((await this.store.headPosition()) !== head && attempt < PLAN_ATTEMPTS) continue;
        const eventsAppended = await this.append(plan, actor);
        if (kind !== 'people') return { ...result, eventsAppended };
        return { ...result, eventsAppended, invitations: await this.mailInvitations(invitations, actor) };
      }
    });
  }

  private async append(plan: ImportPlan, actor: AuthUser): Promise<number> {
    const imported = new Set<number>();
    let appended = 0;
    for (const { streamId, events, expectedRevision, firstRow } of plan.appends()) {
      try {
        await this.store.append(streamId, events, { expectedRevision, metadata: { actorUserId: actor.userId } });
      } catch (error) {
        const cause =
          error instanceof WrongExpectedRevisionError
            ? `${streamId} was changed by someone else during the import`
            : 'the event store refused the append';
        throw new ImportInterruptedError(
          [...imported].filter((row) => row < firstRow).sort((a, b) => a - b),
          firstRow,
          cause,
        );
      }
      imported.add(firstRow);
      appended += events.length;
    }
    await this.readModels.catchUp();
    return appended;
  }

  /** Mails each imported person their invitation, one after another. */
  private async mailInvitations(invitations: PlannedInvitation[], actor: AuthUser) {
    const sent: NonNullable<ImportResult['invitations']> = [];
    for (const { row, userId, email, name, token, expiresAt } of invitations) {
      const delivery = await this.accounts.mailInvitation({ userId, email, name }, token, expiresAt, actor);
      sent.push({ row, id: userId, email, ...delivery });
    }
    return sent;
  }

  private async plan(kind: ImportKind, rows: CsvRow[], actor: AuthUser) {
    const plan = new ImportPlan(this.store);
    const views = new ImportViews(this.readModels);
    const runner = new PlanningRunner(this.store, plan, views);
    // The API's own handlers, given the planning runner and the planned views in place of the real ones.
    const readModels = views as unknown as ReadModels;
    const handlers = {
      school: new ChangeSchoolHandler(runner, this.clock),
      sle: new ChangeSleHandler(runner, readModels, this.clock, this.config),
      request: new RequestSupportHandler(runner, readModels, this.clock, this.config),
      step: new TakeDeploymentStepHandler(runner, readModels, this.clock, this.directory),
      people: new AccountCommands(runner, views, this.directory, this.clock),
      termDates: new DefineTermDatesHandler(runner, readModels, this.clock),
    };
    const invitations: PlannedInvitation[] = [];
    const emailsInFile = new Map<string, number>();
    const yearsInFile = new Map<string, number>();
    const problems: RowProblem[] = [];
    const created: { row: number; id: string }[] = [];
    let rowProblems: RowProblem[] = [];

    /** Validates then runs one command of the row; undefined (with the problems noted) when refused. */
    const attempt = async <Dto extends object, R>(
      row: CsvRow,
      input: RowInput,
      run: (dto: Dto) => Promise<R>,
    ): Promise<R | undefined> => {
      const validated = await validateRowInput<Dto>(this.pipe, row, input);
      if (!validated.value) {
        rowProblems.push(...validated.problems);
        return undefined;
      }
      try {
        return await run(validated.value);
      } catch (error) {
        rowProblems.push(...problemsFromRefusal(row, error, input.columns));
        return undefined;
      }
    };

    for (const row of rows) {
      rowProblems = [];
      let id: string | undefined;
      if (kind === 'schools') {
        id = await attempt<RegisterSchoolDto, string>(row, schoolInput(row), async (input) => {
          await handlers.school.execute(new ChangeSchool({ kind: 'register', input }, actor));
          return input.urn;
        });
      } else if (kind === 'ofsted-judgements') {
        const urn = row.cells.urn;
        id = await attempt<OfstedJudgementDto, string>(row, ofstedInput(row), async (input) => {
          await handlers.school.execute(new ChangeSchool({ kind: 'ofsted', urn, input }, actor));
          return urn;
        });
      } else if (kind === 'sles') {
        id = await this.planSle(
          row,
          views,
          (input) =>
            attempt<DesignateSleDto, string>(
              row,
              input,
              async (dto) =>
                (await handlers.sle.execute(new ChangeSle({ kind: 'designate', input: dto }, actor))).sleId,
            ),
          rowProblems,
        );
      } else if (kind === 'people') {
        const invited = await this.planPerson(row, views, emailsInFile, rowProblems, (input) =>
          attempt<InviteUserDto, Omit<PlannedInvitation, 'row'>>(row, input, async (dto) => {
            const { userId, token, expiresAt } = await handlers.people.invite(dto, actor);
            return { userId, email: normaliseEmail(dto.email), name: dto.name, token, expiresAt };
          }),
        );
        if (invited && !rowProblems.length) invitations.push({ row: row.row, ...invited });
        id = invited?.userId;
      } else if (kind === 'term-dates') {
        id = await this.planTermDates(row, yearsInFile, rowProblems, (input) =>
          attempt<DefineTermDatesDto, string>(row, input, async (dto) => {
            await handlers.termDates.execute(new DefineTermDates(dto, actor));
            return termDatesKey(dto.academicYear, dto.localAuthority);
          }),
        );
      } else {
        id = await this.planDeployment(row, views, handlers, actor, attempt, rowProblems);
      }
      if (id !== undefined && !rowProblems.length) {
        plan.commitRow(row.row);
        created.push({ row: row.row, id });
      } else {
        views.reset(plan.rollbackRow());
        problems.push(...rowProblems);
      }
    }
    return { plan, problems, created, invitations };
  }

  /** One year's term dates (or one local authority's): a year and authority not repeated in the file. */
  private async planTermDates(
    row: CsvRow,
    yearsInFile: Map<string, number>,
    rowProblems: RowProblem[],
    define: (input: RowInput) => Promise<string | undefined>,
  ): Promise<string | undefined> {
    const key = termDatesKey(row.cells.academic_year, row.cells.local_authority || null);
    const earlier = yearsInFile.get(key);
    if (earlier !== undefined) {
      const column = row.cells.local_authority ? 'local_authority' : 'academic_year';
      rowProblems.push({ row: row.row, column, message: `has its term dates already in row ${earlier} of this file` });
      return undefined;
    }
    yearsInFile.set(key, row.row);
    return define(termDatesInput(row));
  }

  /** One person to invite: an email not repeated in the file, and the `sle` column read as an SLE id or email. */
  private async planPerson<R>(
    row: CsvRow,
    views: ImportViews,
    emailsInFile: Map<string, number>,
    rowProblems: RowProblem[],
    invite: (input: RowInput) => Promise<R | undefined>,
  ): Promise<R | undefined> {
    const email = normaliseEmail(row.cells.email);
    const earlier = emailsInFile.get(email);
    if (email && earlier !== undefined) {
      rowProblems.push({ row: row.row, column: 'email', message: `is already in row ${earlier} of this file` });
      return undefined;
    }
    if (email) emailsInFile.set(email, row.row);
    const sleId = row.cells.sle ? this.resolveSle(row, views, rowProblems) : undefined;
    if (rowProblems.length) return undefined;
    return invite(personInput(row, sleId));
  }

  private async planSle(
    row: CsvRow,
    views: ImportViews,
    designate: (input: RowInput) => Promise<string | undefined>,
    rowProblems: RowProblem[],
  ): Promise<string | undefined> {
    const email = row.cells.email.trim().toLowerCase();
    const holder = [...views.sles.values()].find((s) => s.email.toLowerCase() === email && !s.designationEndedOn);
    if (email && holder) {
      rowProblems.push({
        row: row.row,
        column: 'email',
        message: `is already held by SLE ${holder.name} (${holder.sleId})`,
      });
      return undefined;
    }
    return designate(sleInput(row));
  }

  private async planDeployment(
    row: CsvRow,
    views: ImportViews,
    handlers: { request: RequestSupportHandler; step: TakeDeploymentStepHandler },
    actor: AuthUser,
    attempt: <Dto extends object, R>(
      row: CsvRow,
      input: RowInput,
      run: (dto: Dto) => Promise<R>,
    ) => Promise<R | undefined>,
    rowProblems: RowProblem[],
  ): Promise<string | undefined> {
    const sleId = this.resolveSle(row, views, rowProblems);
    const inputs = deploymentInputs(row, sleId ?? row.cells.sle);
    rowProblems.push(...inputs.problems);
    // Every command's input is checked first, so that the row's problems are listed together.
    for (const input of [inputs.request, inputs.meeting, inputs.deploy, inputs.evaluation]) {
      if (input) rowProblems.push(...(await validateRowInput(this.pipe, row, input)).problems);
    }
    if (rowProblems.length) return undefined;

    const request = inputs.request.input as unknown as RequestSupportDto;
    let duplicate: DeploymentFacts | undefined;
    views.forEachDeployment((d) => {
      if (
        d.status !== 'cancelled' &&
        d.schoolUrn === request.schoolUrn &&
        d.specialism === request.specialism &&
        d.requestedOn === request.requestedOn &&
        d.sleId === sleId
      )
        duplicate ??= d;
    });
    if (duplicate) {
      rowProblems.push({
        row: row.row,
        message: `this deployment is already recorded (deployment ${duplicate.deploymentId}, requested ${duplicate.requestedOn})`,
      });
      return undefined;
    }

    const deploymentId = await attempt<RequestSupportDto, string>(
      row,
      inputs.request,
      async (dto) => (await handlers.request.execute(new RequestSupport(dto, actor))).deploymentId,
    );
    if (!deploymentId) return undefined;
    const take = (input: RowInput, toStep: (dto: object) => DeploymentStep) =>
      attempt<object, boolean>(row, input, async (dto) => {
        await handlers.step.execute(new TakeDeploymentStep(deploymentId, toStep(dto), actor));
        return true;
      });
    if (!(await take(inputs.meeting, (dto) => ({ type: 'HoldBrokerageMeeting', ...(dto as BrokerageMeetingDto) }))))
      return undefined;
    if (!(await take(inputs.deploy, (dto) => ({ type: 'DeploySle', ...(dto as DeployDto) })))) return undefined;
    if (
      inputs.evaluation &&
      !(await take(inputs.evaluation, (dto) => ({ type: 'EvaluateImpact', ...(dto as ImpactEvaluationDto) })))
    )
      return undefined;
    return deploymentId;
  }

  /** The `sle` column: an SLE id, or the email of exactly one SLE (a designated one preferred). */
  private resolveSle(row: CsvRow, views: ImportViews, rowProblems: RowProblem[]): string | undefined {
    const value = row.cells.sle.trim();
    if (value === '' || UUID.test(value)) return value || undefined;
    if (!value.includes('@')) {
      rowProblems.push({ row: row.row, column: 'sle', message: 'must be an SLE id or the email of an SLE' });
      return undefined;
    }
    const holders = [...views.sles.values()].filter((s) => s.email.toLowerCase() === value.toLowerCase());
    const designated = holders.filter((s) => !s.designationEndedOn);
    const candidates = designated.length ? designated : holders;
    if (candidates.length === 1) return candidates[0].sleId;
    rowProblems.push({
      row: row.row,
      column: 'sle',
      message: candidates.length
        ? 'more than one SLE has this email; give the SLE id instead'
        : 'no SLE with this email is designated; import the SLEs first',
    });
    return undefined;
  }
}
