import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { deploymentStream } from '../../events/index.js';
import { commissionedDaysInYear } from '../../projections/sle-view.js';
import { AccessPolicy } from '../auth/access-policy.js';
import type { AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadModels } from '../read-models/read-models.js';
import { AggregateRunner, type CommandResult } from '../commands/aggregate-runner.js';
import { Clock } from '../shared/clock.js';
import { InvalidCommandError, NotFoundError } from '../shared/domain-errors.js';
import { KeyedLock } from '../shared/keyed-lock.js';
import { deploymentDecider, type DeploymentCommand, type SleFacts } from './deployment.decider.js';
import type { RequestSupportDto } from './deployment.dto.js';

export class RequestSupport extends Command<{ deploymentId: string; position: bigint }> {
  constructor(
    readonly input: RequestSupportDto,
    readonly actor: AuthUser,
  ) {
    super();
  }
}

/**
 * A step of a deployment after the request, as the controller and the import make it: the command without the
 * day it is decided on and the SLE's facts, which the handler adds.
 */
export type DeploymentStep = WithoutContext<Exclude<DeploymentCommand, { type: 'RequestSupport' }>>;
type WithoutContext<C> = C extends unknown ? Omit<C, 'today' | 'sle'> : never;

export class TakeDeploymentStep extends Command<CommandResult> {
  constructor(
    readonly deploymentId: string,
    readonly step: DeploymentStep,
    readonly actor: AuthUser,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

@CommandHandler(RequestSupport)
export class RequestSupportHandler implements ICommandHandler<RequestSupport> {
  constructor(
    private readonly runner: AggregateRunner,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ input, actor }: RequestSupport) {
    AccessPolicy.assert(
      AccessPolicy.canRequestSupportFor(actor, input.schoolUrn),
      'A school may request support only for itself',
    );
    await this.readModels.catchUp();
    const problems: Record<string, string> = {};
    if (!this.readModels.schools.has(input.schoolUrn))
      problems.schoolUrn = `no school with URN ${input.schoolUrn} is registered`;
    if (!this.config.specialisms.includes(input.specialism))
      problems.specialism = `must be one of ${this.config.specialisms.join(', ')}`;
    if (Object.keys(problems).length) throw new InvalidCommandError(problems);
    const deploymentId = randomUUID();
    const result = await this.runner.run(
      deploymentStream(deploymentId),
      deploymentDecider,
      { type: 'RequestSupport', deploymentId, ...input, today: this.clock.today() },
      { actorUserId: actor.userId },
    );
    return { deploymentId, position: result.position };
  }
}

/** Runs a step: checks who may take it, looks up the SLE facts the rules need, then decides and appends. */
@CommandHandler(TakeDeploymentStep)
export class TakeDeploymentStepHandler implements ICommandHandler<TakeDeploymentStep> {
  // Steps that commission days hold a lock per SLE, so two meetings cannot both take the last days.
  private readonly capacityLock = new KeyedLock();

  constructor(
    private readonly runner: AggregateRunner,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ deploymentId, step, actor, expectedVersion }: TakeDeploymentStep): Promise<CommandResult> {
    await this.readModels.catchUp();
    const view = this.readModels.deployments.get(deploymentId);
    if (!view) throw new NotFoundError(`No deployment ${deploymentId}`);
    if (step.type === 'LogContact') {
      AccessPolicy.assert(
        AccessPolicy.canLogContact(actor, view),
        'Only the matched SLE or a facilitator may log contacts here',
      );
    }
    // The SLE whose days the step commissions: the one met at the meeting, or the deployment's for an extension.
    const sleId =
      step.type === 'HoldBrokerageMeeting'
        ? step.sleId
        : step.type === 'ExtendDeployment'
          ? (view.sleId ?? undefined)
          : undefined;
    const command = (): DeploymentCommand => ({
      ...step,
      today: this.clock.today(),
      ...(sleId === undefined ? {} : { sle: this.sleFacts(sleId) }),
    });
    const run = () =>
      this.runner.run(deploymentStream(deploymentId), deploymentDecider, command(), {
        actorUserId: actor.userId,
        expectedVersion,
      });
    if (!sleId) return run();
    return this.capacityLock.run(sleId, async () => {
      // The SLE's days may have moved while this command waited for the lock.
      await this.readModels.catchUp();
      return run();
    });
  }

  private sleFacts(sleId: string): SleFacts | undefined {
    const sle = this.readModels.sles.get(sleId);
    if (!sle) return undefined;
    const deployments = this.readModels.deploymentsOfSle(sleId);
    return {
      sleId,
      homeSchoolUrn: sle.homeSchoolUrn,
      specialisms: sle.specialisms,
      designated: !sle.designationEndedOn,
      capacityDays: sle.capacityDays,
      commissionedDaysInYear: (year) => commissionedDaysInYear(sleId, deployments, year),
    };
  }
}
