import { ALLIANCE_SIZES, generateAlliance } from '../../bench/synthetic-alliance.js';
import { HALF_TERMS, type AllianceEvent, type RecordedEvent } from '../../events/index.js';
import { allianceImpact } from '../../projections/alliance-impact.js';
import {
  emptyViews,
  foldViews,
  VIEW_PROJECTIONS,
  type AllianceViews,
  type FoldedViews,
} from '../../projections/alliance-views.js';
import { brokerageQueue } from '../../projections/brokerage-queue.js';
import { factsOf, type DeploymentFacts } from '../../projections/deployment-facts.js';
import { typicalDaysFor, type IndexedViews } from '../../projections/deployment-lookup.js';
import { halfTermReport } from '../../projections/half-term-report.js';
import {
  DEFAULT_MATCH_WEIGHTS,
  historiesFrom,
  holdingAmong,
  rankMatches,
  SleHistory,
  slesHolding,
  type SleSupply,
} from '../../projections/match-score.js';
import { needsAnalysis } from '../../projections/needs-analysis.js';
import { schoolTimeline } from '../../projections/school-timeline.js';
import type { SleView } from '../../projections/sle-view.js';
import { ev, recorded } from '../../test/support/event-builders.js';
import { academicYearOf, TYPICAL_CALENDAR } from '../calendar/academic-calendar.js';
import { dueReminders } from '../scheduling/reminder-rules.js';
import { byCodeUnits } from '../shared/order.js';
import { storedFacts, storedFactsReader, type StoredFacts } from './deployment-facts-storage.js';
import { DeploymentIndex } from './deployment-index.js';
import { MatchCache } from './match-cache.js';

/** Folds each event and re-indexes its deployment, as ReadModels does when the runner applies it. */
function apply(views: FoldedViews, index: DeploymentIndex, events: RecordedEvent[]): void {
  for (const event of events) {
    foldViews([event], views);
    const deploymentId = VIEW_PROJECTIONS.deployments.keyOf(event);
    if (deploymentId !== undefined) index.update(deploymentId, views.deployments.get(deploymentId));
  }
}

const byId = (a: DeploymentFacts, b: DeploymentFacts) => byCodeUnits(a.deploymentId, b.deploymentId);

/** An SLE's deployments by a scan of the views (in this history also the order they were matched in, which ReadModels keeps). */
const scannedBySle = (views: AllianceViews) => (sleId: string) =>
  [...views.deployments.values()].filter((d) => d.sleId === sleId);

/** What ReadModels gives matching: each SLE's history from the index, read once while the list is the same. */
const cachedHistories =
  (index: DeploymentIndex, cache = new MatchCache()) =>
  (sleId: string) =>
    cache.historyOf(index.deploymentsOfSle(sleId));

