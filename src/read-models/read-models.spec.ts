import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { foldViews } from '../../projections/alliance-views.js';
import { factsOf, type DeploymentFacts } from '../../projections/deployment-facts.js';

import { appendHistory, syntheticHistory } from '../../test/support/synthetic-history.js';
import { loadConfig } from '../config/app-config.js';
import { SqliteEventStore } from '../event-store/sqlite-event-store.js';
import { byCodeUnits } from '../shared/order.js';
import { encodeFactsSnapshot } from './deployment-facts-snapshot.js';
import { viewRunner, ReadModels } from './read-models.js';
import { SqliteReadModelStore } from './sqlite-read-model-store.js';

const dirs: string[] = [];
beforeAll(() => Logger.overrideLogger(false));
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Everything the deployment index answers, by deployment id. */
function answers(views: ReadModels) {
  const index = views.deploymentIndex;
  const ids = (list: readonly { deploymentId: string }[]) => list.map((d) => d.deploymentId);
  const facts: DeploymentFacts[] = [];
  index.forEachDeployment((f) => facts.push(f));
  return {
    facts,
    bySchool: [...views.schools.keys()].map((urn) => ids(index.deploymentsOfSchool(urn))),
    bySle: [...views.sles.keys()].map((sleId) => ids(index.deploymentsOfSle(sleId))),
    touching: ids(index.deploymentsTouching('2025-10-01', '2025-12-31')),
    typicalDays: index.typicalDays('maths-primary'),
    waiting: ids(index.requestsWaiting()),
    underWay: ids(index.deploymentsUnderWay()).sort(),
  };
}

describe('ReadModels starting from the snapshot a clean stop saved', () => {
  it('indexes the same deployments from the snapshot as from the stored facts, and reads the stored facts after a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sle-read-models-'));
    dirs.push(dir);
    const events = new SqliteEventStore(join(dir, 'events.db'));
    const config = loadConfig({ DATA_DIR: dir });
    const started = async () => {
      const views = new ReadModels(events, config);
      await views.onModuleInit();
      return views;
    };
    try {
      await appendHistory(events, syntheticHistory({ schools: 12, sles: 5, deployments: 150, seed: 21 }));
      const first = await started();
      expect(first.indexedFrom).toBe('stored facts'); // nothing stored yet
      await first.onApplicationShutdown();

      // A process that stored more and died before a clean stop: its rows are past the snapshot.
      await events.append(
        'deployment-d1',
        [
          {
            type: 'ContactLogged',
            data: { deploymentId: 'd1', on: '2025-11-30', channel: 'email', daysUsed: 1, status: 'at-risk', note: 'n' },
          },
        ],
        {
          expectedRevision: 'any',
        },
      );
      await events.append(
        'deployment-d-new',
        [
          {
            type: 'SupportRequested',
            data: {
              deploymentId: 'd-new',
              schoolUrn: '100001',
              programme: 'sle',
              specialism: 'maths-primary',
              areaOfNeed: 'Fractions',
              requestedOn: '2025-11-30',
              source: 'self-referral',
            },
          },
        ],
        { expectedRevision: 'no-stream' },
      );
      const crashed = viewRunner(events, new SqliteReadModelStore(join(dir, 'read-models.db')));
      await crashed.start();
      await crashed.catchUp();
      await crashed.close();

      const afterCrash = await started();
      expect(afterCrash.indexedFrom).toBe('stored facts');
      const fromRows = answers(afterCrash);
      await afterCrash.onApplicationShutdown();

      const afterCleanStop = await started();
      expect(afterCleanStop.indexedFrom).toBe('snapshot');
      const fromSnapshot = answers(afterCleanStop);
      expect(fromSnapshot).toEqual(fromRows);
      const folded = [...foldViews(await events.readAll()).deployments.values()].map(factsOf);
      const byId = (a: DeploymentFacts, b: DeploymentFacts) => byCodeUnits(a.deploymentId, b.deploymentId);
      expect([...fromSnapshot.facts].sort(byId)).toEqual(folded.sort(byId));
      expect(fromSnapshot.waiting).toContain('d-new');
      await afterCleanStop.onApplicationShutdown();

      // A block at the right checkpoint that is unreadable, or of other deployments, is passed over for the rows.
      for (const block of [Uint8Array.of(1, 2, 3), encodeFactsSnapshot(fromSnapshot.facts.slice(1))]) {
        const store = new SqliteReadModelStore(join(dir, 'read-models.db'));
        const checkpoint = (await store.checkpoint('deployments'))!;
        await store.saveSnapshot('deployments', checkpoint, () => block);
        await store.close();
        const passedOver = await started();
        expect(passedOver.indexedFrom).toBe('stored facts');
        expect(answers(passedOver)).toEqual(fromRows);
        await passedOver.onApplicationShutdown();
      }
    } finally {
      await events.close();
    }
  });

  it('stops cleanly when the snapshot cannot be saved, and the next start reads the stored facts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sle-read-models-'));
    dirs.push(dir);
    const events = new SqliteEventStore(join(dir, 'events.db'));
    const config = loadConfig({ DATA_DIR: dir });
    const failing = jest
      .spyOn(SqliteReadModelStore.prototype, 'saveSnapshot')
      .mockRejectedValue(new Error('disk full'));
    const close = jest.spyOn(SqliteReadModelStore.prototype, 'close');
    try {
      await appendHistory(events, syntheticHistory({ schools: 4, sles: 2, deployments: 30, seed: 8 }));
      const first = new ReadModels(events, config);
      await first.onModuleInit();
      await expect(first.onApplicationShutdown()).resolves.toBeUndefined();
      expect(failing).toHaveBeenCalled();
      expect(close).toHaveBeenCalled();
      failing.mockRestore();
      const next = new ReadModels(events, config);
      await next.onModuleInit();
      expect(next.indexedFrom).toBe('stored facts');
      let count = 0;
      next.deploymentIndex.forEachDeployment(() => count++);
      expect(count).toBe(30);
      await next.onApplicationShutdown();
    } finally {
      failing.mockRestore();
      close.mockRestore();
      await events.close();
    }
  });
});

