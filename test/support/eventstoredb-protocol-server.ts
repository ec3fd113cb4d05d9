import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as FeaturesGrpc from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb.js';
import type * as FeaturesPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb.js';
import type * as SharedPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb.js';
import type * as StatusPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb.js';
import type * as StreamsGrpc from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb.js';
import type * as StreamsPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';
import type * as AnyPb from 'google-protobuf/google/protobuf/any_pb.js';
import type * as EmptyPb from 'google-protobuf/google/protobuf/empty_pb.js';

/*
 * The protocol as the client package ships it: protoc's output for KurrentDB's official `streams.proto`,
 * `serverfeatures.proto`, `shared.proto` and `status.proto` (the messages and the gRPC service definitions,
 * with their paths and (de)serialisers). The package ships these rather than the .proto text; the server
 * below is built on them, so every byte on the wire is encoded and decoded by the official definitions.
 */
const load = createRequire(import.meta.url);
const PROTOCOLS = '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1';
const streamsGrpc = load(`${PROTOCOLS}/streams_grpc_pb.js`) as typeof StreamsGrpc;
const streamsPb = load(`${PROTOCOLS}/streams_pb.js`) as typeof StreamsPb;
const sharedPb = load(`${PROTOCOLS}/shared_pb.js`) as typeof SharedPb;
const statusPb = load(`${PROTOCOLS}/status_pb.js`) as typeof StatusPb;
const featuresGrpc = load(`${PROTOCOLS}/serverfeatures_grpc_pb.js`) as typeof FeaturesGrpc;
const featuresPb = load(`${PROTOCOLS}/serverfeatures_pb.js`) as typeof FeaturesPb;
const anyPb = load('google-protobuf/google/protobuf/any_pb.js') as typeof AnyPb;
const emptyPb = load('google-protobuf/google/protobuf/empty_pb.js') as typeof EmptyPb;

const { ReadReq, ReadResp, AppendReq, AppendResp, BatchAppendReq, BatchAppendResp } = streamsPb;
type ReadOptions = StreamsPb.ReadReq.Options;

/** The version the server reports: positions on stream reads came with 22.6 (KurrentDB PR #3459). */
const SERVER_VERSION = '24.10.0';
/** `created` travels as .NET ticks (100 ns) since the Unix epoch. */
const TICKS_PER_MS = 10_000n;
const UINT64_MAX = 2n ** 64n - 1n;

interface StoredRecord {
  id: string;
  streamName: string;
  revision: bigint;
  /** Log position: commit and prepare are the same for an event not written in an explicit transaction. */
  position: bigint;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
  created: bigint;
}

interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

type Expected =
  { kind: 'any' } | { kind: 'no-stream' } | { kind: 'stream-exists' } | { kind: 'revision'; revision: bigint };

type AppendOutcome =
  { ok: true; revision: bigint; position: bigint } | { ok: false; current: bigint | undefined; expected: Expected };

/**
 * An in-memory EventStoreDB/KurrentDB speaking the gRPC protocol, for the tests: the parts of
 * `event_store.client.streams.Streams` the adapter uses (Append and BatchAppend with an expected revision;
 * Read of a stream or of $all, either way, from a revision or position, with a count) and
 * `ServerFeatures.GetSupportedMethods`, which tells the client what it may call. Subscriptions, deletes,
 * filters and links answer UNIMPLEMENTED. $all starts with a few system events, as a real one does, and
 * positions are log positions that grow by each record's size.
 */
export class EventStoreDbProtocolServer {
  private readonly server = new grpc.Server();
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly log: StoredRecord[] = [];
  private nextPosition = 0n;
  private port = 0;
  /** How many times each method was called, e.g. `BatchAppend`: what the client chose to use. */
  readonly calls = new Map<string, number>();

  private constructor() {
    this.record('$epoch-information', '$epoch-information', { epochNumber: 0 });
    this.record('$settings', 'update-default-acl', { $userStreamAcl: { $r: '$all' } });
    this.record('$scavenges', '$scavengeIndexInitialized', {});
  }

