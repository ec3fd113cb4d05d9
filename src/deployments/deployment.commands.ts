import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { deploymentStream, SLE_PROGRAMME } from '../../events/index.js';
import { AccessPolicy } from '../auth/access-policy.js';
import type { AuthUser } from '../auth/auth-user.js';
import { programmeCatalogue } from '../programmes/programme-catalogue.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadModels } from '../read-models/read-models.js';
import { AggregateRunner, type CommandResult } from '../commands/aggregate-runner.js';
import { Clock } from '../shared/clock.js';
import { InvalidCommandError, NotFoundError } from '../shared/domain-errors.js';
import { SleCapacityLedger } from '../sles/sle-capacity-ledger.js';
import { AccountDirectory } from '../users/account-directory.js';
import { assertAttendeesKnown } from '../users/attendee-links.js';
import { commissionOf, deploymentDecider, type DeploymentCommand, type SleFacts } from './deployment.decider.js';
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
    const programmeId = input.programme ?? SLE_PROGRAMME;
    const programme = programmeCatalogue(this.readModels, this.config).find((p) => p.programmeId === programmeId);
    if (!programme) problems.programme = `no programme ${programmeId} is defined`;
    else if (!programme.specialisms.includes(input.specialism))
      problems.specialism = `must be one of the ${programme.singular} specialisms: ${programme.specialisms.join(', ')}`;
    if (Object.keys(problems).length) throw new InvalidCommandError(problems);
    const deploymentId = randomUUID();
    const result = await this.runner.run(
      deploymentStream(deploymentId),
      deploymentDecider,
      { type: 'RequestSupport', deploymentId, ...input, programme: programmeId, today: this.clock.today() },
      { actorUserId: actor.userId },
    );
    return { deploymentId, position: result.position };
  }
}

/**
 * Runs a step: checks who may take it, looks up the SLE facts the rules need, then decides and appends. A step
 * that commissions days reserves them on the SLE's capacity ledger first (see `SleCapacityLedger`), so that two
 * processes can never both take an SLE's last days; a cancellation gives back what was not delivered.
 */
@CommandHandler(TakeDeploymentStep)
export class TakeDeploymentStepHandler implements ICommandHandler<TakeDeploymentStep> {
  private readonly capacity: SleCapacityLedger;

  constructor(
    private readonly runner: AggregateRunner,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    private readonly directory: AccountDirectory,
  ) {
    this.capacity = new SleCapacityLedger(runner, readModels);
  }

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
    if (step.type === 'WithdrawRequest') {
      AccessPolicy.assert(
        AccessPolicy.canWithdrawRequest(actor, view),
        "Only the school's own users may withdraw its request; a facilitator cancels it instead",
      );
    }
    if (step.type === 'HoldBrokerageMeeting')
      await assertAttendeesKnown(step.attendees, this.readModels.sles, this.directory);
    const today = this.clock.today();
    const command: DeploymentCommand =
      step.type === 'HoldBrokerageMeeting' ? { ...step, today, sle: this.sleFacts(step.sleId) } : { ...step, today };
    const context = { actorUserId: actor.userId, expectedVersion };
    const stream = deploymentStream(deploymentId);
    // The SLE whose days the step commissions: the one met at the meeting, or the deployment's for an extension.
    const sleId = step.type === 'HoldBrokerageMeeting' ? step.sleId : view.sleId;
    const commission = commissionOf(command);
    if (!commission || !sleId || !this.readModels.sles.has(sleId)) {
      const result = await this.runner.run(stream, deploymentDecider, command, context);
      if (command.type === 'CancelDeployment') await this.capacity.releaseUndelivered(view, context);
      return result;
    }
    return this.capacity.commission({ sleId, deploymentId, ...commission }, context, (reserve) =>
      this.runner.run(
        stream,
        deploymentDecider,
        async (state) => {
          // Checked before any day is reserved: a step refused for its own fields or order reserves nothing.
          deploymentDecider.decide(command, state);
          return { ...command, capacityReservationId: await reserve() };
        },
        context,
      ),
    );
  }

  private sleFacts(sleId: string): SleFacts | undefined {
    const sle = this.readModels.sles.get(sleId);
    if (!sle) return undefined;
    return {
      sleId,
      homeSchoolUrn: sle.homeSchoolUrn,
      programmes: sle.programmes,
      specialisms: sle.specialisms,
      designated: !sle.designationEndedOn,
    };
  }
}