describe('DeploymentIndex against the scans it replaces, on a synthetic alliance', () => {
  const shape = ALLIANCE_SIZES['10k'];
  const events = recorded(generateAlliance(shape).events);
  // Views and index built at once from the first 70%, then the rest applied event by event: the later events
  // are the brokerage meetings, contacts, extensions, evaluations and cancellations of the last deployments.
  const cut = Math.floor(events.length * 0.7);
  const views = foldViews(events.slice(0, cut));
  const incremental = DeploymentIndex.fromViews(views);
  const later = events.slice(cut);
  apply(views, incremental, later);
  const rebuilt = DeploymentIndex.fromViews(views);
  // As ReadModels builds it at start from the facts stored beside each view: read back from JSON, in another order.
  const fromStored = DeploymentIndex.fromFacts(
    [...views.deployments.values()]
      .reverse()
      .map((v) => storedFactsReader()(JSON.parse(JSON.stringify(storedFacts(factsOf(v)))) as StoredFacts)),
    (id) => views.deployments.get(id),
  );
  const openRequests = [...views.deployments.values()].filter((d) => d.status === 'requested');

  it('saw deployments change after the index was built: extensions, cancellations, evaluations and new matches', () => {
    const types = new Set(later.map((e) => e.type));
    for (const type of [
      'BrokerageMeetingHeld',
      'ContactLogged',
      'DeploymentExtended',
      'DeploymentCancelled',
      'ImpactEvaluated',
      'SupportRequested',
    ])
      expect(types).toContain(type);
    expect(incremental.size).toBe(views.deployments.size);
    expect(openRequests.length).toBeGreaterThan(10);
  });

  it.each(['2022-23', '2023-24', '2024-25', '2025-26', '2026-27'])(
    'gives the same half-termly reports for %s, on any day',
    (academicYear) => {
      for (const halfTerm of HALF_TERMS) {
        for (const today of [shape.today, '2025-11-03', '2027-01-04']) {
          const scanned = halfTermReport(views, { academicYear, halfTerm, today });
          expect(halfTermReport(views, { academicYear, halfTerm, today, index: incremental })).toEqual(scanned);
          expect(halfTermReport(views, { academicYear, halfTerm, today, index: rebuilt })).toEqual(scanned);
          expect(halfTermReport(views, { academicYear, halfTerm, today, index: fromStored })).toEqual(scanned);
        }
      }
    },
  );

  it.each(['2023-24', '2024-25', '2025-26'])(
    'gives the same alliance impact for %s from the facts it keeps as from the views',
    (academicYear) => {
      const [start] = academicYear.split('-');
      const period = { from: `${start}-09-01`, to: `${Number(start) + 1}-08-31` };
      const scanned = allianceImpact(views, period);
      expect(scanned.deployments.length).toBeGreaterThan(0);
      for (const index of [incremental, rebuilt, fromStored])
        expect(allianceImpact({ ...views, deploymentIndex: index } as unknown as IndexedViews, period)).toEqual(
          scanned,
        );
    },
  );

  it('gives the same report with a configured calendar', () => {
    const calendar = [
      { halfTerm: 'autumn-1', from: '09-03', to: '10-24' },
      { halfTerm: 'autumn-2', from: '11-03', to: '12-19' },
      { halfTerm: 'spring-1', from: '01-05', to: '02-13' },
      { halfTerm: 'spring-2', from: '02-23', to: '03-27' },
      { halfTerm: 'summer-1', from: '04-13', to: '05-22' },
      { halfTerm: 'summer-2', from: '06-01', to: '07-22' },
    ] as const;
    for (const halfTerm of HALF_TERMS) {
      const options = { academicYear: '2024-25', halfTerm, today: shape.today, calendar: { pattern: calendar } };
      expect(halfTermReport(views, { ...options, index: incremental })).toEqual(halfTermReport(views, options));
    }
  });

  it("gives the same timeline for every school, and each school's deployments in the views' order", () => {
    for (const urn of views.schools.keys()) {
      expect(schoolTimeline(views, urn, incremental)).toEqual(schoolTimeline(views, urn));
      expect(incremental.deploymentsOfSchool(urn)).toEqual(
        [...views.deployments.values()].filter((d) => d.schoolUrn === urn),
      );
    }
    expect(schoolTimeline(views, '999999', incremental)).toBeUndefined();
  });

  it('gives the same matches, typical days and SLE histories', () => {
    const bySle = scannedBySle(views);
    const histories = cachedHistories(incremental);
    for (const sle of views.sles.values())
      expect(incremental.deploymentsOfSle(sle.sleId)).toEqual(bySle(sle.sleId).map(factsOf));
    for (const request of openRequests) {
      expect(incremental.typicalDays(request.specialism)).toBe(
        typicalDaysFor(request.specialism, views.deployments.values()),
      );
      for (const includeIneligible of [false, true]) {
        const input = {
          request,
          school: views.schools.get(request.schoolUrn)!,
          sles: [...views.sles.values()],
          schools: views.schools,
          academicYear: '2025-26',
          includeIneligible,
        };
        const scanned = rankMatches({
          ...input,
          historyOf: historiesFrom(views.deployments.values()),
          typicalDays: typicalDaysFor(request.specialism, views.deployments.values()),
        });
        expect(
          rankMatches({
            ...input,
            historyOf: (id) => new SleHistory(incremental.deploymentsOfSle(id)),
            typicalDays: incremental.typicalDays(request.specialism),
          }),
        ).toEqual(scanned);
        // Asked twice, from the histories read once for each SLE's (unchanged) list.
        for (let twice = 0; twice < 2; twice++) {
          expect(
            rankMatches({ ...input, historyOf: histories, typicalDays: incremental.typicalDays(request.specialism) }),
          ).toEqual(scanned);
        }
      }
    }
  });

  it('gives the same shortlists from what it keeps of the SLEs of a specialism, before and after their histories change', () => {
    const views = foldViews(events.slice(0, cut));
    const index = DeploymentIndex.fromViews(views);
    const cache = new MatchCache();
    const holding = new Map<string, SleView[]>();
    const weightings = [
      DEFAULT_MATCH_WEIGHTS,
      { ...DEFAULT_MATCH_WEIGHTS, phaseFit: 60, continuity: 40 },
      { ...DEFAULT_MATCH_WEIGHTS, capacity: 0, trackRecord: 0, load: 1 },
    ];
    const compare = () => {
      const open = [...views.deployments.values()].filter((d) => d.status === 'requested');
      for (const request of open.slice(0, 40)) {
        const sles =
          holding.get(request.specialism) ??
          holding
            .set(
              request.specialism,
              Object.freeze(slesHolding(views.sles.values(), request.specialism, 'sle')) as SleView[],
            )
            .get(request.specialism)!;
        for (const weights of weightings) {
          for (const limit of [1, 3, 10, 200]) {
            const input = {
              request,
              school: views.schools.get(request.schoolUrn)!,
              schools: views.schools,
              academicYear: '2025-26',
              includeIneligible: false,
              weights,
              limit,
            };
            const afresh = rankMatches({
              ...input,
              sles: [...views.sles.values()],
              historyOf: historiesFrom(views.deployments.values()),
              typicalDays: typicalDaysFor(request.specialism, views.deployments.values()),
            });
            const cached = cache.rank(
              {
                ...input,
                sles,
                historyOf: cachedHistories(index, cache),
                typicalDays: index.typicalDays(request.specialism),
              },
              index.sleHistoriesVersion,
            );
            expect(cached).toEqual(afresh);
          }
        }
      }
      return open.length;
    };
    expect(compare()).toBeGreaterThan(10);
    const version = index.sleHistoriesVersion;
    apply(views, index, later);
    expect(index.sleHistoriesVersion).not.toBe(version);
    holding.clear(); // as ReadModels does when an SLE event is applied
    compare();
  });
  it('gives the same needs analysis from the SLE histories it keeps, before and after they change', () => {
    const views = foldViews(events.slice(0, cut));
    const index = DeploymentIndex.fromViews(views);
    const histories = cachedHistories(index);
    const compare = () => {
      for (const academicYear of ['2024-25', '2025-26']) {
        const options = { academicYear, today: shape.today, calendar: TYPICAL_CALENDAR, targetSchoolDays: 10 };
        const afresh = needsAnalysis(views, historiesFrom(views.deployments.values()), options);
        expect(afresh.some((r) => r.supply.remainingDays > 0 && r.demand.requestsReceived > 0)).toBe(true);
        const indexed = { ...views, deploymentIndex: index } as unknown as IndexedViews;
        expect(needsAnalysis(indexed, histories, options)).toEqual(afresh);
        // Asked again: the capacities worked out with the (unchanged) histories.
        expect(needsAnalysis(indexed, histories, options)).toEqual(afresh);
      }
    };
    compare();
    apply(views, index, later);
    compare();
  });

  it('gives the deployments under way, and so the reminders due, as a pass over every deployment does, before and after later events', () => {
    const views = foldViews(events.slice(0, cut));
    const index = DeploymentIndex.fromViews(views);
    const indexed = { ...views, deploymentIndex: index } as unknown as IndexedViews;
    const settings = (today: string) => ({
      today,
      contactOverdueDays: 21,
      evaluationDueWithinDays: 14,
      brokerageTargetSchoolDays: 10,
      calendar: TYPICAL_CALENDAR,
    });
    const compare = () => {
      const underWay = [...views.deployments.values()].filter((d) => d.status === 'deployed');
      expect(index.deploymentsUnderWay().sort(byId)).toEqual(underWay.sort(byId).map(factsOf));
      for (const today of [shape.today, '2025-11-03', '2024-03-01']) {
        const scanned = dueReminders(views, settings(today));
        expect(scanned.length).toBeGreaterThan(0);
        expect(dueReminders(indexed, settings(today))).toEqual(scanned);
        // Those already raised are left out, and only those.
        const raised = new Set(scanned.filter((_, i) => i % 3 === 0).map((r) => r.reminderId));
        expect(dueReminders(indexed, settings(today), (id) => raised.has(id))).toEqual(
          scanned.filter((r) => !raised.has(r.reminderId)),
        );
      }
    };
    compare();
    apply(views, index, events.slice(cut));
    compare();
    expect(DeploymentIndex.fromViews(views).deploymentsUnderWay().sort(byId)).toEqual(
      index.deploymentsUnderWay().sort(byId),
    );
  });

  it('gives the same brokerage queue from its requests waiting and the eligible counts incremental, before and after the histories change', () => {
    const views = foldViews(events.slice(0, cut));
    const index = DeploymentIndex.fromViews(views);
    const indexed = () => ({ ...views, deploymentIndex: index }) as unknown as IndexedViews;
    // As ReadModels gives them: a frozen list of holders per specialism until an SLE changes, each SLE's history
    // read once while it is unchanged, and the eligible counts incremental until the index's version moves.
    const holding = new Map<string, SleView[]>();
    const cache = new MatchCache();
    const supply: SleSupply = {
      slesHolding: (s: string, programme: string) =>
        holding.get(s) ??
        holding.set(s, Object.freeze(slesHolding(views.sles.values(), s, programme)) as SleView[]).get(s)!,
      historyOf: cachedHistories(index, cache),
      eligibleIn: (s, year, programme) => cache.eligibleIn(supply, s, year, programme, index.sleHistoriesVersion),
    };
    const options = {
      today: shape.today,
      academicYear: academicYearOf(shape.today),
      calendar: TYPICAL_CALENDAR,
      targetSchoolDays: 10,
    };
    const compare = () => {
      const afresh = brokerageQueue(
        views,
        { slesHolding: holdingAmong(views.sles.values()), historyOf: historiesFrom(views.deployments.values()) },
        options,
      );
      expect(index.requestsWaiting()).toEqual(afresh.map((r) => views.deployments.get(r.deploymentId)));
      expect(brokerageQueue(indexed(), supply, options)).toEqual(afresh);
      // Asked again: the same list of requests, and the counts incremental with the holders.
      expect(brokerageQueue(indexed(), supply, options)).toEqual(afresh);
      return afresh;
    };
    const before = compare();
    expect(before.length).toBeGreaterThan(10);
    apply(views, index, later);
    // As ReadModels does: holders made again only after an SLE event; else the incremental counts go by the version alone.
    if (later.some((e) => VIEW_PROJECTIONS.sles.keyOf(e) !== undefined)) holding.clear();
    const after = compare();
    expect(after.map((r) => r.eligibleSles)).not.toEqual(before.map((r) => r.eligibleSles));
  });
});

