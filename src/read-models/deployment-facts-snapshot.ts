import type { OutcomeResult, ProgressStatus } from '../../events/index.js';
import type { DeploymentFacts } from '../../projections/deployment-facts.js';
import { getOrCreate } from '../shared/get-or-create.js';
import { byCodeUnits } from '../shared/order.js';
import { byYearOf, NO_ITEMS, OUTCOME } from './deployment-facts-storage.js';

/**
 * Every deployment's facts as one block: what a process reads at start instead of parsing each deployment's
 * stored facts one by one (`storedFacts`), which at a national network's size is much of the start.
 *
 * The block is a column of numbers per field, every string in one table and each part many deployments have
 * alike (a contact, a brokerage meeting, an evaluation, the days commissioned by year) in a table of its own,
 * so that reading it back makes one object per deployment and one per distinct part, and parses almost no
 * text. Read back, the facts share their parts exactly as `storedFactsReader` shares them, and are equal to them.
 */

/** Bumped whenever the layout changes: a block of another format is not read (the facts are read row by row instead). */
// 2: each deployment's programme.
const FORMAT = 2;
const MAGIC = 0x534c4546; // 'SLEF'
const NONE = -1;

type Contact = DeploymentFacts['contacts'][number];
type Extension = DeploymentFacts['extensions'][number];
type Meeting = NonNullable<DeploymentFacts['brokerageMeeting']>;
type Evaluation = NonNullable<DeploymentFacts['evaluation']>;

/** The tables, kept as JSON at the head of the block; every string is an index into `text`. */
interface Header {
  format: number;
  text: string[];
  deploymentIds: string[];
  /** `on`, `daysUsed`, `status` of each distinct contact. */
  contacts: number[][];
  /** `heldOn`, `endDate` of each distinct brokerage meeting. */
  meetings: number[][];
  /** Each distinct evaluation: `heldOn`, `schoolRating`, then each outcome's result. */
  evaluations: number[][];
  /** Each distinct `commissionedByYear`: year, days, for each year. */
  byYears: number[][];
  /** Each column's name and length, in the order they follow the header. */
  columns: [ColumnName, number][];
}

const INT_COLUMNS = [
  'schoolUrn',
  'sleId',
  'status',
  'specialism',
  'requestedOn',
  'meeting',
  'startedOn',
  'endDate',
  'evaluation',
  'cancelledOn',
  'byYear',
  'version',
  /** Where each deployment's contacts end in `contactRefs`, and its extensions in the extension columns. */
  'contactsEnd',
  'extensionsEnd',
  'contactRefs',
  'extensionOn',
  'extensionNewEnd',
  'programme',
] as const;
const FLOAT_COLUMNS = ['daysCommissioned', 'daysDelivered', 'extensionDays'] as const;
type IntColumn = (typeof INT_COLUMNS)[number];
type FloatColumn = (typeof FLOAT_COLUMNS)[number];
type ColumnName = IntColumn | FloatColumn;
const isFloat = (name: ColumnName): name is FloatColumn => (FLOAT_COLUMNS as readonly string[]).includes(name);

/** Index of each distinct string, in the order first seen. */
class Texts {
  readonly list: string[] = [];
  private readonly indexes = new Map<string, number>();
  indexOf(text: string | null | undefined): number {
    if (text == null) return NONE;
    return getOrCreate(this.indexes, text, () => this.list.push(text) - 1);
  }
}

/**
 * Each distinct part, as the numbers that stand for it, and its index. Looked up by identity first: the facts
 * read back at start share their parts already, and making the numbers and their key for each of a national
 * network's contacts would take much longer than the lookup.
 */
class Parts<T extends object> {
  readonly lists: number[][] = [];
  private readonly byIdentity = new Map<T, number>();
  private readonly byValue = new Map<string, number>();
  constructor(private readonly numbersOf: (part: T) => number[]) {}
  indexOf(part: T): number {
    let index = this.byIdentity.get(part);
    if (index !== undefined) return index;
    const numbers = this.numbersOf(part);
    index = getOrCreate(this.byValue, numbers.join(), () => this.lists.push(numbers) - 1);
    this.byIdentity.set(part, index);
    return index;
  }
}

/**
 * The facts as one block, in deployment id order: the order the stored facts are read in, so that an index
 * built from either is the same one.
 */
