import { deployment, evaluated, input, schools, sle, team, teamHistory } from '../test/support/matching-fixtures.js';
import { typicalDaysFor } from './deployment-lookup.js';
import {
  DEFAULT_MATCH_WEIGHTS,
  eligibleSlesCounter,
  historiesFrom,
  holdingAmong,
  rankMatches,
  slesHolding,
} from './match-score.js';

describe('rankMatches: the score and its reasons', () => {
  const { alex, bea, cal, dee } = team;
  const history = teamHistory();

  it('orders by score, each part weighted as documented', () => {
    const { matches } = rankMatches(input([alex, bea, cal, dee], history));
    // Dee: phase 25 + capacity 20 + load 15 + record 20*(3*1 + 3*0.5)/6 = 15 + local authority 10 + continuity 10
    // Alex: 25 + 20 + 15 + neutral 10 + 10; Cal: 25 + 20 (12 left) + 15/3 + 10 + 10; Bea: 0 + 20 + 15 + 10 + 0
    expect(matches.map((m) => [m.name, m.score])).toEqual([
      ['Dee Dunn', 95],
      ['Alex Adams', 80],
      ['Cal Carter', 70],
      ['Bea Brown', 45],
    ]);
  });

  it('explains each match in plain words', () => {
    const { matches } = rankMatches(input([alex, bea, cal, dee], history));
    const reasons = Object.fromEntries(matches.map((m) => [m.name, m.reasons]));
    expect(reasons['Dee Dunn']).toEqual([
      'holds the maths primary specialism',
      'works in primary schools, like this one',
      '20 days left in 2025-26; a maths primary deployment usually takes 5 days',
      'no other active deployments',
      '3 evaluated maths-primary deployments: 3 of 3 outcomes achieved, average school rating 5 of 5',
      'based in Buckinghamshire, the same local authority',
      'already known to the school from 1 earlier deployment',
    ]);
    expect(reasons['Bea Brown']).toEqual([
      'holds the maths primary specialism',
      'works in secondary schools, not primary',
      '20 days left in 2025-26; a maths primary deployment usually takes 5 days',
      'no other active deployments',
      'no evaluated maths-primary deployments yet, counted as neutral',
    ]);
    expect(reasons['Cal Carter']).toContain('already on 2 active deployments');
    expect(reasons['Cal Carter']).toContain('12 days left in 2025-26; a maths primary deployment usually takes 5 days');
  });

  it('counts a short, poor record close to neutral rather than as bad', () => {
    const newcomer = sle('s-new', 'Nia New');
    const { matches } = rankMatches(input([newcomer], [evaluated('s-new', 1, ['not-achieved'])]));
    // record 20 * (1*0 + 3*0.5) / 4 = 7.5, against 10 for no record at all
    expect(matches[0].score).toBe(77.5);
    expect(matches[0].reasons).toContain(
      '1 evaluated maths-primary deployment: 0 of 1 outcome achieved, average school rating 1 of 5 (little history yet, so counted close to neutral)',
    );
  });

  it('only counts the record in the requested specialism, and partly achieved as half', () => {
    const mixed = sle('s-mix', 'Max Mix', { specialisms: ['maths-primary', 'science'] });
    const history2 = [
      evaluated('s-mix', 3, ['partly-achieved', 'achieved']),
      evaluated('s-mix', 5, ['achieved'], { specialism: 'science' }),
    ];
    const [match] = rankMatches(input([mixed], history2)).matches;
    // observed 0.5*0.75 + 0.5*0.5 = 0.625; record 20 * (0.625 + 1.5) / 4 = 10.625
    expect(match.score).toBe(80.6);
    expect(match.reasons).toContain(
      '1 evaluated maths-primary deployment: 1 of 2 outcomes achieved, average school rating 3 of 5 (little history yet, so counted close to neutral)',
    );
  });

  it('scales capacity against the days such a deployment usually takes', () => {
    const busy = sle('s-busy', 'Bo Busy', { capacityDays: 10 });
    const history2 = [deployment('s-busy', 'evaluated', { commissionedByYear: { '2025-26': 6 } })];
    const [match] = rankMatches(input([busy], history2, { typicalDays: 8 })).matches;
    // 4 days left of the 8 usually taken: capacity 20 * 0.5 = 10
    expect(match.score).toBe(70);
    expect(match.reasons).toContain('4 days left in 2025-26; a maths primary deployment usually takes 8 days');
  });

  it('breaks ties by days left, then name, then id, the same way every time', () => {
    const sles = [
      sle('s-2', 'Zoe Same'),
      sle('s-1', 'Zoe Same'),
      sle('s-3', 'Amy Same'),
      sle('s-4', 'Kim More', { capacityDays: 30 }),
    ];
    const first = rankMatches(input(sles, [])).matches.map((m) => m.sleId);
    expect(first).toEqual(['s-4', 's-3', 's-1', 's-2']);
    expect(rankMatches(input([...sles].reverse(), [])).matches.map((m) => m.sleId)).toEqual(first);
  });

  it('gives the same matches without reading the ineligible SLEs when not asked for them', () => {
    const everyone = [
      alex,
      bea,
      cal,
      dee,
      sle('s-sci', 'Sid Science', { specialisms: ['science'] }),
      sle('s-home', 'Hana Home', { homeSchoolUrn: '100001' }),
    ];
    const full = rankMatches(input(everyone, history));
    const read: string[] = [];
    const lean = rankMatches(
      input(everyone, history, {
        includeIneligible: false,
        historyOf: (id) => (read.push(id), historiesFrom(history)(id)),
      }),
    );
    expect(lean.matches).toEqual(full.matches);
    expect(lean.ineligible).toEqual([]);
    expect(full.ineligible.map((i) => i.name)).toEqual(['Hana Home', 'Sid Science']);
    expect(read).not.toContain('s-sci');
    expect(read).not.toContain('s-home');
  });

  it('gives the same matches from only the SLEs holding the specialism', () => {
    const ended = sle('s-end', 'Eve Ended', { designationEndedOn: '2025-07-31' });
    const everyone = [
      alex,
      bea,
      cal,
      dee,
      ended,
      sle('s-sci', 'Sid Science', { specialisms: ['science'] }),
      sle('s-home', 'Hana Home', { homeSchoolUrn: '100001' }),
    ];
    const holding = slesHolding(everyone, 'maths-primary', 'sle');
    expect(holding.map((s) => s.sleId)).toEqual(['s-alex', 's-bea', 's-cal', 's-dee', 's-home']);
    expect(rankMatches(input(holding, history, { includeIneligible: false }))).toEqual(
      rankMatches(input(everyone, history, { includeIneligible: false })),
    );
  });

  it('lists the best `limit` matches and the first `limit` ineligible SLEs, counting all of each', () => {
    const everyone = [
      alex,
      bea,
      cal,
      dee,
      sle('s-sci', 'Sid Science', { specialisms: ['science'] }),
      sle('s-home', 'Hana Home', { homeSchoolUrn: '100001' }),
    ];
    const all = rankMatches(input(everyone, history));
    const two = rankMatches({ ...input(everyone, history), limit: 2 });
    expect(two.matches).toEqual(all.matches.slice(0, 2));
    expect(two.ineligible).toEqual(all.ineligible.slice(0, 2));
    expect([two.eligibleCount, two.ineligibleCount]).toEqual([all.matches.length, all.ineligible.length]);
    expect(all.matches.length).toBeGreaterThan(2);
    expect(all.ineligible.length).toBe(2);
    expect(rankMatches({ ...input(everyone, history), limit: 1 }).ineligible.map((i) => i.name)).toEqual(['Hana Home']);
  });

  it('takes its weights from configuration', () => {
    const continuityOnly = { phaseFit: 0, capacity: 0, load: 0, trackRecord: 0, localAuthority: 0, continuity: 100 };
    const { matches } = rankMatches(input([alex, bea, cal, dee], history, { weights: continuityOnly }));
    expect(matches.map((m) => [m.name, m.score])).toEqual([
      ['Dee Dunn', 100],
      ['Alex Adams', 0],
      ['Bea Brown', 0],
      ['Cal Carter', 0],
    ]);
    expect(Object.values(DEFAULT_MATCH_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
  });
});

describe('rankMatches: eligibility', () => {
  it.each([
    [
      'whose designation ended',
      sle('s-x', 'Eve Ended', { designationEndedOn: '2025-07-31' }),
      [],
      'designation ended on 2025-07-31',
    ],
    [
      'without the specialism',
      sle('s-x', 'Fin Science', { specialisms: ['science'] }),
      [],
      'does not hold the maths primary specialism',
    ],
    [
      'from the requesting school',
      sle('s-x', 'Gus Home', { homeSchoolUrn: '100001' }),
      [],
      'works at the requesting school',
    ],
    [
      'with no days left this academic year',
      sle('s-x', 'Hal Full', { capacityDays: 5 }),
      [deployment('s-x', 'deployed', { commissionedByYear: { '2025-26': 5 } })],
      'no days left in 2025-26 (5 of 5 commissioned)',
    ],
  ])('excludes an SLE %s and says why', (_label, excluded, history, reason) => {
    const { matches, ineligible } = rankMatches(input([excluded], history));
    expect(matches).toEqual([]);
    expect(ineligible).toEqual([{ sleId: 's-x', name: excluded.name, reasons: [reason] }]);
  });

  it('lists every reason an SLE is ineligible, and frees the unused days of a cancelled deployment', () => {
    const both = sle('s-x', 'Ivy Both', { homeSchoolUrn: '100001', specialisms: ['science'] });
    expect(rankMatches(input([both], [])).ineligible[0].reasons).toEqual([
      'does not hold the maths primary specialism',
      'works at the requesting school',
    ]);
    const freed = sle('s-y', 'Jo Freed', { capacityDays: 5 });
    const cancelled = deployment('s-y', 'cancelled', { commissionedByYear: { '2025-26': 5 } });
    expect(rankMatches(input([freed], [cancelled])).matches.map((m) => m.sleId)).toEqual(['s-y']);
  });

  it('counts, for many requests at once, the SLEs that matching finds eligible for each', () => {
    const sles = [
      sle('s-1', 'One'),
      sle('s-2', 'Two', { homeSchoolUrn: '100001', specialisms: ['maths-primary', 'phonics', 'phonics'] }),
      sle('s-3', 'Three', { specialisms: ['phonics'], capacityDays: 4 }),
      sle('s-4', 'Four', { designationEndedOn: '2025-01-01' }),
      sle('s-5', 'Five', { specialisms: ['science', 'maths-primary'] }),
      sle('s-6', 'Six', { homeSchoolUrn: '100001' }), // a second SLE at 100001: both left out of its own requests
    ];
    const history = [
      deployment('s-3', 'deployed', { commissionedByYear: { '2025-26': 4 } }),
      deployment('s-1', 'evaluated', { schoolUrn: '100003' }),
    ];
    const count = eligibleSlesCounter(
      { slesHolding: holdingAmong(sles), historyOf: historiesFrom(history) },
      '2025-26',
    );
    for (const schoolUrn of ['100001', '100002', '100003']) {
      for (const specialism of ['maths-primary', 'phonics', 'science', 'mfl']) {
        const request = { schoolUrn, specialism, programme: 'sle' };
        expect([schoolUrn, specialism, count(request)]).toEqual([
          schoolUrn,
          specialism,
          rankMatches(input(sles, history, { request, school: schools.get(schoolUrn)! })).eligibleCount,
        ]);
      }
    }
    expect(count({ schoolUrn: '100003', specialism: 'maths-primary', programme: 'sle' })).toBe(4); // s-1, s-2, s-5 and s-6; s-4's designation ended
    expect(count({ schoolUrn: '100001', specialism: 'maths-primary', programme: 'sle' })).toBe(2); // s-1 and s-5
  });
});

describe('typicalDaysFor', () => {
  it('is the median days commissioned in the specialism, leaving out cancelled and unbrokered requests', () => {
    const history = [
      deployment('a', 'evaluated', { daysCommissioned: 3 }),
      deployment('a', 'deployed', { daysCommissioned: 8 }),
      deployment('a', 'brokered', { daysCommissioned: 5 }),
      deployment('a', 'cancelled', { daysCommissioned: 40 }),
      deployment('a', 'requested', { daysCommissioned: 0, brokerageMeeting: null }),
      deployment('a', 'evaluated', { daysCommissioned: 30, specialism: 'science' }),
    ];
    expect(typicalDaysFor('maths-primary', history)).toBe(5);
    expect(typicalDaysFor('maths-primary', history.slice(0, 2))).toBe(5.5);
    expect(typicalDaysFor('phonics', history)).toBeUndefined();
  });
});
