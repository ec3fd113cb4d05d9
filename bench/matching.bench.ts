import { createHash } from 'node:crypto';
import type { RecordedEvent } from '../events/index.js';
import { foldViews } from '../projections/alliance-views.js';
import type { DeploymentView } from '../projections/deployment-view.js';
import type { SleView } from '../projections/sle-view.js';
import { DEFAULT_MATCH_WEIGHTS, rankMatches, slesHolding, type MatchInput } from '../projections/match-score.js';
import { academicYearOf } from '../src/calendar/academic-calendar.js';
import { DEFAULT_MATCHES } from '../src/deployments/deployment.dto.js';
import { DeploymentIndex } from '../src/read-models/deployment-index.js';
import { MatchCache } from '../src/read-models/match-cache.js';
import { recorded } from '../test/support/event-builders.js';
import { latencyFigures, measureTogether, summarise, timed, type BenchOptions, type BenchSuite } from './harness.js';
import { generateAlliance, MATCHING_ALLIANCE } from './synthetic-alliance.js';

/**
 * Issue 4: `GET /api/support-requests/:id/matches` at 2,000 SLEs and 20,000 past deployments.
 *
 * The views are folded from a synthetic event history with the application's own projections, and
 * indexed as ReadModels indexes them (`DeploymentIndex`). One call does what GET matches does after catching
 * up, reading that index: the specialism's typical days (the median it keeps), then rankMatches for the best
 * 10, with each SLE's history from the index: by default over the SLEs holding the specialism (a frozen list
 * per specialism, as ReadModels keeps it, so what they bring to any request is kept until a history changes);
 * with ?includeIneligible=true over every SLE, reading each history to give the reasons (a history once read is
 * kept with it until it changes). A different open request each time. The baseline is the least any matcher
 * must do for a request: one pass over the SLEs checking who holds the specialism.
 */