export function encodeFactsSnapshot(given: readonly DeploymentFacts[]): Uint8Array {
  const facts = [...given].sort((a, b) => byCodeUnits(a.deploymentId, b.deploymentId));
  const texts = new Texts();
  const str = (t: string | null | undefined) => texts.indexOf(t);
  const contacts = new Parts<Contact>((c) => [str(c.on), c.daysUsed, str(c.status)]);
  const meetings = new Parts<Meeting>((m) => [str(m.heldOn), str(m.endDate)]);
  const evaluations = new Parts<Evaluation>((e) => [
    str(e.heldOn),
    e.schoolRating,
    ...e.outcomes.map((o) => str(o.result)),
  ]);
  const byYears = new Parts<DeploymentFacts['commissionedByYear']>((days) =>
    Object.entries(days).flatMap(([year, d]) => [str(year), d]),
  );
  const int = Object.fromEntries(INT_COLUMNS.map((c) => [c, [] as number[]])) as Record<IntColumn, number[]>;
  const float = Object.fromEntries(FLOAT_COLUMNS.map((c) => [c, [] as number[]])) as Record<FloatColumn, number[]>;

  for (const f of facts) {
    int.schoolUrn.push(str(f.schoolUrn));
    int.sleId.push(str(f.sleId));
    int.status.push(str(f.status));
    int.specialism.push(str(f.specialism));
    int.programme.push(str(f.programme));
    int.requestedOn.push(str(f.requestedOn));
    int.meeting.push(f.brokerageMeeting ? meetings.indexOf(f.brokerageMeeting) : NONE);
    int.startedOn.push(str(f.startedOn));
    int.endDate.push(str(f.endDate));
    float.daysCommissioned.push(f.daysCommissioned);
    float.daysDelivered.push(f.daysDelivered);
    for (const c of f.contacts) int.contactRefs.push(contacts.indexOf(c));
    int.contactsEnd.push(int.contactRefs.length);
    for (const e of f.extensions) {
      int.extensionOn.push(str(e.on));
      float.extensionDays.push(e.additionalDays);
      int.extensionNewEnd.push(str(e.newEndDate));
    }
    int.extensionsEnd.push(int.extensionOn.length);
    int.evaluation.push(f.evaluation ? evaluations.indexOf(f.evaluation) : NONE);
    int.cancelledOn.push(str(f.cancellation?.on));
    int.byYear.push(byYears.indexOf(f.commissionedByYear));
    int.version.push(f.version);
  }

  const columns: Header['columns'] = [...INT_COLUMNS, ...FLOAT_COLUMNS].map((name) => [
    name,
    (isFloat(name) ? float[name] : int[name]).length,
  ]);
  const header: Header = {
    format: FORMAT,
    text: texts.list,
    deploymentIds: facts.map((f) => f.deploymentId),
    contacts: contacts.lists,
    meetings: meetings.lists,
    evaluations: evaluations.lists,
    byYears: byYears.lists,
    columns,
  };
  const head = new TextEncoder().encode(JSON.stringify(header));
  const { placed, end } = columnOffsets(columns, head.length);
  const block = new Uint8Array(end);
  const view = new DataView(block.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, head.length, true);
  block.set(head, 8);
  for (const { name, length, at } of placed) {
    if (isFloat(name)) new Float64Array(block.buffer, at, length).set(float[name]);
    else new Int32Array(block.buffer, at, length).set(int[name]);
  }
  return block;
}

/** Where each column starts after a header of `headLength` bytes (each aligned for its typed array), and where the block ends. */
function columnOffsets(
  columns: Header['columns'],
  headLength: number,
): { placed: { name: ColumnName; length: number; at: number }[]; end: number } {
  let at = align(8 + headLength);
  const placed = columns.map(([name, length]) => {
    const column = { name, length, at };
    at = align(at + length * (isFloat(name) ? 8 : 4));
    return column;
  });
  return { placed, end: at };
}

/**
 * The facts a block holds, in its order; undefined for a block this code cannot read (another format, cut
 * short, or not a block at all), whose facts are then read row by row.
 */
export function decodeFactsSnapshot(stored: Uint8Array): DeploymentFacts[] | undefined {
  try {
    return readBlock(stored);
  } catch {
    return undefined;
  }
}

