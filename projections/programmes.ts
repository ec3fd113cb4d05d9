import { SLE_PROGRAMME, type ProgrammeEvent, type RecordedEvent } from '../events/index.js';

/** A programme as the alliance defined it (see `ProgrammeDefined`). */
export type ProgrammeView = ProgrammeEvent['data'];

/** A programme as the rules and pages use it. */
export type Programme = Omit<ProgrammeView, 'definedOn'>;

/** Days an SLE gives in a year while the alliance has not said otherwise for the SLE programme. */
export const SLE_YEARLY_DAYS = 20;

export const programmeKeyOf = (event: RecordedEvent): string | undefined =>
  event.type === 'ProgrammeDefined' ? event.data.programmeId : undefined;

export const applyToProgrammeView = (
  _view: ProgrammeView | undefined,
  event: RecordedEvent<ProgrammeEvent>,
): ProgrammeView => event.data;

/**
 * Every programme, the SLE programme first: as the alliance defined it, or (until it does) with the configured
 * specialisms, so that the data from before programmes stays valid as the SLE programme's.
 */
export function programmesOf(
  defined: ReadonlyMap<string, ProgrammeView>,
  slesSpecialisms: readonly string[],
): Programme[] {
  const sle = defined.get(SLE_PROGRAMME);
  const builtIn: Programme = {
    programmeId: SLE_PROGRAMME,
    singular: 'SLE',
    plural: 'SLEs',
    specialisms: [...slesSpecialisms],
    yearlyDays: SLE_YEARLY_DAYS,
  };
  const others = [...defined.values()]
    .filter((p) => p.programmeId !== SLE_PROGRAMME)
    .sort((a, b) => a.singular.localeCompare(b.singular));
  return [sle ?? builtIn, ...others].map(({ programmeId, singular, plural, specialisms, yearlyDays }) => ({
    programmeId,
    singular,
    plural,
    specialisms,
    yearlyDays,
  }));
}

/** The specialisms a specialist in these programmes may hold: those of any of them. */
export function specialismsOfProgrammes(programmes: readonly Programme[], ids: readonly string[]): Set<string> {
  const held = new Set<string>();
  for (const p of programmes) if (ids.includes(p.programmeId)) for (const s of p.specialisms) held.add(s);
  return held;
}