export const matchingBench: BenchSuite = {
  name: 'matching',
  description:
    'GET matches (typical days + rankMatches, from the index) at 2,000 SLEs and 20,000 deployments, against one specialism pass over the SLEs',
  async run({ quick, log }: BenchOptions) {
    const shape = MATCHING_ALLIANCE;
    log(
      `matching: generating ${shape.sles} SLEs, ${shape.deployments} deployments, ${shape.schools} schools (seed ${shape.seed})`,
    );
    const generated = await timed(() => generateAlliance(shape));
    const folded = await timed(() => foldViews(recorded(generated.result.events) as RecordedEvent[]));
    const views = folded.result;
    const indexed = await timed(() => DeploymentIndex.fromViews(views));
    const index = indexed.result;
    const cache = new MatchCache();
    const historyOf = (sleId: string) => cache.historyOf(index.deploymentsOfSle(sleId));
    const academicYear = academicYearOf(shape.today);
    const requests = generated.result.openRequests
      .map((id) => views.deployments.get(id)!)
      .filter((d) => d.status === 'requested');
    if (!requests.length) throw new Error('The synthetic alliance has no open request to match');
    log(
      `matching: ${generated.result.events.length} events generated in ${generated.ms.toFixed(0)} ms, folded in ${folded.ms.toFixed(0)} ms; ${requests.length} open requests`,
    );

    // --quick keeps the whole run well under a minute.
    const iterations = quick ? 100 : 1_000;
    const warmup = quick ? 10 : 50;
    const baselineIterations = quick ? 5_000 : 50_000;
    const rounds = quick ? 5 : 20;

    // What GET matches computes (FindMatchesHandler.execute without the catch-up, as ReadModels.rankMatches does).
    const holding = new Map<string, SleView[]>();
    const slesHoldingOf = (specialism: string) =>
      holding.get(specialism) ??
      holding
        .set(specialism, Object.freeze(slesHolding(views.sles.values(), specialism, 'sle')) as SleView[])
        .get(specialism)!;
    const findMatches = (
      request: DeploymentView,
      includeIneligible = false,
      typicalDays = index.typicalDays(request.specialism),
      limit = DEFAULT_MATCHES,
    ) => {
      const input: MatchInput = {
        request,
        school: views.schools.get(request.schoolUrn)!,
        sles: includeIneligible ? [...views.sles.values()] : slesHoldingOf(request.specialism),
        historyOf,
        typicalDays,
        schools: views.schools,
        academicYear,
        weights: DEFAULT_MATCH_WEIGHTS,
        includeIneligible,
        limit,
      };
      return includeIneligible ? rankMatches(input) : cache.rank(input, index.sleHistoriesVersion);
    };
    // The baseline: one pass over the SLEs checking the specialism.
    const holdersOf = (specialism: string) => {
      let holders = 0;
      for (const sle of views.sles.values()) if (sle.specialisms.includes(specialism)) holders++;
      return holders;
    };
    const requestAt = (i: number) => requests[i % requests.length];
    // The answers themselves, hashed: the same seed must give the same fingerprint, and a faster matcher must keep it.
    const answers = createHash('sha256');
    for (const request of requests.slice(0, 20))
      answers.update(JSON.stringify(findMatches(request, true, undefined, Number.POSITIVE_INFINITY)));
    const fingerprint = answers.digest('hex').slice(0, 16);

    const typicalBySpecialism = new Map(requests.map((r) => [r.specialism, index.typicalDays(r.specialism)]));
    let eligible = 0;
    let ineligible = 0;
    log(
      `matching: ${iterations} full GET matches, ${iterations} of each part alone and ${baselineIterations} baseline passes, interleaved in ${rounds} rounds`,
    );
    const samples = measureTogether(
      [
        {
          name: 'baseline',
          fn: (i) => holdersOf(requestAt(i).specialism),
          warmup: warmup * 10,
          iterations: baselineIterations,
        },
        {
          name: 'full-with-ineligible',
          fn: (i) => {
            const { matches, eligibleCount, ineligibleCount } = findMatches(requestAt(i), true);
            eligible += eligibleCount;
            ineligible += ineligibleCount;
            return matches.length;
          },
          warmup,
          iterations,
        },
        { name: 'full', fn: (i) => findMatches(requestAt(i)).matches.length, warmup, iterations },
        { name: 'typicalDays', fn: (i) => index.typicalDays(requestAt(i).specialism), warmup, iterations },
        {
          name: 'rankMatches',
          fn: (i) => {
            const request = requestAt(i);
            return findMatches(request, false, typicalBySpecialism.get(request.specialism)).matches.length;
          },
          warmup,
          iterations,
        },
      ],
      rounds,
    );
    const [baseline, full, withIneligible, typicalOnly, rankOnly] = [
      'baseline',
      'full',
      'full-with-ineligible',
      'typicalDays',
      'rankMatches',
    ].map((name) => samples.get(name)!);

    const base = summarise(baseline);
    const calls = warmup + iterations; // the counters also saw the warm-up calls
    const statuses: Record<string, number> = {};
    for (const d of views.deployments.values()) statuses[d.status] = (statuses[d.status] ?? 0) + 1;
    return {
      figures: [
        ...latencyFigures('matching full', summarise(full), 'specialism pass', base, 'requests/s'),
        ...latencyFigures(
          'matching ?includeIneligible=true',
          summarise(withIneligible),
          'specialism pass',
          base,
          'requests/s',
        ),
        ...latencyFigures(
          'matching typical days (index) only',
          summarise(typicalOnly),
          'specialism pass',
          base,
          'calls/s',
        ).filter((f) => !f.figure.endsWith('throughput')),
        ...latencyFigures('matching rankMatches only', summarise(rankOnly), 'specialism pass', base, 'calls/s').filter(
          (f) => !f.figure.endsWith('throughput'),
        ),
      ],
      context: {
        alliance: {
          ...shape,
          events: generated.result.events.length,
          deploymentsByStatus: statuses,
          evaluatedDeployments: [...views.deployments.values()].filter((d) => d.evaluation).length,
          slesWithDesignationEnded: [...views.sles.values()].filter((s) => s.designationEndedOn).length,
          localAuthorities: new Set([...views.schools.values()].map((s) => s.localAuthority)).size,
          openRequests: requests.length,
          distinctRequestSpecialisms: new Set(requests.map((r) => r.specialism)).size,
        },
        answersFingerprint: fingerprint,
        setupMs: {
          generate: Math.round(generated.ms),
          recordAndFold: Math.round(folded.ms),
          index: Math.round(indexed.ms),
        },
        academicYear,
        iterations: {
          full: iterations,
          eachPart: iterations,
          baseline: baselineIterations,
          warmup,
          baselineWarmup: warmup * 10,
          rounds,
        },
        perRequest: { eligibleMean: eligible / calls, ineligibleMean: ineligible / calls },
      },
    };
  },
};