  static async start(): Promise<EventStoreDbProtocolServer> {
    const server = new EventStoreDbProtocolServer();
    const counted = (method: string) => server.calls.set(method, (server.calls.get(method) ?? 0) + 1);
    server.server.addService(streamsGrpc.StreamsService, {
      read: (call: grpc.ServerWritableStream<StreamsPb.ReadReq, StreamsPb.ReadResp>) => {
        counted('Read');
        server.read(call);
      },
      append: (
        call: grpc.ServerReadableStream<StreamsPb.AppendReq, StreamsPb.AppendResp>,
        answer: grpc.sendUnaryData<StreamsPb.AppendResp>,
      ) => {
        counted('Append');
        server.appendCall(call, answer);
      },
      batchAppend: (call: grpc.ServerDuplexStream<StreamsPb.BatchAppendReq, StreamsPb.BatchAppendResp>) => {
        counted('BatchAppend');
        server.batchAppendCall(call);
      },
      delete: unimplemented,
      tombstone: unimplemented,
    });
    server.server.addService(featuresGrpc.ServerFeaturesService, {
      getSupportedMethods: (_call: unknown, answer: grpc.sendUnaryData<FeaturesPb.SupportedMethods>) =>
        answer(null, supportedMethods()),
    });
    server.port = await new Promise<number>((resolve, reject) =>
      server.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
    return server;
  }

  /** A connection string for the client, as for a single insecure node. */
  get url(): string {
    return `kurrentdb://127.0.0.1:${this.port}?tls=false`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }

  /** Events written to $all, system ones included: what a test may compare the adapter's answers with. */
  get allRecords(): readonly StoredRecord[] {
    return this.log;
  }

  private record(streamName: string, type: string, data: unknown): void {
    const expected: Expected = { kind: 'any' };
    const json = new TextEncoder().encode(JSON.stringify(data));
    this.append(streamName, expected, [
      { id: randomUUID(), type, contentType: 'application/json', data: json, customMetadata: new Uint8Array() },
    ]);
  }

  private append(streamName: string, expected: Expected, events: ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamName);
    const current = stream?.length ? BigInt(stream.length - 1) : undefined;
    const holds =
      expected.kind === 'any' ||
      (expected.kind === 'no-stream' && current === undefined) ||
      (expected.kind === 'stream-exists' && current !== undefined) ||
      (expected.kind === 'revision' && current === expected.revision);
    if (!holds) return { ok: false, current, expected };
    const records = stream ?? [];
    this.streams.set(streamName, records);
    for (const event of events) {
      const record: StoredRecord = {
        ...event,
        streamName,
        revision: BigInt(records.length),
        position: this.nextPosition,
        created: BigInt(Date.now()) * TICKS_PER_MS,
      };
      // A log record's size: a header plus what it carries.
      this.nextPosition += 128n + BigInt(event.data.length + event.customMetadata.length + streamName.length);
      records.push(record);
      this.log.push(record);
    }
    const last = records[records.length - 1];
    return { ok: true, revision: last.revision, position: last.position };
  }

  private appendCall(
    call: grpc.ServerReadableStream<StreamsPb.AppendReq, StreamsPb.AppendResp>,
    answer: grpc.sendUnaryData<StreamsPb.AppendResp>,
  ): void {
    let options: StreamsPb.AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    call.on('data', (request: StreamsPb.AppendReq) => {
      if (request.hasOptions()) options = request.getOptions();
      const message = request.getProposedMessage();
      if (message) events.push(proposed(message));
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (!options) return answer({ code: grpc.status.INVALID_ARGUMENT, details: 'No append options were sent' });
      const E = AppendReq.Options.ExpectedStreamRevisionCase;
      const expected: Expected = (() => {
        switch (options.getExpectedStreamRevisionCase()) {
          case E.REVISION:
            return { kind: 'revision', revision: BigInt(options.getRevision()) } as const;
          case E.NO_STREAM:
            return { kind: 'no-stream' } as const;
          case E.STREAM_EXISTS:
            return { kind: 'stream-exists' } as const;
          default:
            return { kind: 'any' } as const;
        }
      })();
      const outcome = this.append(streamName(options.getStreamIdentifier()), expected, events);
      const response = new AppendResp();
      if (outcome.ok) {
        const success = new AppendResp.Success();
        success.setCurrentRevision(String(outcome.revision));
        const position = new AppendResp.Position();
        position.setCommitPosition(String(outcome.position));
        position.setPreparePosition(String(outcome.position));
        success.setPosition(position);
        response.setSuccess(success);
      } else {
        const wrong = new AppendResp.WrongExpectedVersion();
        if (outcome.current === undefined) wrong.setCurrentNoStream(new sharedPb.Empty());
        else wrong.setCurrentRevision(String(outcome.current));
        if (outcome.expected.kind === 'revision') wrong.setExpectedRevision(String(outcome.expected.revision));
        else if (outcome.expected.kind === 'no-stream') wrong.setExpectedNoStream(new sharedPb.Empty());
        else if (outcome.expected.kind === 'stream-exists') wrong.setExpectedStreamExists(new sharedPb.Empty());
        response.setWrongExpectedVersion(wrong);
      }
      answer(null, response);
    });
  }

