import { ALLIANCE_SIZES, generateAlliance } from '../bench/synthetic-alliance.js';
import { recorded } from '../test/support/event-builders.js';
import { foldViews } from './alliance-views.js';
import { factsOf, storedFacts, storedFactsReader, type StoredFacts } from './deployment-facts.js';

describe('DeploymentFacts stored beside each view', () => {
  const views = [...foldViews(recorded(generateAlliance(ALLIANCE_SIZES['10k']).events)).deployments.values()];

  it('reads back exactly the facts of every view, in every state, through JSON', () => {
    expect(new Set(views.map((v) => v.status))).toEqual(new Set(['requested', 'brokered', 'deployed', 'evaluated', 'cancelled']));
    expect(views.some((v) => v.extensions.length) && views.some((v) => v.evaluation?.outcomes.length) && views.some((v) => Object.keys(v.commissionedByYear).length > 1)).toBe(true);
    const read = storedFactsReader();
    for (const view of views) {
      const stored = JSON.parse(JSON.stringify(storedFacts(factsOf(view)))) as StoredFacts;
      expect(read(stored)).toEqual(factsOf(view));
    }
  });

  it('gives the deployments one reader reads one copy of the days by year and of each outcome', () => {
    const read = storedFactsReader();
    const through = (v: (typeof views)[number]) => read(JSON.parse(JSON.stringify(storedFacts(factsOf(v)))) as StoredFacts);
    const evaluated = views.filter((v) => v.evaluation?.outcomes.some((o) => o.result === 'achieved'));
    const [a, b] = [through(evaluated[0]), through(evaluated[1])];
    expect(a.evaluation!.outcomes.find((o) => o.result === 'achieved')).toBe(b.evaluation!.outcomes.find((o) => o.result === 'achieved'));
    const sameDays = views.filter((v) => JSON.stringify(v.commissionedByYear) === JSON.stringify(evaluated[0].commissionedByYear));
    expect(sameDays.length).toBeGreaterThan(1);
    expect(through(sameDays[0]).commissionedByYear).toBe(through(sameDays[1]).commissionedByYear);
    expect(Object.isFrozen(a.commissionedByYear)).toBe(true);
  });
});
