/**
 * Child process of projection-crash.spec.ts: replays the event store into the views (or resumes from the
 * stored checkpoints), printing `started` and `done`. Usage: node replay-views.js <events.db> <views.db>; the
 * events are read through the sealing layer, with the keys in `keys.db` beside the events.
 */
import { writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SealingEventStore } from '../../src/event-store/sealing-event-store.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { SqliteKeyStore } from '../../src/event-store/sqlite-key-store.js';
import { ProjectionRunner } from '../../src/read-models/projection-runner.js';
import { SqliteReadModelStore } from '../../src/read-models/sqlite-read-model-store.js';
import { storedViewProjections } from '../../src/read-models/view-storage.js';

const [eventsFile, viewsFile] = process.argv.slice(2);
const events = new SealingEventStore(
  new SqliteEventStore(eventsFile),
  new SqliteKeyStore(join(dirname(eventsFile), 'keys.db')),
);
const views = new SqliteReadModelStore(viewsFile);
// Storing after every page (not at most every second): what is tested is that a kill never tears a commit.
const runner = new ProjectionRunner(events, views, storedViewProjections(), { storeEveryMs: 0 });
await runner.start();
writeSync(1, 'started\n');
await runner.catchUp();
writeSync(1, 'done\n');
await views.close();
await events.close();