  /** One call carries many appends, each answered by its correlation id once its final part arrived. */
  private batchAppendCall(call: grpc.ServerDuplexStream<StreamsPb.BatchAppendReq, StreamsPb.BatchAppendResp>): void {
    const pending = new Map<string, { options: StreamsPb.BatchAppendReq.Options; events: ProposedEvent[] }>();
    call.on('data', (request: StreamsPb.BatchAppendReq) => {
      const correlation = request.getCorrelationId()!;
      const key = uuidText(correlation);
      const batch = pending.get(key) ?? { options: request.getOptions()!, events: [] };
      pending.set(key, batch);
      batch.events.push(...request.getProposedMessagesList().map(proposed));
      if (!request.getIsFinal()) return;
      pending.delete(key);
      const { options } = batch;
      const E = BatchAppendReq.Options.ExpectedStreamPositionCase;
      const expected: Expected = (() => {
        switch (options.getExpectedStreamPositionCase()) {
          case E.STREAM_POSITION:
            return { kind: 'revision', revision: BigInt(options.getStreamPosition()) } as const;
          case E.NO_STREAM:
            return { kind: 'no-stream' } as const;
          case E.STREAM_EXISTS:
            return { kind: 'stream-exists' } as const;
          default:
            return { kind: 'any' } as const;
        }
      })();
      const identifier = options.getStreamIdentifier()!;
      const outcome = this.append(streamName(identifier), expected, batch.events);
      const response = new BatchAppendResp();
      response.setCorrelationId(correlation);
      response.setStreamIdentifier(identifier);
      if (outcome.ok) {
        const success = new BatchAppendResp.Success();
        success.setCurrentRevision(String(outcome.revision));
        const position = new sharedPb.AllStreamPosition();
        position.setCommitPosition(String(outcome.position));
        position.setPreparePosition(String(outcome.position));
        success.setPosition(position);
        response.setSuccess(success);
      } else {
        response.setError(wrongExpectedVersionStatus(outcome));
      }
      call.write(response);
    });
    call.on('error', () => undefined);
    call.on('end', () => call.end());
  }

  private read(call: grpc.ServerWritableStream<StreamsPb.ReadReq, StreamsPb.ReadResp>): void {
    const options = call.request.getOptions();
    const O = ReadReq.Options;
    if (
      !options ||
      options.getCountOptionCase() !== O.CountOptionCase.COUNT ||
      options.getFilterOptionCase() === O.FilterOptionCase.FILTER ||
      options.getResolveLinks()
    ) {
      call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'Only counted reads without filters or links' });
      return;
    }
    const backwards = options.getReadDirection() === O.ReadDirection.BACKWARDS;
    const count = BigInt(options.getCount());
    const records =
      options.getStreamOptionCase() === O.StreamOptionCase.STREAM
        ? this.streamRecords(options, backwards)
        : this.allRecordsFrom(options, backwards);
    if (records === 'stream-not-found') {
      const response = new ReadResp();
      const notFound = new ReadResp.StreamNotFound();
      notFound.setStreamIdentifier(options.getStream()!.getStreamIdentifier());
      response.setStreamNotFound(notFound);
      call.write(response);
      call.end();
      return;
    }
    const structuredIds = options.getUuidOption()?.getContentCase() === O.UUIDOption.ContentCase.STRUCTURED;
    let sent = 0n;
    for (const record of records) {
      if (sent >= count) break;
      call.write(readResponse(record, structuredIds));
      sent++;
    }
    call.end();
  }

  private streamRecords(options: ReadOptions, backwards: boolean): StoredRecord[] | 'stream-not-found' {
    const stream = options.getStream()!;
    const records = this.streams.get(streamName(stream.getStreamIdentifier()));
    if (!records?.length) return 'stream-not-found';
    const R = ReadReq.Options.StreamOptions.RevisionOptionCase;
    const from =
      stream.getRevisionOptionCase() === R.REVISION
        ? BigInt(stream.getRevision())
        : stream.getRevisionOptionCase() === R.END
          ? BigInt(records.length - 1)
          : 0n;
    return backwards ? records.filter((r) => r.revision <= from).reverse() : records.filter((r) => r.revision >= from);
  }

  /** Forwards from a position includes the event there; backwards from one starts before it. */
  private allRecordsFrom(options: ReadOptions, backwards: boolean): StoredRecord[] {
    const all = options.getAll()!;
    const A = ReadReq.Options.AllOptions.AllOptionCase;
    const from =
      all.getAllOptionCase() === A.POSITION
        ? BigInt(all.getPosition()!.getCommitPosition())
        : all.getAllOptionCase() === A.END
          ? UINT64_MAX
          : -1n;
    return backwards ? this.log.filter((r) => r.position < from).reverse() : this.log.filter((r) => r.position >= from);
  }
}

