import fc from 'fast-check';
import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';
import { documentedPostRoutes, type JsonSchema, type PostRoute } from '../support/post-routes.js';

/**
 * Property-based fuzz of every documented POST route: whatever the body, the answer is below 500, and a
 * refused request appends nothing. Bodies start from a plausible request built from the route's schema, so
 * that they reach the handlers, and then have fields replaced by odd values, or are odd as a whole. Seeded and
 * bounded, so a run is the same every time; a failure prints the route, the body and how to replay it.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 28_0712);
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 40);

// ---- odd values, as JSON text (so that keys such as __proto__ and numbers such as 1e309 go out as written) ----

const json = (value: unknown) => JSON.stringify(value);

const oddNumber = fc.oneof(
  fc.constantFrom(
    '1e309',
    '-1e309',
    '1e-400',
    '-0',
    '-0.0',
    '0.5',
    '-1',
    '-190.5',
    '190.25',
    '9007199254740993',
    '1E2',
    '2.5e+1',
    '1e21',
    '123456789012345678901234567890.5',
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(json),
  fc.integer().map(json),
);

const numberLikeText = fc
  .constantFrom('NaN', 'Infinity', '-Infinity', '1e3', '0x10', ' 5 ', '5', '', '-0', '1,5', '١٢', '5 days')
  .map(json);

/** Control characters, invisible characters, halves of surrogate pairs, and what CSV and spreadsheets treat specially. */
const awkwardText = fc
  .string({
    unit: fc.constantFrom(
      '\u0000',
      '\n',
      '\r',
      '\t',
      '\u001b',
      '\u007f',
      '\u0085',
      '\u200b',
      '\u202e',
      '\ufeff',
      '\u3164',
      '\ud800',
      '\udfff',
      '=',
      '+',
      '-',
      '@',
      '"',
      ',',
      ' ',
      'a',
      'é',
      '1',
    ),
    maxLength: 40,
  })
  .map(json);

const bigText = fc
  .tuple(fc.constantFrom('x', 'é', '\n', '\u0000', '😀'), fc.integer({ min: 1_000, max: 60_000 }))
  .map(([c, n]) => json(c.repeat(n)));

const deepNesting = fc
  .tuple(fc.constantFrom(['[', ']'], ['{"a":', '}'], ['[{"a":', '}]']), fc.integer({ min: 2, max: 3_000 }))
  .map(([[open, close], levels]) => `${open.repeat(levels)}1${close.repeat(levels)}`);

const bigArray = fc.integer({ min: 0, max: 12_000 }).map((n) => `[${Array(n).fill('0').join(',')}]`);

const prototypeKey = fc.constantFrom('__proto__', 'constructor', 'prototype');

const oddScalar = fc.oneof(
  oddNumber,
  numberLikeText,
  awkwardText,
  fc.constantFrom('null', 'true', 'false', '{}', '[]', '""', '[null]', '{"$ne":null}'),
);

const oddValue: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: oddScalar, weight: 6 },
  { arbitrary: bigText, weight: 1 },
  { arbitrary: deepNesting, weight: 1 },
  { arbitrary: bigArray, weight: 1 },
  { arbitrary: fc.tuple(prototypeKey, oddScalar).map(([k, v]) => `{${json(k)}:${v}}`), weight: 1 },
);

// ---- plausible bodies from the OpenAPI schema ----

type Fields = [key: string, jsonText: string][];

const objectText = (fields: Fields) => `{${fields.map(([k, v]) => `${json(k)}:${v}`).join(',')}}`;

/** A value the schema would accept, as far as the schema tells (rules beyond it are the handlers'). */
function plausible(schema: JsonSchema, resolve: (s: JsonSchema) => JsonSchema): unknown {
  const s = resolve(schema);
  if (s.properties) return Object.fromEntries(Object.entries(s.properties).map(([k, p]) => [k, plausible(p, resolve)]));
  if (s.enum) return s.enum[0];
  if (s.example !== undefined) return s.example;
  if (s.type === 'array') return s.items ? [plausible(s.items, resolve)] : [];
  if (s.type === 'number' || s.type === 'integer') return s.minimum ?? 1;
  if (s.type === 'boolean') return true;
  if (s.format === 'date') return '2025-10-01';
  return 'x'.repeat(Math.max(s.minLength ?? 0, 8));
}

