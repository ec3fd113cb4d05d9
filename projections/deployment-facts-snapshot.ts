import type { OutcomeResult, ProgressStatus } from '../events/index.js';
import { byCodeUnits } from '../src/shared/order.js';
import { NO_ITEMS, OUTCOME, type DeploymentFacts } from './deployment-facts.js';

/**
 * Every deployment's facts as one block: what a process reads at start instead of parsing each deployment's
 * stored facts one by one (`storedFacts`), which at a national network's size took a third of the start.
 *
 * The block is a column of numbers per field, every string in one table and each part many deployments have
 * alike (a contact, a brokerage meeting, an evaluation, the days commissioned by year) in a table of its own,
 * so that reading it back makes one object per deployment and one per distinct part, and parses almost no
 * text. Read back, the facts share their parts exactly as `storedFactsReader` shares them, and are equal to them.
 */

/** Bumped whenever the layout changes: a block of another format is not read (the facts are read row by row instead). */
const FORMAT = 1;
const MAGIC = 0x534c4546; // 'SLEF'
const NONE = -1;

type Contact = DeploymentFacts['contacts'][number];
type Extension = DeploymentFacts['extensions'][number];
type Meeting = NonNullable<DeploymentFacts['brokerageMeeting']>;
type Evaluation = NonNullable<DeploymentFacts['evaluation']>;

/** The tables, kept as JSON at the head of the block; every string is an index into `text`. */
interface Header {
  format: number;
  count: number;
  text: string[];
  deploymentIds: string[];
  /** `on`, `daysUsed`, `status` of each distinct contact. */
  contacts: number[];
  /** `heldOn`, `endDate` of each distinct brokerage meeting. */
  meetings: number[];
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
] as const;
const FLOAT_COLUMNS = ['daysCommissioned', 'daysDelivered', 'extensionDays'] as const;
type IntColumn = (typeof INT_COLUMNS)[number];
type FloatColumn = (typeof FLOAT_COLUMNS)[number];
type ColumnName = IntColumn | FloatColumn;
const isFloat = (name: ColumnName): name is FloatColumn => (FLOAT_COLUMNS as readonly string[]).includes(name);

/** Index of each distinct value, in the order first seen. */
class Table<K> {
  private readonly indexes = new Map<K, number>();
  constructor(private readonly added: (key: K) => void = () => undefined) {}
  get size(): number {
    return this.indexes.size;
  }
  indexOf(key: K): number {
    let index = this.indexes.get(key);
    if (index === undefined) {
      this.indexes.set(key, (index = this.indexes.size));
      this.added(key);
    }
    return index;
  }
}

/**
 * The facts as one block, in deployment id order: the order the stored facts are read in, so that an index
 * built from either is the same one.
 */
export function encodeFactsSnapshot(given: readonly DeploymentFacts[]): Uint8Array {
  const facts = [...given].sort((a, b) => byCodeUnits(a.deploymentId, b.deploymentId));
  const count = facts.length;
  const text: string[] = [];
  const texts = new Table<string>((t) => text.push(t));
  const str = (t: string | null | undefined) => (t == null ? NONE : texts.indexOf(t));
  const contacts: number[] = [];
  const contactTable = new Table<string>();
  const meetings: number[] = [];
  const meetingTable = new Table<string>();
  const evaluations: number[][] = [];
  const evaluationTable = new Table<string>();
  const byYears: number[][] = [];
  const byYearTable = new Table<string>();
  const int = Object.fromEntries(INT_COLUMNS.map((c) => [c, [] as number[]])) as Record<IntColumn, number[]>;
  const float = Object.fromEntries(FLOAT_COLUMNS.map((c) => [c, [] as number[]])) as Record<FloatColumn, number[]>;

  for (const f of facts) {
    int.schoolUrn.push(str(f.schoolUrn));
    int.sleId.push(str(f.sleId));
    int.status.push(str(f.status));
    int.specialism.push(str(f.specialism));
    int.requestedOn.push(str(f.requestedOn));
    int.meeting.push(f.brokerageMeeting ? partOf(meetingTable, meetings, [str(f.brokerageMeeting.heldOn), str(f.brokerageMeeting.endDate)]) : NONE);
    int.startedOn.push(str(f.startedOn));
    int.endDate.push(str(f.endDate));
    float.daysCommissioned.push(f.daysCommissioned);
    float.daysDelivered.push(f.daysDelivered);
    for (const c of f.contacts) int.contactRefs.push(partOf(contactTable, contacts, [str(c.on), c.daysUsed, str(c.status)]));
    int.contactsEnd.push(int.contactRefs.length);
    for (const e of f.extensions) {
      int.extensionOn.push(str(e.on));
      float.extensionDays.push(e.additionalDays);
      int.extensionNewEnd.push(str(e.newEndDate));
    }
    int.extensionsEnd.push(int.extensionOn.length);
    const ev = f.evaluation;
    int.evaluation.push(ev ? listPartOf(evaluationTable, evaluations, [str(ev.heldOn), ev.schoolRating, ...ev.outcomes.map((o) => str(o.result))]) : NONE);
    int.cancelledOn.push(str(f.cancellation?.on));
    int.byYear.push(listPartOf(byYearTable, byYears, Object.entries(f.commissionedByYear).flatMap(([year, days]) => [str(year), days])));
    int.version.push(f.version);
  }

  const columns: Header['columns'] = [...INT_COLUMNS, ...FLOAT_COLUMNS].map((name) => [name, (isFloat(name) ? float[name] : int[name]).length]);
  const header: Header = { format: FORMAT, count, text, deploymentIds: facts.map((f) => f.deploymentId), contacts, meetings, evaluations, byYears, columns };
  const head = new TextEncoder().encode(JSON.stringify(header));
  const bodyAt = align(8 + head.length);
  const size = columns.reduce((at, [name, length]) => align(at + length * (isFloat(name) ? 8 : 4)), bodyAt);
  const block = new Uint8Array(size);
  const view = new DataView(block.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, head.length, true);
  block.set(head, 8);
  let at = bodyAt;
  for (const [name] of columns) {
    const values = isFloat(name) ? float[name] : int[name];
    if (isFloat(name)) new Float64Array(block.buffer, at, values.length).set(values);
    else new Int32Array(block.buffer, at, values.length).set(values);
    at = align(at + values.length * (isFloat(name) ? 8 : 4));
  }
  return block;
}