describe('DeploymentIndex.update re-indexes a deployment from its new view', () => {
  const start = (): AllianceEvent[] => [
    ev.schoolRegistered('100001'),
    ev.schoolRegistered('100002'),
    ev.schoolRegistered('100003'),
    ev.sleDesignated('sle-1', '100002'),
    ev.requested('dep-a', '100001', '2025-09-08'),
    ev.meeting('dep-a', 'sle-1', '2025-09-15', { startDate: '2025-09-22', endDate: '2025-10-24', daysCommissioned: 4 }),
    ev.deployed('dep-a', '2025-09-22'),
    ev.contact('dep-a', '2025-10-06'),
    ev.requested('dep-b', '100003', '2025-09-10'),
    ev.meeting('dep-b', 'sle-1', '2025-09-17', { startDate: '2025-09-29', endDate: '2025-12-12', daysCommissioned: 6 }),
  ];
  const build = () => {
    const views = foldViews(recorded(start()));
    return { views, index: DeploymentIndex.fromViews(views) };
  };
  /** Events after the first ones, stamped so that revisions and positions carry on from them. */
  const more = (...events: AllianceEvent[]) => recorded([...start(), ...events]).slice(start().length);
  const ids = (index: DeploymentIndex, from: string, to: string) =>
    index.deploymentsTouching(from, to).map((d) => d.deploymentId);

  it('keeps a deployment under way in every later period, and drops it from those after it is cancelled', () => {
    const { views, index } = build();
    expect(ids(index, '2026-01-05', '2026-02-13')).toEqual(['dep-a']);
    apply(views, index, more(ev.cancelled('dep-a', '2025-11-14', 'The head teacher left')));
    expect(ids(index, '2026-01-05', '2026-02-13')).toEqual([]);
    expect(ids(index, '2025-11-01', '2025-11-30')).toEqual(['dep-a']);
    expect(index.typicalDays('maths-primary')).toBe(6);
  });

  it('moves the end date and the typical days with an extension, and gives an SLE a new history list', () => {
    const { views, index } = build();
    const before = index.deploymentsOfSle('sle-1');
    expect(Object.isFrozen(before)).toBe(true);
    expect(index.deploymentsOfSle('sle-1')).toBe(before);
    expect(index.typicalDays('maths-primary')).toBe(5);
    apply(views, index, more(ev.extended('dep-a', '2025-10-20', 4, '2025-12-19')));
    const after = index.deploymentsOfSle('sle-1');
    expect(after).not.toBe(before);
    expect(after.map((d) => d.daysCommissioned)).toEqual([8, 6]);
    expect(index.typicalDays('maths-primary')).toBe(7);
    const report = halfTermReport(views, { academicYear: '2025-26', halfTerm: 'autumn-2', today: '2026-01-05', index });
    expect(report).toEqual(
      halfTermReport(views, { academicYear: '2025-26', halfTerm: 'autumn-2', today: '2026-01-05' }),
    );
    expect(report.activeDeployments.map((r) => [r.deploymentId, r.endDate, r.daysCommissioned])).toEqual([
      ['dep-a', '2025-12-19', 8],
    ]);
  });

  it('files a new deployment in URN-and-id order, and forgets one whose view is gone', () => {
    const { views, index } = build();
    apply(
      views,
      index,
      more(ev.requested('dep-0', '100001', '2025-09-09'), ev.requested('dep-c', '100002', '2025-09-09')),
    );
    expect(ids(index, '2025-09-01', '2025-09-30')).toEqual(['dep-0', 'dep-a', 'dep-c', 'dep-b']);
    index.update('dep-c', undefined);
    expect(ids(index, '2025-09-01', '2025-09-30')).toEqual(['dep-0', 'dep-a', 'dep-b']);
    expect(index.deploymentsOfSchool('100002')).toEqual([]);
    expect(index.size).toBe(3);
  });

  it('orders deployments by URN and id when built from views held in another order', () => {
    const views = foldViews(
      recorded([
        ...start(),
        ev.requested('dep-9', '100001', '2025-09-09'),
        ev.requested('dep-0', '100003', '2025-09-09'),
        ev.requested('dep-1', '100001', '2025-09-09'),
      ]),
    );
    const index = DeploymentIndex.fromViews(views);
    expect(ids(index, '2025-09-01', '2025-09-30')).toEqual(['dep-1', 'dep-9', 'dep-a', 'dep-0', 'dep-b']);
    // A school's own list keeps the views' order.
    expect(index.deploymentsOfSchool('100001').map((d) => d.deploymentId)).toEqual(['dep-a', 'dep-9', 'dep-1']);
  });

  it("gives only the named schools' deployments, in the same order and with the same records as the whole list", () => {
    const { views, index } = build();
    apply(
      views,
      index,
      more(
        ev.requested('dep-0', '100001', '2025-09-09'),
        ev.requested('dep-c', '100002', '2025-09-09'),
        ev.requested('dep-z', '100003', '2025-09-11'),
      ),
    );
    const all = index.deploymentsTouching('2025-09-01', '2025-09-30');
    const some = index.deploymentsTouching('2025-09-01', '2025-09-30', ['100001', '100003']);
    expect(some.map((d) => d.deploymentId)).toEqual(['dep-0', 'dep-a', 'dep-b', 'dep-z']);
    expect(some).toEqual(all.filter((d) => d.schoolUrn !== '100002'));
    expect(index.deploymentsTouching('2026-06-01', '2026-06-30', ['100003'])).toEqual([]);
    expect(index.deploymentsTouching('2025-09-01', '2025-09-30', ['999999'])).toEqual([]);
  });

  it('keeps the requests waiting for a meeting, oldest first, in a frozen list made again only when one of them changes', () => {
    const { views, index } = build();
    expect(index.requestsWaiting()).toEqual([]);
    const later = more(
      ev.requested('dep-z', '100001', '2025-09-09'),
      ev.requested('dep-c', '100002', '2025-09-09'),
      ev.requested('dep-0', '100003', '2025-09-12'),
      ev.contact('dep-a', '2025-10-13'),
      ev.meeting('dep-c', 'sle-1', '2025-09-19'),
      ev.cancelled('dep-0', '2025-09-20', 'Met by the local authority', 'requested'),
    );
    apply(views, index, later.slice(0, 3));
    const waiting = index.requestsWaiting();
    expect(waiting.map((d) => d.deploymentId)).toEqual(['dep-c', 'dep-z', 'dep-0']);
    expect(Object.isFrozen(waiting)).toBe(true);
    apply(views, index, later.slice(3, 4)); // a deployment under way: no request changed
    expect(index.requestsWaiting()).toBe(waiting);
    apply(views, index, later.slice(4));
    expect(index.requestsWaiting().map((d) => d.deploymentId)).toEqual(['dep-z']);
    expect(DeploymentIndex.fromViews(views).requestsWaiting()).toEqual(index.requestsWaiting());
    index.update('dep-z', undefined);
    expect(index.requestsWaiting()).toEqual([]);
  });

  it('starts empty', () => {
    const index = DeploymentIndex.fromViews(emptyViews());
    expect(index.deploymentsTouching('2025-09-01', '2026-08-31')).toEqual([]);
    expect(index.deploymentsOfSle('sle-1')).toEqual([]);
    expect(index.typicalDays('phonics')).toBeUndefined();
  });
});