function readBlock(stored: Uint8Array): DeploymentFacts[] | undefined {
  // Columns are read in place as typed arrays, which need their offsets aligned in the buffer.
  const block = stored.byteOffset % 8 === 0 ? stored : stored.slice();
  if (block.length < 8) return undefined;
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  if (view.getUint32(0, true) !== MAGIC) return undefined;
  const headLength = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(block.subarray(8, 8 + headLength))) as Header;
  if (header.format !== FORMAT) return undefined;
  const int = {} as Record<IntColumn, Int32Array>;
  const float = {} as Record<FloatColumn, Float64Array>;
  const { placed, end } = columnOffsets(header.columns, headLength);
  // The views below see the whole buffer the block lies in: a block cut short must be caught here.
  if (end !== block.byteLength) return undefined;
  for (const { name, length, at } of placed) {
    if (isFloat(name)) float[name] = new Float64Array(block.buffer, block.byteOffset + at, length);
    else int[name] = new Int32Array(block.buffer, block.byteOffset + at, length);
  }
  return readFacts(header, int, float);
}

function readFacts(
  header: Header,
  int: Record<IntColumn, Int32Array>,
  float: Record<FloatColumn, Float64Array>,
): DeploymentFacts[] {
  const { text } = header;
  const count = header.deploymentIds.length;
  const str = (i: number) => (i === NONE ? null : text[i]);
  // The parts many deployments share, made once each and frozen, as `storedFactsReader` makes them.
  const contacts = header.contacts.map(([on, daysUsed, status]): Contact =>
    Object.freeze({ on: text[on], daysUsed, status: text[status] as ProgressStatus }),
  );
  const meetings = header.meetings.map(([heldOn, endDate]): Meeting =>
    Object.freeze({ heldOn: text[heldOn], endDate: text[endDate] }),
  );
  const evaluations = header.evaluations.map(([heldOn, schoolRating, ...results]): Evaluation =>
    Object.freeze({
      heldOn: text[heldOn],
      outcomes: Object.freeze(results.map((r) => OUTCOME[text[r] as OutcomeResult])),
      schoolRating,
    }),
  );
  const byYears = header.byYears.map((list) => byYearOf(list.map((value, i) => (i % 2 ? value : text[value]))));
  const cancellations = new Map<number, { readonly on: string }>();
  const cancellation = (i: number) =>
    i === NONE ? null : getOrCreate(cancellations, i, () => Object.freeze({ on: text[i] }));

  const { contactsEnd, extensionsEnd, contactRefs, extensionOn, extensionNewEnd } = int;
  const { extensionDays } = float;
  const out = new Array<DeploymentFacts>(count);
  let contactAt = 0;
  let extensionAt = 0;
  for (let d = 0; d < count; d++) {
    const contactsTo = contactsEnd[d];
    let theirContacts: Contact[] | readonly never[] = NO_ITEMS;
    if (contactsTo > contactAt) {
      const list = new Array<Contact>(contactsTo - contactAt);
      for (let i = 0; contactAt < contactsTo; i++, contactAt++) list[i] = contacts[contactRefs[contactAt]];
      theirContacts = list;
    }
    const extensionsTo = extensionsEnd[d];
    let theirExtensions: Extension[] | readonly never[] = NO_ITEMS;
    if (extensionsTo > extensionAt) {
      const list = new Array<Extension>(extensionsTo - extensionAt);
      for (let i = 0; extensionAt < extensionsTo; i++, extensionAt++) {
        list[i] = {
          on: text[extensionOn[extensionAt]],
          additionalDays: extensionDays[extensionAt],
          newEndDate: text[extensionNewEnd[extensionAt]],
        };
      }
      theirExtensions = list;
    }
    const meeting = int.meeting[d];
    const evaluation = int.evaluation[d];
    out[d] = {
      deploymentId: header.deploymentIds[d],
      schoolUrn: text[int.schoolUrn[d]],
      sleId: str(int.sleId[d]),
      status: text[int.status[d]] as DeploymentFacts['status'],
      programme: text[int.programme[d]],
      specialism: text[int.specialism[d]],
      requestedOn: text[int.requestedOn[d]],
      brokerageMeeting: meeting === NONE ? null : meetings[meeting],
      startedOn: str(int.startedOn[d]),
      endDate: str(int.endDate[d]),
      daysCommissioned: float.daysCommissioned[d],
      daysDelivered: float.daysDelivered[d],
      contacts: theirContacts,
      extensions: theirExtensions,
      evaluation: evaluation === NONE ? null : evaluations[evaluation],
      cancellation: cancellation(int.cancelledOn[d]),
      commissionedByYear: byYears[int.byYear[d]],
      version: int.version[d],
    };
  }
  return out;
}

const align = (at: number) => (at + 7) & ~7;
