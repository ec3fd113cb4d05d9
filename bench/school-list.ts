import type { SchoolView } from '../projections/school-view.js';
import { pageOf, pageOfSorted, SearchText, sortedFor } from '../src/read-models/list-page.js';
import { orderOf } from '../src/shared/paging.js';
import { measureTogether, summarise } from './harness.js';

/**
 * `npm run bench:school-list`: the schools list's page 400 sorted by local authority (what the reads suite
 * measures over HTTP at 1M events), among a national network's 24,000 schools in 60 local authorities, in
 * process: sorted per request (`pageOf`) against a slice of the order the read model keeps (`pageOfSorted`),
 * and the one sort that keeping it costs after a school changes. Figures on stdout.
 */
const SCHOOLS = 24_000;
const AUTHORITIES = 60;

const schools = new Map<string, SchoolView>();
for (let i = 0; i < SCHOOLS; i++) {
  const urn = String(110_000 + i);
  // Uneven authorities, as the synthetic alliance has them.
  const authority = `Local authority ${1 + ((i * 7919) % AUTHORITIES) * ((i % 3) + 1)}`;
  schools.set(urn, {
    urn,
    name: `School ${i + 1}`,
    phase: 'primary',
    localAuthority: authority,
    ofsted: null,
    ofstedHistory: [],
    dataPoints: [],
  });
}
const keys = { localAuthority: (s: SchoolView) => s.localAuthority.toLowerCase() };
const order = orderOf('localAuthority', keys);
const request = { page: 400, pageSize: 25 };
const kept = sortedFor(schools.values(), order, (s) => s.urn);
// A search by name, as the reads suite asks for one school: its first page, by name.
const search = new SearchText<SchoolView>((s) => `${s.name} ${s.urn} ${s.localAuthority}`);
const names = new SearchText<SchoolView>((s) => s.name);
const byName = orderOf('name', { name: (s: SchoolView) => names.of(s) });
const keptByName = sortedFor(schools.values(), byName, (s) => s.urn);
const searched = (i: number) => search.matcher(`School ${1 + ((i * 7919) % SCHOOLS)}`)!;

const samples = measureTogether(
  [
    {
      name: 'sorted per request (pageOf)',
      fn: () =>
        pageOf(
          schools.values(),
          () => true,
          order,
          (s) => s.urn,
          request,
        ).items.length,
      warmup: 20,
      iterations: 200,
    },
    {
      name: 'kept order, a slice (pageOfSorted)',
      fn: () => pageOfSorted(kept, undefined, request).items.length,
      warmup: 20,
      iterations: 200,
    },
    {
      name: 'kept order, a school user (pageOfSorted, filtered)',
      fn: () => pageOfSorted(kept, (s) => s.urn === '120000', request).total,
      warmup: 20,
      iterations: 200,
    },
    {
      name: 'searched by name, sorted per request (pageOf)',
      fn: (i) => pageOf(schools.values(), searched(i), byName, (s) => s.urn, { page: 1, pageSize: 25 }).total,
      warmup: 20,
      iterations: 200,
    },
    {
      name: 'searched by name, kept order (pageOfSorted)',
      fn: (i) => pageOfSorted(keptByName, searched(i), { page: 1, pageSize: 25 }).total,
      warmup: 20,
      iterations: 200,
    },
    {
      name: 'the sort once a school changed (sortedFor)',
      fn: () => sortedFor(schools.values(), order, (s) => s.urn).length,
      warmup: 5,
      iterations: 50,
    },
  ],
  5,
);
console.log(`${SCHOOLS} schools, ${AUTHORITIES} local authorities; page 400 of 25 by local authority unless said (ms)`);
for (const [name, s] of samples) {
  const { p50, p99, mean } = summarise(s);
  console.log(`${name.padEnd(52)} p50 ${p50.toFixed(3)}  p99 ${p99.toFixed(3)}  mean ${mean.toFixed(3)}`);
}
