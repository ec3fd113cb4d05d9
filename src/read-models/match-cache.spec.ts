import type { DeploymentView } from '../../projections/deployment-view.js';
import { historiesFrom, rankMatches, type MatchInput } from '../../projections/match-score.js';
import type { SleView } from '../../projections/sle-view.js';
import { deployment, input, schools, sle, team, teamHistory } from '../../test/support/matching-fixtures.js';
import { MatchCache } from './match-cache.js';

describe('MatchCache', () => {
  const { alex, bea, cal, dee } = team;
  const history = teamHistory();

  it('ranks as the rule does, and keeps what the SLEs of a list bring to the specialism until the version moves', () => {
    const cache = new MatchCache();
    const everyone: readonly SleView[] = Object.freeze([
      alex,
      bea,
      cal,
      dee,
      sle('s-home', 'Hana Home', { homeSchoolUrn: '100001' }),
    ]);
    let histories = history;
    const ask = (version: number, limit = 10) =>
      cache.rank(
        {
          ...input(everyone, [], { includeIneligible: false, historyOf: (id) => historiesFrom(histories)(id) }),
          limit,
        },
        version,
      );
    const afresh = (limit = 10) =>
      rankMatches({ ...input([...everyone], histories, { includeIneligible: false }), limit });
    const first = ask(1);
    expect(first).toEqual(afresh());
    expect(ask(1, 2)).toEqual(afresh(2));
    // Hana works at the requesting school: neither listed nor counted.
    expect(first.eligibleCount).toBe(4);
    expect(first.matches.map((m) => m.sleId)).not.toContain('s-home');
    // Alex is booked up for the year; until the version moves, what was worked out stands.
    histories = [...history, deployment('s-alex', 'deployed', { commissionedByYear: { '2025-26': 20 } })];
    expect(ask(1)).toEqual(first);
    const second = ask(2);
    expect(second).toEqual(afresh());
    expect(second.eligibleCount).toBe(3);
  });

  it('reads a list of deployments once: the same history for the same list, a new one for a changed list', () => {
    const cache = new MatchCache();
    const everyone = [alex, bea, cal, dee];
    const lists = new Map(everyone.map((s) => [s.sleId, Object.freeze(history.filter((d) => d.sleId === s.sleId))]));
    const cached = (deployments: DeploymentView[], extra: Partial<MatchInput> = {}) =>
      rankMatches(input(everyone, deployments, { ...extra, historyOf: (id) => cache.historyOf(lists.get(id) ?? []) }));
    expect(cache.historyOf(lists.get('s-dee') ?? [])).toBe(cache.historyOf(lists.get('s-dee') ?? []));
    expect(cached(history)).toEqual(rankMatches(input(everyone, history)));
    // Another school and another year are worked out from the same histories.
    const other = {
      request: { schoolUrn: '100003', specialism: 'maths-primary', programme: 'sle' },
      school: schools.get('100003')!,
      academicYear: '2024-25',
    };
    expect(cached(history, other)).toEqual(rankMatches(input(everyone, history, other)));
    // A changed history is a new list: its answers are worked out again.
    const busier = [
      ...history,
      deployment(alex.sleId, 'deployed', { commissionedByYear: { '2025-26': 16 }, schoolUrn: '100001' }),
    ];
    const before = cache.historyOf(lists.get(alex.sleId) ?? []);
    lists.set(alex.sleId, Object.freeze(busier.filter((d) => d.sleId === alex.sleId)));
    expect(cache.historyOf(lists.get(alex.sleId) ?? [])).not.toBe(before);
    expect(cached(busier)).toEqual(rankMatches(input(everyone, busier)));
  });

  it('keeps the count made for a list of holders until the version moves or another year is asked', () => {
    const cache = new MatchCache();
    const holders = Object.freeze([sle('s-1', 'One', { capacityDays: 4 }), sle('s-2', 'Two')]);
    let deployments: DeploymentView[] = [];
    const supply = { slesHolding: () => holders, historyOf: (id: string) => historiesFrom(deployments)(id) };
    const count = (version: number, year = '2025-26') =>
      cache.eligibleIn(supply, 'maths-primary', year, 'sle', version).count;
    expect(count(1)).toBe(2);
    deployments = [deployment('s-1', 'deployed', { commissionedByYear: { '2025-26': 4 } })]; // s-1 has no days left
    // The same version says no history changed (the index moves it with every change): the count stands.
    expect(count(1)).toBe(2);
    expect(count(2)).toBe(1);
    expect(count(2, '2024-25')).toBe(2);
    expect(count(2)).toBe(1);
  });
});
