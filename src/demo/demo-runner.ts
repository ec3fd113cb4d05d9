import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEPLOYMENT_STATUSES, SLE_PROGRAMME, type DeploymentStatus } from '../../events/index.js';
import { academicYearOf, typicalTermDates } from '../calendar/academic-calendar.js';
import type { AppConfig } from '../config/app-config.js';
import { EventStore } from '../event-store/event-store.port.js';
import { createHttpApp } from '../http-app.js';
import { FixedClock } from '../shared/clock.js';
import { ALLIANCE_DOMAIN } from './alliance-catalogue.js';
import { DEMO_SEED, generateAlliance } from './alliance-generator.js';
import { DemoApi, DemoApiError } from './demo-api.js';
import type { DemoPlan, PlannedStep } from './demo-plan.js';

export interface DemoOptions {
  config: AppConfig;
  seed?: number;
  /** Progress lines; silent when absent. */
  log?: (line: string) => void;
}

export interface DemoLogin {
  label: string;
  role: string;
  email: string;
  /** Absent for an admin whose password came from SLE_ADMIN_PASSWORD. */
  password?: string;
}

export interface DemoSummary {
  allianceName: string;
  today: string;
  schools: number;
  /** Specialists of the SLE programme. */
  sles: number;
  /** Specialists by programme, the SLE programme's among them (one in two programmes counts in both). */
  specialistsByProgramme: Record<string, number>;
  deployments: number;
  deploymentsByStatus: Record<DeploymentStatus, number>;
  contacts: number;
  extensions: number;
  evaluations: number;
  /** Impact evaluations by the programme the work belongs to. */
  evaluationsByProgramme: Record<string, number>;
  daysCommissioned: number;
  daysDelivered: number;
  ofstedJudgements: number;
  dataPoints: number;
  halfTermReviews: number;
  logins: DemoLogin[];
  /** Where the runner had to trim the plan to respect a rule (e.g. an SLE's capacity); empty normally. */
  adjustments: string[];
}

/** The store is not empty: the demo only fills an empty one. */
export class DemoRefusedError extends Error {}

/**
 * Fills an empty store with the demo alliance by driving the real application over HTTP, in-process, with a
 * clock that moves forward step by step so that every "not in the future" rule holds on the day of the step.
 */
export async function runDemo({ config, seed = DEMO_SEED, log = () => undefined }: DemoOptions): Promise<DemoSummary> {
  const plan = generateAlliance(seed);
  const admin = config.admin ?? { email: `admin@${ALLIANCE_DOMAIN}`, password: newPassword() };
  const clock = new FixedClock(noonOf(plan.setupOn));
  const app = await createHttpApp({ config: { ...config, admin }, clock, logger: false });
  try {
    // Checked before the application starts, so that nothing is written to a store that is not empty.
    const schools = await registeredSchools(app.get(EventStore));
    if (schools > 0) {
      throw new DemoRefusedError(
        `The store in ${config.eventStoreUrl ?? config.dataDir} already has ${schools} school(s); ` +
          'the demo only fills an empty store. Point DATA_DIR at an empty directory to try it.',
      );
    }
    await app.init();
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    const run = new DemoRun(new DemoApi(`http://127.0.0.1:${port}`), plan, clock, log);
    await run.setUp(admin, !config.admin);
    await run.playSteps();
    return await run.summarise();
  } finally {
    // The demo's own keep-alive connections would otherwise hold the server open for seconds.
    (app.getHttpServer() as Server).closeAllConnections?.();
    await app.close();
  }
}

/** Schools registered in the store, read straight from its events (the views are not started yet). */
async function registeredSchools(store: EventStore): Promise<number> {
  let count = 0;
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, limit: 5_000 });
    count += page.filter((event) => event.type === 'SchoolRegistered').length;
    if (page.length < 5_000) return count;
    after = page[page.length - 1].position;
  }
}

function newPassword(): string {
  return randomBytes(12).toString('base64url');
}

