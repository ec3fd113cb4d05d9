import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERASED, type AllianceEvent } from '../../events/index.js';
import type { SleView } from '../../projections/sle-view.js';
import { ev } from '../../test/support/event-builders.js';
import { SealingEventStore } from '../event-store/sealing-event-store.js';
import { SqliteEventStore } from '../event-store/sqlite-event-store.js';
import { SqliteKeyStore } from '../event-store/sqlite-key-store.js';
import { foldAgainOnErasure } from './erasures.js';
import { viewRunner } from './read-models.js';
import { SqliteReadModelStore } from './sqlite-read-model-store.js';

const designated = (sleId: string, name: string): AllianceEvent =>
  ev.sleDesignated(sleId, '100001', { name, email: `${sleId}@school.example`, capacityDays: 10 });

describe('views folded again on an erasure', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sle-erasures-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("folds again only the documents that held the erased subject's data, and stores them", async () => {
    const events = new SealingEventStore(
      new SqliteEventStore(join(dir, 'events.db')),
      new SqliteKeyStore(join(dir, 'keys.db')),
    );
    const store = new SqliteReadModelStore(join(dir, 'views.db'));
    const runner = viewRunner(events, store);
    const refolded: Map<string, Set<string>>[] = [];
    const applied = foldAgainOnErasure(runner, (keys) => refolded.push(keys));
    await runner.start();
    await events.append('sle-s1', [designated('s1', 'Jane Smith')], { expectedRevision: 'no-stream' });
    await events.append('sle-s2', [designated('s2', 'Sam Other')], { expectedRevision: 'no-stream' });
    await runner.catchUp();
    const sles = () => runner.docs<SleView>('sles');
    expect(sles().get('s1')?.name).toBe('Jane Smith');

    await events.append(
      'data-subject-sle-s1',
      [
        {
          type: 'DataSubjectErased',
          data: {
            of: { kind: 'sle', id: 's1' },
            subjects: ['sle:s1'],
            ground: 'request',
            reason: 'asked',
            forced: false,
            erasedOn: '2026-01-05',
          },
        },
      ],
      { expectedRevision: 'no-stream' },
    );
    await runner.catchUp();
    await applied();
    expect(sles().get('s1')).toMatchObject({ name: ERASED, email: ERASED, capacityDays: 10 });
    expect(sles().get('s2')?.name).toBe('Sam Other');
    expect(refolded).toEqual([expect.any(Map)]);
    expect(refolded[0].get('sles')).toEqual(new Set(['s1']));
    expect(refolded[0].get('deployments')).toEqual(new Set());

    // What a restart loads from the store is the folded-again view.
    await runner.close();
    const restarted = viewRunner(events, store);
    await restarted.start();
    expect(restarted.docs<SleView>('sles').get('s1')?.name).toBe(ERASED);
    await store.close();
    await events.close();
  });
});
