import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store.js';
import { viewRunner } from '../src/read-models/read-models.js';
import { SqliteReadModelStore } from '../src/read-models/sqlite-read-model-store.js';
import { collectGarbage, timed } from './harness.js';
import { ALLIANCE_SIZES, generateAlliance, type AllianceSize, type SyntheticAlliance } from './synthetic-alliance.js';

/**
 * A DATA_DIR holding a synthetic alliance in the embedded event store, and its views built, the way a
 * server finds it on a restart. Built once per size per run and shared by the suites that need it (the
 * files the server opens: events.db, read-models.db).
 */
export interface Dataset {
  size: AllianceSize;
  dataDir: string;
  events: number;
  streams: number;
  /** Deployment ids by status, for commands and reads that need a deployment in a given state. */
  deploymentsByStatus: Record<string, string[]>;
  schoolUrns: string[];
  /** Local authorities, the one with most schools first. */
  localAuthorities: string[];
  /** Deployments under way (deployed) at schools of the local authority with most schools. */
  deployedInLargestLocalAuthority: string[];
  openRequests: string[];
  setup: { generateMs: number; seedMs: number; buildViewsMs: number; eventsDbBytes: number; readModelsDbBytes: number };
}

const built = new Map<AllianceSize, Dataset>();
const dirs: string[] = [];

/** Appends in flight at once while seeding: enough for the store to commit many together. */
const SEED_WINDOW = 256;

export async function dataset(size: AllianceSize, log: (message: string) => void): Promise<Dataset> {
  const existing = built.get(size);
  if (existing) return existing;
  const shape = ALLIANCE_SIZES[size];
  log(`dataset ${size}: generating (seed ${shape.seed})`);
  const generated = await timed(() => generateAlliance(shape));
  const alliance = generated.result;
  const dataDir = mkdtempSync(join(tmpdir(), `sle-bench-${size}-`));
  dirs.push(dataDir);
  log(
    `dataset ${size}: ${alliance.events.length} events in ${alliance.streams.length} streams; appending to ${dataDir}`,
  );
  const seeded = await timed(() => seed(join(dataDir, 'events.db'), alliance));
  const facts = factsOf(alliance);
  collectGarbage();
  log(`dataset ${size}: building the views`);
  const views = await timed(() => buildViews(dataDir));
  const result: Dataset = {
    size,
    dataDir,
    events: alliance.events.length,
    streams: alliance.streams.length,
    ...facts,
    setup: {
      generateMs: Math.round(generated.ms),
      seedMs: Math.round(seeded.ms),
      buildViewsMs: Math.round(views.ms),
      eventsDbBytes: statSync(join(dataDir, 'events.db')).size,
      readModelsDbBytes: statSync(join(dataDir, 'read-models.db')).size,
    },
  };
  built.set(size, result);
  log(`dataset ${size}: ready (${JSON.stringify(result.setup)})`);
  return result;
}

/** Removes every data directory this run made. */
export function removeDatasets(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  built.clear();
}

/** Every stream appended through the store's own port, a window of appends in flight at once. */
async function seed(file: string, alliance: SyntheticAlliance): Promise<void> {
  const store = new SqliteEventStore(file);
  try {
    let next = 0;
    const writer = async () => {
      while (next < alliance.streams.length) {
        const { streamId, events } = alliance.streams[next++];
        await store.append(streamId, events, { expectedRevision: 'no-stream' });
      }
    };
    await Promise.all(Array.from({ length: SEED_WINDOW }, writer));
  } finally {
    await store.close();
  }
}

/** What `npm run projections:rebuild` does: every view folded from the first event and stored. */
export async function buildViews(dataDir: string): Promise<bigint> {
  const events = new SqliteEventStore(join(dataDir, 'events.db'));
  const store = new SqliteReadModelStore(join(dataDir, 'read-models.db'));
  try {
    const runner = viewRunner(events, store);
    await runner.rebuild();
    return runner.position;
  } finally {
    await store.close();
    await events.close();
  }
}

/** Ids the suites pick their commands and reads from, taken from the events rather than a second fold. */
function factsOf(
  alliance: SyntheticAlliance,
): Pick<
  Dataset,
  'deploymentsByStatus' | 'schoolUrns' | 'localAuthorities' | 'deployedInLargestLocalAuthority' | 'openRequests'
> {
  const status = new Map<string, string>();
  const schoolUrns: string[] = [];
  const schoolsIn = new Map<string, number>();
  const authorityOf = new Map<string, string>();
  const schoolOf = new Map<string, string>();
  for (const event of alliance.events) {
    switch (event.type) {
      case 'SchoolRegistered':
        schoolUrns.push(event.data.urn);
        schoolsIn.set(event.data.localAuthority, (schoolsIn.get(event.data.localAuthority) ?? 0) + 1);
        authorityOf.set(event.data.urn, event.data.localAuthority);
        break;
      case 'SupportRequested':
        status.set(event.data.deploymentId, 'requested');
        schoolOf.set(event.data.deploymentId, event.data.schoolUrn);
        break;
      case 'BrokerageMeetingHeld':
        status.set(event.data.deploymentId, 'brokered');
        break;
      case 'SleDeployed':
        status.set(event.data.deploymentId, 'deployed');
        break;
      case 'ImpactEvaluated':
        status.set(event.data.deploymentId, 'evaluated');
        break;
      case 'DeploymentCancelled':
        status.set(event.data.deploymentId, 'cancelled');
        break;
    }
  }
  const deploymentsByStatus: Record<string, string[]> = {};
  for (const [id, s] of status) (deploymentsByStatus[s] ??= []).push(id);
  const localAuthorities = [...schoolsIn.entries()].sort(([, a], [, b]) => b - a).map(([name]) => name);
  const deployedInLargestLocalAuthority = (deploymentsByStatus.deployed ?? []).filter(
    (id) => authorityOf.get(schoolOf.get(id)!) === localAuthorities[0],
  );
  return {
    deploymentsByStatus,
    schoolUrns,
    localAuthorities,
    deployedInLargestLocalAuthority,
    openRequests: alliance.openRequests,
  };
}