/**
 * The facts a block holds, in its order; undefined for a block this code cannot read (another format, or not
 * a block at all), whose facts are then read row by row.
 */
export function decodeFactsSnapshot(stored: Uint8Array): DeploymentFacts[] | undefined {
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
  let at = align(8 + headLength);
  for (const [name, length] of header.columns) {
    if (isFloat(name)) float[name] = new Float64Array(block.buffer, block.byteOffset + at, length);
    else int[name] = new Int32Array(block.buffer, block.byteOffset + at, length);
    at = align(at + length * (isFloat(name) ? 8 : 4));
  }
  return readFacts(header, int, float);
}

function readFacts(header: Header, int: Record<IntColumn, Int32Array>, float: Record<FloatColumn, Float64Array>): DeploymentFacts[] {
  const { text, count } = header;
  const str = (i: number) => (i === NONE ? null : text[i]);
  // The parts many deployments share, made once each and frozen, as `storedFactsReader` makes them.
  const contacts: Contact[] = [];
  for (let i = 0; i < header.contacts.length; i += 3) {
    contacts.push(Object.freeze({ on: text[header.contacts[i]], daysUsed: header.contacts[i + 1], status: text[header.contacts[i + 2]] as ProgressStatus }));
  }
  const meetings: Meeting[] = [];
  for (let i = 0; i < header.meetings.length; i += 2) meetings.push(Object.freeze({ heldOn: text[header.meetings[i]], endDate: text[header.meetings[i + 1]] }));
  const evaluations = header.evaluations.map(
    ([heldOn, schoolRating, ...results]): Evaluation =>
      Object.freeze({ heldOn: text[heldOn], outcomes: Object.freeze(results.map((r) => OUTCOME[text[r] as OutcomeResult])), schoolRating }),
  );
  const byYears = header.byYears.map((list) => {
    const days: Record<string, number> = {};
    for (let i = 0; i < list.length; i += 2) days[text[list[i]]] = list[i + 1];
    return Object.freeze(days);
  });
  const cancellations = new Map<number, { readonly on: string }>();
  const cancellation = (i: number) => {
    if (i === NONE) return null;
    let made = cancellations.get(i);
    if (!made) cancellations.set(i, (made = Object.freeze({ on: text[i] })));
    return made;
  };

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
        list[i] = { on: text[extensionOn[extensionAt]], additionalDays: extensionDays[extensionAt], newEndDate: text[extensionNewEnd[extensionAt]] };
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

/** The index of a part of `width` numbers in `table`, laid end to end in `values` when first seen. */
function partOf(table: Table<string>, values: number[], part: number[]): number {
  const before = table.size;
  const index = table.indexOf(part.join());
  if (index === before) values.push(...part);
  return index;
}

/** The index of a part of any length in `table`, kept in `lists` when first seen. */
function listPartOf(table: Table<string>, lists: number[][], part: number[]): number {
  const before = table.size;
  const index = table.indexOf(part.join());
  if (index === before) lists.push(part);
  return index;
}

const align = (at: number) => (at + 7) & ~7;