function noonOf(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

/** The parts of the API's answers the demo reads, as the HTTP contract describes them. */
interface SleListing {
  sleId: string;
  name: string;
  remainingDays: number;
  programmes: string[];
}

interface DeploymentListing {
  status: DeploymentStatus;
  programme: string;
  daysCommissioned: number;
  daysDelivered: number;
  contacts: unknown[];
  evaluation: unknown | null;
}

interface CaseState {
  deploymentId: string;
  /** Absent for the SLE programme's work. */
  programme?: string;
  sleId?: string;
  commissioned: number;
  delivered: number;
  endDate?: string;
}

class DemoRun {
  private adminToken = '';
  private facilitatorToken = '';
  private coreTeamToken = '';
  private readonly schoolTokens = new Map<string, string>();
  private sleUser?: { sleId: string; token: string };
  private readonly sleIds = new Map<string, string>();
  private readonly sleNames = new Map<string, string>();
  private readonly cases = new Map<string, CaseState>();
  private readonly logins: DemoLogin[] = [];
  private readonly adjustments: string[] = [];
  /** What was recorded that the deployment and school listings do not count. */
  private readonly recorded = { ofstedJudgements: 0, dataPoints: 0, extensions: 0, reviews: 0 };

  constructor(
    private readonly api: DemoApi,
    private readonly plan: DemoPlan,
    private readonly clock: FixedClock,
    private readonly log: (line: string) => void,
  ) {}

  /** Accounts, schools and SLEs as they stand on the setup day. */
  async setUp(admin: { email: string; password: string }, generatedAdmin: boolean): Promise<void> {
    try {
      this.adminToken = await this.api.login(admin.email, admin.password);
    } catch (error) {
      if (error instanceof DemoApiError && error.status === 401) {
        throw new DemoRefusedError(
          'The store already has accounts, and the admin from SLE_ADMIN_EMAIL/SLE_ADMIN_PASSWORD cannot sign in. ' +
            'The demo only fills an empty store; point DATA_DIR at an empty directory.',
        );
      }
      throw error;
    }
    this.logins.push({
      label: 'Administrator',
      role: 'admin',
      email: admin.email,
      ...(generatedAdmin ? { password: admin.password } : {}),
    });

    const [facilitator, ...others] = this.plan.users;
    this.facilitatorToken = await this.createUser(facilitator);

    this.log(
      `Registering ${this.plan.schools.length} schools and designating ${this.plan.sles.length} specialists (${this.plan.setupOn})`,
    );
    // The programmes beyond the SLE programme, before anyone is designated into them (only an admin defines them).
    for (const { programmeId, ...programme } of this.plan.programmes)
      await this.api.put(this.adminToken, `/api/programmes/${programmeId}`, programme);
    for (const school of this.plan.schools) {
      if (school.ofsted) this.recorded.ofstedJudgements++;
      await this.api.post(this.facilitatorToken, '/api/schools', {
        urn: school.urn,
        name: school.name,
        phase: school.phase,
        localAuthority: school.localAuthority,
        ...(school.ofsted
          ? {
              ofstedGrade: school.ofsted.grade,
              ofstedInspectedOn: school.ofsted.inspectedOn,
              ...(school.ofsted.category ? { ofstedCategory: school.ofsted.category } : {}),
            }
          : {}),
      });
    }
    // The alliance's own term dates for the current year (a typical year's, as every other year follows).
    const currentYear = academicYearOf(this.plan.today);
    await this.api.put(this.facilitatorToken, '/api/term-dates', {
      academicYear: currentYear,
      halfTerms: typicalTermDates(currentYear),
    });
    for (const sle of this.plan.sles) {
      const { key, ...designation } = sle;
      const { sleId } = await this.api.post<{ sleId: string }>(this.facilitatorToken, '/api/sles', designation);
      this.sleIds.set(key, sleId);
      this.sleNames.set(sleId, sle.name);
    }

    for (const user of others) {
      const token = await this.createUser(user);
      if (user.role === 'core-team') this.coreTeamToken = token;
      if (user.role === 'school') this.schoolTokens.set(user.schoolUrn!, token);
      if (user.role === 'sle') this.sleUser = { sleId: this.sleIds.get(user.sleKey!)!, token };
    }
  }

  private async createUser(user: DemoPlan['users'][number]): Promise<string> {
    const password = newPassword();
    const body = {
      email: user.email,
      password,
      role: user.role,
      ...(user.schoolUrn ? { schoolUrn: user.schoolUrn } : {}),
      ...(user.sleKey ? { sleId: this.sleIds.get(user.sleKey) } : {}),
    };
    await this.api.post(this.adminToken, '/api/users', body, { ...body, password: '(hidden)' });
    this.logins.push({ label: user.label, role: user.role, email: user.email, password });
    return this.api.login(user.email, password);
  }

  /** Every dated step, in order, with the clock on the step's day. */
  async playSteps(): Promise<void> {
    let year = '';
    for (const step of this.plan.steps) {
      this.clock.set(noonOf(step.on));
      if (academicYearOf(step.on) !== year) {
        year = academicYearOf(step.on);
        this.log(`Playing academic year ${year} from ${step.on}`);
      }
      try {
        await this.play(step);
      } catch (error) {
        const where = 'caseKey' in step ? `${step.kind} of ${step.caseKey}` : step.kind;
        throw new Error(`Demo step failed (${where} on ${step.on}): ${(error as Error).message}`, { cause: error });
      }
    }
    this.clock.set(noonOf(this.plan.today));
  }

  private async play(step: PlannedStep): Promise<void> {
    const f = this.facilitatorToken;
    switch (step.kind) {
      case 'ofsted':
        await this.api.post(f, `/api/schools/${step.urn}/ofsted-judgements`, {
          inspectedOn: step.on,
          ...step.judgement,
        });
        this.recorded.ofstedJudgements++;
        return;
      case 'data-point':
        await this.api.post(f, `/api/schools/${step.urn}/data-points`, {
          measure: step.measure,
          unit: step.unit,
          value: step.value,
          recordedOn: step.on,
        });
        this.recorded.dataPoints++;
        return;
      case 'request': {
        const token = step.bySchoolUser ? this.schoolTokens.get(step.schoolUrn)! : f;
        const body = {
          schoolUrn: step.schoolUrn,
          specialism: step.specialism,
          areaOfNeed: step.areaOfNeed,
          source: step.source,
          requestedOn: step.on,
          ...(step.programme ? { programme: step.programme } : {}),
        };
        const { deploymentId } = await this.api.post<{ deploymentId: string }>(token, '/api/support-requests', body);
        this.cases.set(step.caseKey, {
          deploymentId,
          commissioned: 0,
          delivered: 0,
          ...(step.programme ? { programme: step.programme } : {}),
        });
        return;
      }
      case 'brokerage-meeting':
        return this.holdBrokerageMeeting(step);
      case 'deploy':
        await this.api.post(f, `/api/deployments/${this.case(step.caseKey).deploymentId}/deploy`, {
          startedOn: step.on,
        });
        return;
      case 'contact':
        return this.logContact(step);
      case 'extension':
        return this.extend(step);
      case 'evaluation':
        await this.api.post(f, `/api/deployments/${this.case(step.caseKey).deploymentId}/impact-evaluation`, {
          heldOn: step.on,
          outcomes: step.outcomes,
          schoolRating: step.schoolRating,
          summary: step.summary,
        });
        return;
      case 'cancellation':
        await this.api.post(f, `/api/deployments/${this.case(step.caseKey).deploymentId}/cancellation`, {
          on: step.on,
          reason: step.reason,
        });
        return;
      case 'review': {
        const { kind: _kind, on, ...review } = step;
        await this.api.post(this.coreTeamToken, '/api/half-term-reviews', { ...review, heldOn: on });
        this.recorded.reviews++;
        return;
      }
    }
  }

  private case(key: string): CaseState {
    const state = this.cases.get(key);
    if (!state) throw new Error(`Demo plan error: ${key} has no support request yet`);
    return state;
  }

  /**
   * Picks the SLE the way a facilitator would: from the eligible matches, best first, the first with enough
   * days left in the academic year the work starts in (an earlier SLE of the school first, for a follow-up).
   */
  private async holdBrokerageMeeting(step: Extract<PlannedStep, { kind: 'brokerage-meeting' }>): Promise<void> {
    const state = this.case(step.caseKey);
    const f = this.facilitatorToken;
    const { matches } = await this.api.get<{ matches: { sleId: string }[] }>(
      f,
      `/api/support-requests/${state.deploymentId}/matches`,
    );
    const listings = await this.api.get<SleListing[]>(f, `/api/sles?academicYear=${academicYearOf(step.startDate)}`);
    const remaining = new Map(listings.map((s) => [s.sleId, s.remainingDays]));
    const preferred = step.preferSleOfCase ? this.cases.get(step.preferSleOfCase)?.sleId : undefined;
    const ordered = [...matches.filter((m) => m.sleId === preferred), ...matches.filter((m) => m.sleId !== preferred)];
    let days = step.daysCommissioned;
    // Leave room for the extension the plan foresees, as a facilitator who knows the school would.
    const extension = this.plan.steps.find((s) => s.kind === 'extension' && s.caseKey === step.caseKey);
    const reserve = days + (extension?.kind === 'extension' ? extension.additionalDays : 0);
    let chosen =
      ordered.find((m) => (remaining.get(m.sleId) ?? 0) >= reserve) ??
      ordered.find((m) => (remaining.get(m.sleId) ?? 0) >= days);
    if (!chosen) {
      chosen = [...ordered].sort((a, b) => (remaining.get(b.sleId) ?? 0) - (remaining.get(a.sleId) ?? 0))[0];
      const left = chosen ? halfDaysDown(remaining.get(chosen.sleId) ?? 0) : 0;
      if (!chosen || left < 1) throw new Error(`Demo plan error: no eligible SLE has days left for ${step.caseKey}`);
      this.adjustments.push(
        `${step.caseKey}: commissioned ${left} days instead of ${days}, all the best match had left`,
      );
      days = left;
    }
    const sleName = this.sleNames.get(chosen.sleId) ?? 'SLE';
    await this.api.post(f, `/api/deployments/${state.deploymentId}/brokerage-meeting`, {
      sleId: chosen.sleId,
      heldOn: step.on,
      attendees: [{ name: sleName, role: this.roleIn(state.programme) }, ...step.attendees],
      areaOfNeed: step.areaOfNeed,
      startDate: step.startDate,
      endDate: step.endDate,
      daysCommissioned: days,
      expectedOutcomes: step.expectedOutcomes,
    });
    Object.assign(state, { sleId: chosen.sleId, commissioned: days, endDate: step.endDate });
  }

  /** What the matched specialist is called at the meeting: an SLE, or the programme's own word. */
  private roleIn(programme: string | undefined): string {
    return this.plan.programmes.find((p) => p.programmeId === programme)?.singular ?? 'Specialist Leader of Education';
  }

  /** The matched SLE logs its own contacts when it has an account; a visit never passes the days commissioned. */
  private async logContact(step: Extract<PlannedStep, { kind: 'contact' }>): Promise<void> {
    const state = this.case(step.caseKey);
    let { daysUsed, channel } = step;
    if (state.delivered + daysUsed > state.commissioned) {
      daysUsed = state.delivered + 0.5 <= state.commissioned ? 0.5 : 0;
      if (daysUsed === 0) channel = 'phone';
      this.adjustments.push(`${step.caseKey}: contact on ${step.on} used ${daysUsed} days instead of ${step.daysUsed}`);
    }
    const token = this.sleUser && this.sleUser.sleId === state.sleId ? this.sleUser.token : this.facilitatorToken;
    await this.api.post(token, `/api/deployments/${state.deploymentId}/contacts`, {
      on: step.on,
      channel,
      daysUsed,
      status: step.status,
      note: step.note,
    });
    state.delivered += daysUsed;
  }

  /** More days only as far as the SLE's capacity in the year allows; the new end date is agreed either way. */
  private async extend(step: Extract<PlannedStep, { kind: 'extension' }>): Promise<void> {
    const state = this.case(step.caseKey);
    const sle = await this.api.get<SleListing>(
      this.facilitatorToken,
      `/api/sles/${state.sleId}?academicYear=${academicYearOf(step.on)}`,
    );
    const additionalDays = Math.min(step.additionalDays, halfDaysDown(sle.remainingDays));
    if (additionalDays < step.additionalDays)
      this.adjustments.push(
        `${step.caseKey}: extension added ${additionalDays} days instead of ${step.additionalDays}`,
      );
    if (additionalDays === 0 && step.newEndDate <= (state.endDate ?? '')) return;
    await this.api.post(this.facilitatorToken, `/api/deployments/${state.deploymentId}/extensions`, {
      on: step.on,
      additionalDays,
      newEndDate: step.newEndDate,
      focus: step.focus,
    });
    state.commissioned += additionalDays;
    state.endDate = step.newEndDate;
    this.recorded.extensions++;
  }

  /** What the API now says, read back through the contract, with what was recorded that its listings do not count. */
  async summarise(): Promise<DemoSummary> {
    const f = this.facilitatorToken;
    const deployments = await this.api.get<DeploymentListing[]>(f, '/api/deployments');
    const schools = await this.api.get<unknown[]>(f, '/api/schools');
    const sles = await this.api.get<SleListing[]>(f, '/api/sles');
    const deploymentsByStatus = Object.fromEntries(
      DEPLOYMENT_STATUSES.map((s) => [s, deployments.filter((d) => d.status === s).length]),
    ) as Record<DeploymentStatus, number>;
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const programmes = [SLE_PROGRAMME, ...this.plan.programmes.map((p) => p.programmeId)];
    return {
      allianceName: this.plan.allianceName,
      today: this.plan.today,
      schools: schools.length,
      sles: sles.filter((s) => s.programmes.includes(SLE_PROGRAMME)).length,
      specialistsByProgramme: Object.fromEntries(
        programmes.map((id) => [id, sles.filter((s) => s.programmes.includes(id)).length]),
      ),
      deployments: deployments.length,
      deploymentsByStatus,
      contacts: sum(deployments.map((d) => d.contacts.length)),
      extensions: this.recorded.extensions,
      evaluations: deployments.filter((d) => d.evaluation).length,
      evaluationsByProgramme: Object.fromEntries(
        programmes.map((id) => [id, deployments.filter((d) => d.evaluation && d.programme === id).length]),
      ),
      // A cancelled deployment keeps only the days it used.
      daysCommissioned: sum(deployments.map((d) => (d.status === 'cancelled' ? d.daysDelivered : d.daysCommissioned))),
      daysDelivered: sum(deployments.map((d) => d.daysDelivered)),
      ofstedJudgements: this.recorded.ofstedJudgements,
      dataPoints: this.recorded.dataPoints,
      halfTermReviews: this.recorded.reviews,
      logins: this.logins,
      adjustments: this.adjustments,
    };
  }
}

function halfDaysDown(days: number): number {
  return Math.floor(days * 2) / 2;
}