/** An odd value for one field: the field's own value replaced, or, for a list of objects, a field of its first item. */
function oddFieldValue(schema: JsonSchema, resolve: (s: JsonSchema) => JsonSchema): fc.Arbitrary<string> {
  const item = schema.type === 'array' && schema.items ? resolve(schema.items) : undefined;
  if (!item?.properties) return oddValue;
  const itemFields = Object.keys(item.properties);
  const base = plausible(item, resolve) as Record<string, unknown>;
  const insideItem = fc
    .tuple(fc.constantFrom(...itemFields, '__proto__', 'constructor', 'unknownField'), oddValue)
    .map(([key, value]) => {
      const fields: Fields = Object.entries(base)
        .filter(([k]) => k !== key)
        .map(([k, v]) => [k, json(v)]);
      return `[${objectText([...fields, [key, value]])}]`;
    });
  return fc.oneof(oddValue, insideItem);
}

function bodies(route: PostRoute, resolve: (s: JsonSchema) => JsonSchema): fc.Arbitrary<string> {
  const properties = route.body?.properties ?? {};
  const base = route.body ? (plausible(route.body, resolve) as Record<string, unknown>) : {};
  const keys = Object.keys(properties);
  const change = fc.oneof(
    ...keys.map((key) => oddFieldValue(properties[key], resolve).map((value): [string, string] => [key, value])),
    fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', 'unknownField'), oddValue),
  );
  const changed = fc.uniqueArray(change, { minLength: 1, maxLength: 3, selector: ([key]) => key }).map((changes) => {
    const changedKeys = new Set(changes.map(([key]) => key));
    const kept: Fields = Object.entries(base)
      .filter(([key]) => !changedKeys.has(key))
      .map(([key, value]) => [key, json(value)]);
    return objectText([...kept, ...changes]);
  });
  return fc.oneof(
    { arbitrary: changed, weight: 6 },
    { arbitrary: oddValue, weight: 2 },
    { arbitrary: fc.constant(json(base)), weight: 1 },
  );
}

const headers = fc.record(
  {
    'If-Match': fc.constantFrom('"0"', '"2"', 'W/"1"', 'abc', '-1', '99999999999999999999999', '1e3'),
    // Mostly fresh keys, so that the body is checked rather than refused as a reuse of the key.
    'Idempotency-Key': fc.oneof({ arbitrary: fc.uuid(), weight: 8 }, fc.constantFrom('fuzz-key', 'bad key!')),
  },
  { requiredKeys: [] },
);

describe('Every POST route, fuzzed', () => {
  let harness: AppHarness;
  let token: string;
  let routes: PostRoute[];
  let resolve: (s: JsonSchema) => JsonSchema;

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02');
    token = await harness.login();
    const { sleId } = await smallAlliance(harness, token);
    const deploymentId = (
      await harness.http
        .post('/api/support-requests')
        .auth(token, { type: 'bearer' })
        .send(fixtures.request('100001'))
        .expect(201)
    ).body.deploymentId as string;
    ({ routes, resolve } = await documentedPostRoutes(harness, { id: deploymentId, urn: '100001', sleId }));
  });
  afterAll(() => harness.stop());

  it('finds the routes in the OpenAPI document, the contract’s among them', () => {
    const templates = routes.map((r) => r.template);
    expect(templates).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/users',
        '/api/schools',
        '/api/sles',
        '/api/support-requests',
        '/api/deployments/{id}/brokerage-meeting',
        '/api/deployments/{id}/impact-evaluation',
        '/api/half-term-reviews',
        '/api/imports/{kind}',
      ]),
    );
    expect(routes.length).toBeGreaterThanOrEqual(20);
  });

  it('answers every body below 500, and appends nothing for a refused one', async () => {
    let requests = 0;
    const statuses = new Map<number, number>();
    for (const [index, route] of routes.entries()) {
      await fc.assert(
        fc.asyncProperty(bodies(route, resolve), headers, async (body, extraHeaders) => {
          const before = await harness.headPosition();
          const res = await harness.http
            .post(route.path)
            .auth(token, { type: 'bearer' })
            .set({ 'content-type': 'application/json', ...extraHeaders })
            .send(body);
          requests++;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500)
            throw new Error(`${route.template} answered ${res.status}: ${JSON.stringify(res.body)}`);
          if (res.status >= 400) {
            // Nothing is recorded for a refused request but the Idempotency-Key's own record, claimed and released.
            const appended = await harness.eventsAfter(before);
            expect(appended.filter((e) => !e.streamId.startsWith('idempotency-')).map((e) => e.type)).toEqual([]);
          }
        }),
        // A seed of its own per route, so that routes do not all draw the same Idempotency-Keys.
        { seed: SEED + index, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
    expect(requests).toBe(routes.length * RUNS_PER_ROUTE);
    // The fuzz is only worth its time if bodies get past validation too: some are accepted, most refused.
    const accepted = [...statuses].filter(([status]) => status < 300).reduce((n, [, count]) => n + count, 0);
    expect(accepted).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(requests / 2);
  }, 120_000); // about 15 s here; the margin is for a machine shared by several test runs
});
