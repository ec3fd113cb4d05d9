import type { AllianceEvent, HalfTerm } from '../../events/index.js';
import { foldViews, type AllianceViews } from '../../projections/alliance-views.js';
import { DeploymentIndex } from '../read-models/deployment-index.js';
import { halfTermPeriod, halfTermReport, schoolsOf, type HalfTermReport } from '../../projections/half-term-report.js';
import { ev, recorded } from '../../test/support/event-builders.js';
import { inflateSync } from 'node:zlib';
import { deflateSegment, zlibBody, type DeflatedSegment } from '../shared/deflated-segments.js';
import { CachedHalfTermReport, reportJson, type CachedReportScope } from './cached-half-term-report.js';

/** The JSON the segments hold, as the deflate body the report is answered in gives it. */
const text = (segments: DeflatedSegment[]) => inflateSync(Buffer.concat(zlibBody(segments))).toString();
const TODAY = '2026-03-02';

/**
 * A network of 1,000 schools in two local authorities: four in five have a deployment started in autumn 1,
 * some with a contact in autumn 2 (one in seven off track), and the core team named three schools at the
 * autumn 2 review (one with no deployment, one whose rows are a concern too, one in good standing).
 */
const URNS = Array.from({ length: 1_000 }, (_, i) => String(100_000 + i * 7));
const AUTHORITIES = ['North Yorkshire', 'Milton Keynes'];
function network(): AllianceEvent[] {
  const events: AllianceEvent[] = [ev.sleDesignated('sle-1', URNS[0])];
  URNS.forEach((urn, i) => events.push(ev.schoolRegistered(urn, undefined, { localAuthority: AUTHORITIES[i % 2] })));
  URNS.forEach((urn, i) => {
    if (i % 5 === 4) return;
    const id = `dep-${i}`;
    events.push(
      ev.requested(id, urn, '2025-09-08'),
      ev.meeting(id, 'sle-1', '2025-09-15', { startDate: '2025-09-22', endDate: '2026-03-31' }),
      ev.deployed(id, '2025-09-22'),
    );
    if (i % 3) events.push(ev.contact(id, `2025-11-0${1 + (i % 9)}`, { status: i % 7 ? 'on-track' : 'off-track' }));
  });
  events.push(
    ev.review('2025-26', 'autumn-2', '2025-12-11', [
      { schoolUrn: URNS[4], concern: 'Falling rolls' },
      { schoolUrn: URNS[7], concern: 'Head teacher has resigned' },
      { schoolUrn: URNS[10], concern: 'Governance' },
    ]),
  );
  return events;
}
const views = (...later: AllianceEvent[]) => foldViews(recorded([...network(), ...later]));

/** An index of `before` brought up to `after` as the views' own is, deployment by deployment. */
function liveIndex(before: AllianceViews) {
  const index = DeploymentIndex.fromViews(before);
  const moveTo = (after: AllianceViews) => {
    for (const [id, view] of after.deployments) if (before.deployments.get(id) !== view) index.update(id, view);
  };
  return { index, moveTo };
}

const periodOf = (halfTerm: HalfTerm) => halfTermPeriod({ academicYear: '2025-26', halfTerm, today: TODAY });
const scopes = (v: AllianceViews, index = DeploymentIndex.fromViews(v)): CachedReportScope[] => [
  {},
  { index },
  ...AUTHORITIES.map((localAuthority) => ({ localAuthority, schoolUrns: schoolsOf(v, localAuthority), index })),
];
/** What the report worked out afresh gives, as JSON. */
const fresh = (v: AllianceViews, halfTerm: HalfTerm, { localAuthority }: CachedReportScope) =>
  JSON.stringify(halfTermReport(v, { academicYear: '2025-26', halfTerm, today: TODAY, localAuthority }));
/** Segments of `after` that `before` did not hold, but for commas, inflated. */
const newChunks = (before: DeflatedSegment[], after: DeflatedSegment[]) =>
  after.filter((chunk) => chunk.length > 1 && !before.includes(chunk)).map((chunk) => text([chunk]));