function unimplemented(call: { emit?: (event: string, error: unknown) => void }, answer?: grpc.sendUnaryData<never>) {
  const error = { code: grpc.status.UNIMPLEMENTED, details: 'Not part of the protocol server' };
  if (answer) answer(error);
  else call.emit?.('error', error);
}

function supportedMethods(): FeaturesPb.SupportedMethods {
  const methods = new featuresPb.SupportedMethods();
  methods.setEventStoreServerVersion(SERVER_VERSION);
  methods.setMethodsList(
    ['Read', 'Append', 'BatchAppend'].map((name) => {
      const method = new featuresPb.SupportedMethod();
      method.setServiceName('event_store.client.streams.Streams');
      method.setMethodName(name);
      return method;
    }),
  );
  return methods;
}

function proposed(message: StreamsPb.AppendReq.ProposedMessage | StreamsPb.BatchAppendReq.ProposedMessage) {
  const metadata = message.getMetadataMap();
  return {
    id: uuidText(message.getId()!),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

function readResponse(record: StoredRecord, structuredIds: boolean): StreamsPb.ReadResp {
  const event = new ReadResp.ReadEvent.RecordedEvent();
  event.setId(uuidMessage(record.id, structuredIds));
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(new TextEncoder().encode(record.streamName));
  event.setStreamIdentifier(identifier);
  event.setStreamRevision(String(record.revision));
  event.setCommitPosition(String(record.position));
  event.setPreparePosition(String(record.position));
  const metadata = event.getMetadataMap();
  metadata.set('type', record.type);
  metadata.set('content-type', record.contentType);
  metadata.set('created', String(record.created));
  event.setData(record.data);
  event.setCustomMetadata(record.customMetadata);
  const read = new ReadResp.ReadEvent();
  read.setEvent(event);
  read.setCommitPosition(String(record.position));
  const response = new ReadResp();
  response.setEvent(read);
  return response;
}

function wrongExpectedVersionStatus(outcome: Extract<AppendOutcome, { ok: false }>): StatusPb.Status {
  const wrong = new sharedPb.WrongExpectedVersion();
  if (outcome.current === undefined) wrong.setCurrentNoStream(new emptyPb.Empty());
  else wrong.setCurrentStreamRevision(String(outcome.current));
  if (outcome.expected.kind === 'revision') wrong.setExpectedStreamPosition(String(outcome.expected.revision));
  else if (outcome.expected.kind === 'no-stream') wrong.setExpectedNoStream(new emptyPb.Empty());
  else if (outcome.expected.kind === 'stream-exists') wrong.setExpectedStreamExists(new emptyPb.Empty());
  else wrong.setExpectedAny(new emptyPb.Empty());
  const details = new anyPb.Any();
  details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  const status = new statusPb.Status();
  status.setCode(9); // FAILED_PRECONDITION
  status.setMessage('WrongExpectedVersion');
  status.setDetails(details);
  return status;
}

function streamName(identifier: SharedPb.StreamIdentifier | undefined): string {
  return new TextDecoder().decode(identifier!.getStreamName_asU8());
}

function uuidText(id: SharedPb.UUID): string {
  if (id.hasString()) return id.getString();
  const structured = id.getStructured()!;
  const hex = (bits: string) => BigInt.asUintN(64, BigInt(bits)).toString(16).padStart(16, '0');
  const all = hex(structured.getMostSignificantBits()) + hex(structured.getLeastSignificantBits());
  return `${all.slice(0, 8)}-${all.slice(8, 12)}-${all.slice(12, 16)}-${all.slice(16, 20)}-${all.slice(20)}`;
}

function uuidMessage(id: string, structured: boolean): SharedPb.UUID {
  const uuid = new sharedPb.UUID();
  if (!structured) {
    uuid.setString(id);
    return uuid;
  }
  const hex = id.replaceAll('-', '');
  const parts = new sharedPb.UUID.Structured();
  parts.setMostSignificantBits(String(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`))));
  parts.setLeastSignificantBits(String(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`))));
  uuid.setStructured(parts);
  return uuid;
}
