import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploymentStream, sleCapacityStream, type RecordedEvent } from '../../events/index.js';
import type { DeploymentFacts } from '../../projections/deployment-facts.js';
import { applyToReservationView, type ReservationView } from '../../projections/reservation-view.js';
import type { SleView } from '../../projections/sle-view.js';
import { AggregateRunner } from '../commands/aggregate-runner.js';
import { SqliteEventStore } from '../event-store/sqlite-event-store.js';
import { ConflictError } from '../shared/domain-errors.js';
import { sleCapacityDecider } from './sle-capacity.decider.js';
import { isDueForSettling, SETTLE_AFTER_MS, SleCapacityLedger, type CapacityViews } from './sle-capacity-ledger.js';

const sle: SleView = {
  sleId: 'sle-1',
  name: 'Sam Patel',
  email: 'sam@example.org',
  homeSchoolUrn: '100002',
  programmes: ['sle'],
  specialisms: ['maths-primary'],
  phases: ['primary'],
  capacityDays: 10,
  designatedOn: '2024-09-01',
  designationEndedOn: null,
};

const facts = (deploymentId: string, extra: Partial<DeploymentFacts>): DeploymentFacts => ({
  deploymentId,
  schoolUrn: '100001',
  sleId: 'sle-1',
  status: 'deployed',
  programme: 'sle',
  specialism: 'maths-primary',
  requestedOn: '2025-09-01',
  brokerageMeeting: { heldOn: '2025-09-08', endDate: '2026-03-27' },
  startedOn: '2025-09-15',
  endDate: '2026-03-27',
  daysCommissioned: 4,
  daysDelivered: 0,
  contacts: [],
  extensions: [],
  evaluation: null,
  cancellation: null,
  commissionedByYear: { '2025-26': 4 },
  version: 2,
  ...extra,
});