describe('CachedHalfTermReport', () => {
  it.each(['autumn-1', 'autumn-2', 'spring-1'] as const)(
    '%s: its JSON is the report worked out afresh, for the whole network and each local authority',
    (halfTerm) => {
      const v = views();
      for (const scope of scopes(v)) {
        const kept = CachedHalfTermReport.of(v, periodOf(halfTerm), scope);
        expect(text(kept.json())).toBe(fresh(v, halfTerm, scope));
      }
      // The core team's concerns are merged with the rows' where both name a school.
      const concerns = JSON.parse(text(CachedHalfTermReport.of(v, periodOf('autumn-2')).json())).areasOfConcern;
      expect(concerns.find((c: { schoolUrn: string }) => c.schoolUrn === URNS[7]).reasons).toEqual([
        'Named by the core team at the review on 2025-12-11: Head teacher has resigned',
        'Deployment dep-7 was off track at its latest contact on 2025-11-08',
        'Deployment dep-7 had no contact for 30 school days since the last one on 2025-11-08',
      ]);
    },
  );

  it('after events at a few schools, refreshed is the report worked out afresh', () => {
    const later = [
      ev.contact('dep-3', '2025-12-01', { status: 'off-track' }), // a concern at a school that had none
      ev.requested('dep-new', URNS[9], '2025-11-20'), // a first part for a school that had none
      ev.cancelled('dep-7', '2025-10-20', 'The head teacher left'), // a part gone before autumn 2
      ev.contact('dep-998', '2025-12-02'),
    ];
    const [before, after] = [views(), views(...later)];
    const touched = [URNS[3], URNS[7], URNS[9], URNS[998]];
    for (const halfTerm of ['autumn-1', 'autumn-2'] as const) {
      const { index, moveTo } = liveIndex(before);
      const kept = scopes(before, index).map((scope) => CachedHalfTermReport.of(before, periodOf(halfTerm), scope));
      moveTo(after);
      for (const report of kept) {
        const { schoolUrns } = report.scope;
        const refreshed = report.refreshed(
          after,
          touched.filter((urn) => !schoolUrns || schoolUrns.includes(urn)),
        );
        expect(text(refreshed.json())).toBe(fresh(after, halfTerm, report.scope));
      }
    }
  });

  it('joins anew only the blocks holding the schools touched, and leaves the report it was made from as it was', () => {
    const [before, after] = [views(), views(ev.contact('dep-500', '2025-12-01', { status: 'at-risk' }))];
    const { index, moveTo } = liveIndex(before);
    const kept = CachedHalfTermReport.of(before, periodOf('autumn-2'), { index });
    const was = kept.json();
    moveTo(after);
    const now = kept.refreshed(after, [URNS[500]]).json();
    expect(text(now)).toBe(fresh(after, 'autumn-2', {}));
    expect(was.length).toBeGreaterThan(20);
    // Its block of rows and its block of concerns, and the pieces before, between and after the lists.
    const changed = newChunks(was, now);
    expect(changed.filter((chunk) => chunk.includes('dep-500'))).toHaveLength(2);
    expect(changed.length).toBeLessThanOrEqual(5);
    expect(text(kept.json())).toBe(text(was));
  });

  it('splits a block grown past twice its size, so that a later event joins anew a block of its own size again', () => {
    // Two hundred schools without a part come in, all between two of the first report's blocks' first URNs.
    const arriving = Array.from({ length: 200 }, (_, i) => `1000${String(i).padStart(3, '0')}x`);
    const later = arriving.flatMap((urn, i) => [
      ev.schoolRegistered(urn),
      ev.requested(`dep-x${i}`, urn, '2025-11-20'),
    ]);
    const [before, after] = [views(), views(...later)];
    const grown = CachedHalfTermReport.of(before, periodOf('autumn-2')).refreshed(after, arriving);
    expect(text(grown.json())).toBe(fresh(after, 'autumn-2', {}));

    const last = views(...later, ev.contact('dep-1', '2025-12-01'));
    const was = grown.json();
    const now = grown.refreshed(last, [URNS[1]]).json();
    expect(text(now)).toBe(fresh(last, 'autumn-2', {}));
    const rowsJoinedAnew = newChunks(was, now).map((chunk) => chunk.split('"deploymentId"').length - 1);
    expect(Math.max(...rowsJoinedAnew)).toBeLessThanOrEqual(128);
  });

  it('counts the bytes it keeps: its JSON deflated but for the few outside the lists', () => {
    const kept = CachedHalfTermReport.of(views(), periodOf('autumn-2'));
    const deflated = kept.json().reduce((total, segment) => total + segment.deflated.length, 0);
    expect(kept.bytes).toBeLessThan(deflated);
    expect(kept.bytes).toBeGreaterThan(deflated * 0.9);
    expect(kept.bytes).toBeLessThan(text(kept.json()).length / 5);
  });

  it('writes empty lists for a half term before any deployment', () => {
    const v = views();
    const later = halfTermPeriod({ academicYear: '2024-25', halfTerm: 'autumn-1', today: TODAY });
    const json = JSON.parse(text(CachedHalfTermReport.of(v, later).json()));
    expect(json).toMatchObject({ activeDeployments: [], areasOfConcern: [] });
  });
});

describe('reportJson', () => {
  const report = (extra: Partial<HalfTermReport>): HalfTermReport => ({
    ...JSON.parse(text(CachedHalfTermReport.of(views(), periodOf('autumn-2')).json())),
    ...extra,
  });
  const items = (list: unknown[]) => deflateSegment(Buffer.from(JSON.stringify(list).slice(1, -1)));

  it('is JSON.stringify of the report with its lists written from blocks, empty ones left out, whatever the order of its keys', () => {
    const r = report({ localAuthority: 'Milton "Keynes"' });
    r.areasOfConcern[0].reasons.push('Deployment dep-x was off track – “again” 🙁');
    const [rows, concerns] = [r.activeDeployments, r.areasOfConcern];
    const lists = {
      areasOfConcern: [items([]), items(concerns.slice(0, 1)), items(concerns.slice(1))],
      activeDeployments: [items(rows.slice(0, 10)), items([]), items(rows.slice(10))],
    };
    expect(text(reportJson(r, lists))).toBe(JSON.stringify(r));
    const { summary, ...rest } = r;
    const reordered = { ...rest, summary } as HalfTermReport;
    expect(text(reportJson(reordered, lists))).toBe(JSON.stringify(reordered));
    expect(
      text(
        reportJson(report({ activeDeployments: [], areasOfConcern: [] }), {
          activeDeployments: [],
          areasOfConcern: [items([])],
        }),
      ),
    ).toBe(JSON.stringify(report({ activeDeployments: [], areasOfConcern: [] })));
  });
});