describe('ReadModels order of school names for the deployments list', () => {
  it('keeps the order until a school is registered or has its first deployment, then sorts again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sle-read-models-'));
    dirs.push(dir);
    const events = new SqliteEventStore(join(dir, 'events.db'));
    try {
      await appendHistory(events, syntheticHistory({ schools: 12, sles: 3, deployments: 40, seed: 5 }));
      const views = new ReadModels(events, loadConfig({ DATA_DIR: dir }));
      await views.onModuleInit();
      const first = views.schoolUrnsByName();
      const keys = first.flat().map((urn) => views.schoolSortKey(urn));
      expect(keys).toEqual([...keys].sort(byCodeUnits));
      expect(views.schoolUrnsByName()).toBe(first);

      // A deployment at a school not yet registered sorts first (no name); registered as "Zebra Academy", last.
      await events.append(
        'deployment-d-new',
        [
          {
            type: 'SupportRequested',
            data: {
              deploymentId: 'd-new',
              schoolUrn: '200000',
              programme: 'sle',
              specialism: 'maths-primary',
              areaOfNeed: 'Fractions',
              source: 'self-referral',
              requestedOn: '2026-01-05',
            },
          },
        ],
        { expectedRevision: 'no-stream' },
      );
      await views.catchUp();
      expect(views.schoolUrnsByName()[0]).toEqual(['200000']);
      await events.append(
        'school-200000',
        [
          {
            type: 'SchoolRegistered',
            data: { urn: '200000', name: 'Zebra Academy', phase: 'primary', localAuthority: 'Bucks' },
          },
        ],
        { expectedRevision: 'no-stream' },
      );
      await views.catchUp();
      expect(views.schoolUrnsByName().at(-1)).toEqual(['200000']);
      await views.onApplicationShutdown();
    } finally {
      await events.close();
    }
  });
});
