import { EVENT_SCHEMA_VERSIONS, isEventType, type AllianceEvent, type EventType } from './catalog.js';
import { SLE_PROGRAMME } from './programme.events.js';

/** Turns the payload of version N into the payload of version N + 1. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * Upcasters by event type and the version they read. Every version below the current one must have an
 * entry here. Example, for a future v2 of ContactLogged that adds `durationMinutes`:
 *   ContactLogged: { 1: (d) => ({ ...d, durationMinutes: null }) }
 */
export const UPCASTERS: Partial<Record<EventType, Record<number, Upcaster>>> = {
  // v2 names the person; accounts registered before had no name.
  UserRegistered: { 1: (d) => ({ ...d, name: null }) },
  // v2 holds three generations of judgement; v1 held only overall-effectiveness grades, kept as they were.
  OfstedJudgementRecorded: { 1: (d) => ({ ...d, framework: 'overall-effectiveness' }) },
  // v2 says which programme: everything before programmes was the SLE programme's.
  SupportRequested: { 1: (d) => ({ ...d, programme: SLE_PROGRAMME }) },
  SleDesignated: { 1: (d) => ({ ...d, programmes: [SLE_PROGRAMME] }) },
};

export class UnknownEventError extends Error {}

/** Brings a stored payload of any known version up to the current contract. */
export function upcast(
  type: string,
  schemaVersion: number,
  data: Record<string, unknown>,
  upcasters: Partial<Record<EventType, Record<number, Upcaster>>> = UPCASTERS,
): AllianceEvent {
  if (!isEventType(type)) throw new UnknownEventError(`Unknown event type ${type}`);
  const current = EVENT_SCHEMA_VERSIONS[type];
  if (schemaVersion > current) {
    throw new UnknownEventError(`${type} v${schemaVersion} is newer than this code knows (v${current})`);
  }
  let payload = data;
  for (let version = schemaVersion; version < current; version++) {
    const step = upcasters[type]?.[version];
    if (!step) throw new UnknownEventError(`No upcaster for ${type} v${version} -> v${version + 1}`);
    payload = step(payload);
  }
  return { type, data: payload } as AllianceEvent;
}