describe('SleCapacityLedger on the embedded store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let runner: AggregateRunner;
  let deployments: DeploymentFacts[];
  let views: CapacityViews;
  const stream = sleCapacityStream('sle-1', '2025-26');
  const ledgerEvents = async () => (await store.readStream(stream)).map((e) => e.type);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sle-capacity-'));
    store = new SqliteEventStore(join(dir, 'events.db'));
    runner = new AggregateRunner(store);
    deployments = [facts('dep-old', {})];
    views = { sles: new Map([['sle-1', sle]]), deploymentsOfSle: () => deployments };
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const commission = (deploymentId: string, days: number) => ({
    sleId: 'sle-1',
    academicYear: '2025-26',
    deploymentId,
    days,
  });

  it('opens the ledger from the views, reserves, records the step with the reservation, and confirms it', async () => {
    const ledger = new SleCapacityLedger(runner, views);
    const recorded = await ledger.commission(commission('dep-new', 6), {}, async (reserve) => reserve());
    expect(await ledgerEvents()).toEqual(['SleCapacityLedgerOpened', 'SleDaysReserved', 'SleDaysReservationConfirmed']);
    const [opened, reserved] = await store.readStream(stream);
    expect(opened.data).toMatchObject({ commissioned: [{ deploymentId: 'dep-old', days: 4 }] });
    expect(reserved.data).toMatchObject({
      reservationId: recorded,
      deploymentId: 'dep-new',
      days: 6,
      capacityDays: 10,
    });
  });

  it('refuses days beyond the capacity as the ledger counts them, whatever the views say', async () => {
    const ledger = new SleCapacityLedger(runner, views);
    await ledger.commission(commission('dep-a', 6), {}, async (reserve) => reserve());
    // Another process's views may not show dep-a yet: the ledger still counts its days.
    await expect(ledger.commission(commission('dep-b', 1), {}, async (reserve) => reserve())).rejects.toThrow(
      /10 days of capacity in 2025-26 and 10 already commissioned; 1 more would exceed it/,
    );
  });

  it('releases the reservation when the step is refused after reserving, and reserves nothing when it is refused before', async () => {
    const ledger = new SleCapacityLedger(runner, views);
    await expect(
      ledger.commission(commission('dep-new', 3), {}, async (reserve) => {
        await reserve();
        throw new ConflictError('the deployment moved on meanwhile');
      }),
    ).rejects.toThrow(ConflictError);
    expect(await ledgerEvents()).toEqual(['SleCapacityLedgerOpened', 'SleDaysReserved', 'SleDaysReleased']);
    await expect(
      ledger.commission(commission('dep-other', 3), {}, async () => {
        throw new ConflictError('refused for its own fields');
      }),
    ).rejects.toThrow(ConflictError);
    expect((await store.readStream(stream)).length).toBe(3);
  });

  it('settles a reservation a stopped process left: confirmed when its step was recorded, released when not', async () => {
    const ledger = new SleCapacityLedger(runner, views);
    // What a process stopped between reserving and recording leaves behind: reservations, and one step recorded.
    await runner.run(stream, sleCapacityDecider, {
      type: 'ReserveDays',
      sleId: 'sle-1',
      academicYear: '2025-26',
      reservationId: 'res-recorded',
      deploymentId: 'dep-x',
      days: 2,
      capacityDays: 10,
      opening: [],
    });
    await runner.run(stream, sleCapacityDecider, {
      type: 'ReserveDays',
      sleId: 'sle-1',
      academicYear: '2025-26',
      reservationId: 'res-lost',
      deploymentId: 'dep-y',
      days: 3,
      capacityDays: 10,
    });
    await store.append(
      deploymentStream('dep-x'),
      [
        {
          type: 'DeploymentExtended',
          data: {
            deploymentId: 'dep-x',
            on: '2025-10-01',
            additionalDays: 2,
            newEndDate: '2026-03-27',
            focus: 'More',
            capacityReservationId: 'res-recorded',
          },
        },
      ],
      { expectedRevision: 'no-stream' },
    );
    const pending = new Map<string, ReservationView>();
    for (const event of await store.readStream(stream)) {
      const view = applyToReservationView(undefined, event as RecordedEvent<never>);
      if (view) pending.set(view.reservationId, view);
    }
    expect(await ledger.settle(pending.get('res-recorded')!, store)).toBe('confirmed');
    expect(await ledger.settle(pending.get('res-lost')!, store)).toBe('released');
    const settled = (await store.readStream(stream)).slice(-2);
    expect(settled.map((e) => [e.type, (e.data as { reservationId?: string }).reservationId])).toEqual([
      ['SleDaysReservationConfirmed', 'res-recorded'],
      ['SleDaysReleased', 'res-lost'],
    ]);
    // Settling again changes nothing.
    expect(await ledger.settle(pending.get('res-lost')!, store)).toBe('released');
    expect((await store.readStream(stream)).length).toBe(5);
  });

  it('gives back after a cancellation what the deployment did not deliver in each year', async () => {
    const ledger = new SleCapacityLedger(runner, views);
    await ledger.commission(commission('dep-new', 2), {}, async (reserve) => reserve());
    await ledger.releaseUndelivered(
      facts('dep-old', {
        status: 'cancelled',
        contacts: [{ on: '2025-10-01', daysUsed: 1, status: 'on-track' }],
      }),
      {},
    );
    const last = (await store.readStream(stream)).at(-1);
    expect(last?.data).toMatchObject({ deploymentId: 'dep-old', days: 3, reason: 'deployment-cancelled' });
  });

  it('waits long enough before settling a reservation that a step under way is never raced', () => {
    const reservation = { reservedAt: '2026-01-01T10:00:00.000Z' } as ReservationView;
    expect(isDueForSettling(reservation, new Date(Date.parse(reservation.reservedAt) + SETTLE_AFTER_MS - 1))).toBe(
      false,
    );
    expect(isDueForSettling(reservation, new Date(Date.parse(reservation.reservedAt) + SETTLE_AFTER_MS + 1))).toBe(
      true,
    );
  });
});
