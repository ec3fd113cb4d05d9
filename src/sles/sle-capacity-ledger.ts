import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { deploymentStream, sleCapacityStream, type AcademicYear } from '../../events/index.js';
import { deliveredInYear, type DeploymentFacts } from '../../projections/deployment-facts.js';
import type { ReservationView } from '../../projections/reservation-view.js';
import type { SleView } from '../../projections/sle-view.js';
import type { AggregateRunner, CommandContext } from '../commands/aggregate-runner.js';
import { EventStore } from '../event-store/event-store.port.js';
import { sleCapacityDecider, type CommissionedDays, type ReserveDays } from './sle-capacity.decider.js';

/** What the ledger reads of the views: the SLE's capacity, and what is commissioned when a ledger is first written. */
export interface CapacityViews {
  readonly sles: ReadonlyMap<string, SleView>;
  deploymentsOfSle(sleId: string): readonly DeploymentFacts[];
}

export interface Commission {
  sleId: string;
  academicYear: AcademicYear;
  deploymentId: string;
  days: number;
  capacityOverrideReason?: string;
}

/**
 * The days an SLE is commissioned, decided on one stream per SLE and academic year (`sleCapacityStream`), so that
 * two processes can never both take the last days. A step that commissions days reserves them first, then is
 * recorded on its deployment with the reservation's id, then the reservation is confirmed; a refused step
 * releases it. A crash between the two leaves a reservation unsettled, which `settle` (run by the reminder scan)
 * confirms or releases from what the deployment recorded. A cancellation releases what was not delivered.
 */
export class SleCapacityLedger {
  private readonly logger = new Logger('SleCapacity');

  constructor(
    private readonly runner: AggregateRunner,
    private readonly views: CapacityViews,
  ) {}

  /**
   * Runs `record` (the step on its deployment), giving it `reserve`: called once the step is known to be valid,
   * it reserves the days (once, however often it is called) and answers the reservation's id to record with
   * the step. The reservation is confirmed when `record` succeeds, and released when it fails.
   */
  async commission<T>(
    commission: Commission,
    context: CommandContext,
    record: (reserve: () => Promise<string>) => Promise<T>,
  ): Promise<T> {
    const reservationId = randomUUID();
    const stream = sleCapacityStream(commission.sleId, commission.academicYear);
    let reserved = false;
    const reserve = async () => {
      if (!reserved) {
        await this.runner.run(
          stream,
          sleCapacityDecider,
          (ledger): ReserveDays => ({
            type: 'ReserveDays',
            reservationId,
            ...commission,
            capacityDays: this.views.sles.get(commission.sleId)?.capacityDays ?? 0,
            opening:
              ledger.status === 'unopened' ? this.commissioned(commission.sleId, commission.academicYear) : undefined,
            cancelled: this.cancelled(commission.sleId, commission.academicYear),
          }),
          { actorUserId: context.actorUserId },
        );
        reserved = true;
      }
      return reservationId;
    };
    let result: T;
    try {
      result = await record(reserve);
    } catch (error) {
      if (reserved) await this.settleQuietly(stream, { type: 'ReleaseReservation', reservationId }, context);
      throw error;
    }
    if (reserved) await this.settleQuietly(stream, { type: 'ConfirmReservation', reservationId }, context);
    return result;
  }

  /** After a cancellation: gives back, in each year, the days the deployment commissioned and did not deliver. */
  async releaseUndelivered(deployment: DeploymentFacts, context: CommandContext): Promise<void> {
    if (!deployment.sleId) return;
    for (const academicYear of Object.keys(deployment.commissionedByYear)) {
      const stream = sleCapacityStream(deployment.sleId, academicYear);
      const delivered = deliveredInYear(deployment, academicYear);
      await this.runner.run(
        stream,
        sleCapacityDecider,
        { type: 'ReleaseUndelivered', deploymentId: deployment.deploymentId, delivered },
        context,
      );
    }
  }

  /**
   * Confirms or releases a reservation left unsettled (a process stopped between reserving and recording): confirmed
   * when its deployment recorded a step with its id, released otherwise. Only for reservations old enough that
   * their step, if it is ever to be recorded, has been.
   */
  async settle(reservation: ReservationView, events: EventStore): Promise<'confirmed' | 'released'> {
    const recorded = (await events.readStream(deploymentStream(reservation.deploymentId))).some(
      (e) => (e.data as { capacityReservationId?: string }).capacityReservationId === reservation.reservationId,
    );
    const stream = sleCapacityStream(reservation.sleId, reservation.academicYear);
    const { reservationId } = reservation;
    await this.runner.run(
      stream,
      sleCapacityDecider,
      recorded ? { type: 'ConfirmReservation', reservationId } : { type: 'ReleaseReservation', reservationId },
    );
    return recorded ? 'confirmed' : 'released';
  }

  /** What the views say is commissioned in the year, by deployment: what a cancelled one delivered, else its days. */
  commissioned(sleId: string, academicYear: AcademicYear): CommissionedDays {
    const days: CommissionedDays = [];
    for (const d of this.views.deploymentsOfSle(sleId)) {
      const inYear =
        d.status === 'cancelled' ? deliveredInYear(d, academicYear) : (d.commissionedByYear[academicYear] ?? 0);
      if (inYear) days.push({ deploymentId: d.deploymentId, days: inYear });
    }
    return days;
  }

  /** The SLE's cancelled deployments and what each delivered in the year. */
  private cancelled(sleId: string, academicYear: AcademicYear): { deploymentId: string; delivered: number }[] {
    return this.views
      .deploymentsOfSle(sleId)
      .filter((d) => d.status === 'cancelled' && d.commissionedByYear[academicYear])
      .map((d) => ({ deploymentId: d.deploymentId, delivered: deliveredInYear(d, academicYear) }));
  }

  /** A confirmation or release that fails is left to `settle`: the step's own answer stands. */
  private async settleQuietly(
    stream: string,
    command: { type: 'ConfirmReservation' | 'ReleaseReservation'; reservationId: string },
    context: CommandContext,
  ): Promise<void> {
    try {
      await this.runner.run(stream, sleCapacityDecider, command, { actorUserId: context.actorUserId });
    } catch (error) {
      this.logger.warn({ msg: 'Reservation left for the scan to settle', stream, error: (error as Error).message });
    }
  }
}

/** How long an unsettled reservation waits before the scan settles it: far longer than any step takes to record. */
export const SETTLE_AFTER_MS = 2 * 60_000;

export const isDueForSettling = (reservation: ReservationView, now: Date) =>
  now.getTime() - Date.parse(reservation.reservedAt) > SETTLE_AFTER_MS;
