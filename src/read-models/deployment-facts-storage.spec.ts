import { ALLIANCE_SIZES, generateAlliance } from '../../bench/synthetic-alliance.js';
import { foldViews } from '../../projections/alliance-views.js';
import { factsOf } from '../../projections/deployment-facts.js';
import { recorded } from '../../test/support/event-builders.js';
import { storedFacts, storedFactsReader, type StoredFacts } from './deployment-facts-storage.js';

describe('DeploymentFacts stored beside each view', () => {
  const views = [...foldViews(recorded(generateAlliance(ALLIANCE_SIZES['10k']).events)).deployments.values()];
  type View = (typeof views)[number];
  /** A view's facts stored, through JSON, and read back by `read`. */
  const through = (read: ReturnType<typeof storedFactsReader>, v: View) =>
    read(JSON.parse(JSON.stringify(storedFacts(factsOf(v)))) as StoredFacts);

  it('reads back exactly the facts of every view, in every state, through JSON', () => {
    expect(new Set(views.map((v) => v.status))).toEqual(
      new Set(['requested', 'brokered', 'deployed', 'evaluated', 'cancelled']),
    );
    expect(
      views.some((v) => v.extensions.length) &&
        views.some((v) => v.evaluation?.outcomes.length) &&
        views.some((v) => Object.keys(v.commissionedByYear).length > 1),
    ).toBe(true);
    const read = storedFactsReader();
    for (const view of views) expect(through(read, view)).toEqual(factsOf(view));
  });

  it('gives the deployments one reader reads one copy of the days by year and of each outcome', () => {
    const read = storedFactsReader();
    const readBack = (v: View) => through(read, v);
    const evaluated = views.filter((v) => v.evaluation?.outcomes.some((o) => o.result === 'achieved'));
    const [a, b] = [readBack(evaluated[0]), readBack(evaluated[1])];
    expect(a.evaluation!.outcomes.find((o) => o.result === 'achieved')).toBe(
      b.evaluation!.outcomes.find((o) => o.result === 'achieved'),
    );
    const sameDays = views.filter(
      (v) => JSON.stringify(v.commissionedByYear) === JSON.stringify(evaluated[0].commissionedByYear),
    );
    expect(sameDays.length).toBeGreaterThan(1);
    expect(readBack(sameDays[0]).commissionedByYear).toBe(readBack(sameDays[1]).commissionedByYear);
    expect(Object.isFrozen(a.commissionedByYear)).toBe(true);
  });

  it('reads back evaluations with more outcomes than it codes, each as it was', () => {
    const read = storedFactsReader();
    const view = views.find((v) => v.evaluation)!;
    const results = Array.from(
      { length: 40 },
      (_, i) => (['achieved', 'partly-achieved', 'not-achieved'] as const)[(i * 7) % 3],
    );
    const withResults = (last: (typeof results)[number]) => {
      const facts = factsOf(view);
      return {
        ...facts,
        evaluation: { ...facts.evaluation!, outcomes: [...results, last].map((result) => ({ result })) },
      };
    };
    for (const facts of [withResults('achieved'), withResults('not-achieved')]) {
      expect(read(JSON.parse(JSON.stringify(storedFacts(facts))) as StoredFacts)).toEqual(facts);
    }
  });

  it('gives them one copy of each contact, brokerage meeting, evaluation and date alike, where each view has its own', () => {
    const read = storedFactsReader();
    const readBack = (v: View) => through(read, v);
    const contacts = views.flatMap((v) => v.contacts);
    const key = (c: (typeof contacts)[number]) => `${c.on} ${c.daysUsed} ${c.status}`;
    const read1 = views.flatMap((v) => readBack(v).contacts);
    expect(new Set(read1).size).toBe(new Set(contacts.map(key)).size);
    expect(new Set(read1).size).toBeLessThan(contacts.length);
    expect(read1.every(Object.isFrozen)).toBe(true);
    const meetingKey = (v: View) => `${v.brokerageMeeting?.heldOn} ${v.brokerageMeeting?.endDate}`;
    const met = views.filter((v) => v.brokerageMeeting);
    const sameMeeting = met
      .filter((v) => met.some((other) => other !== v && meetingKey(other) === meetingKey(v)))
      .sort((a, b) => meetingKey(a).localeCompare(meetingKey(b)));
    expect(meetingKey(sameMeeting[0])).toBe(meetingKey(sameMeeting[1]));
    expect(sameMeeting[0].brokerageMeeting).not.toBe(sameMeeting[1].brokerageMeeting);
    expect(readBack(sameMeeting[0]).brokerageMeeting).toBe(readBack(sameMeeting[1]).brokerageMeeting);
    const evaluationKey = (v: View) =>
      JSON.stringify([v.evaluation?.heldOn, v.evaluation?.schoolRating, v.evaluation?.outcomes.map((o) => o.result)]);
    const evaluated = views.filter((v) => v.evaluation);
    const sameEvaluation = evaluated
      .filter((v) => evaluated.some((other) => other !== v && evaluationKey(other) === evaluationKey(v)))
      .sort((a, b) => evaluationKey(a).localeCompare(evaluationKey(b)));
    expect(evaluationKey(sameEvaluation[0])).toBe(evaluationKey(sameEvaluation[1]));
    expect(readBack(sameEvaluation[0]).evaluation).toBe(readBack(sameEvaluation[1]).evaluation);
    // One reader's parts are its own: another reader makes its own copies.
    expect(storedFactsReader()(storedFacts(factsOf(sameMeeting[0]))).brokerageMeeting).not.toBe(
      readBack(sameMeeting[0]).brokerageMeeting,
    );
  });
});
