import { ALLIANCE_SIZES, generateAlliance } from '../bench/synthetic-alliance.js';
import { recorded } from '../test/support/event-builders.js';
import { foldViews } from './alliance-views.js';
import { factsFromStored, factsOf, storedFacts, type StoredFacts } from './deployment-facts.js';

describe('DeploymentFacts stored beside each view', () => {
  const views = [...foldViews(recorded(generateAlliance(ALLIANCE_SIZES['10k']).events)).deployments.values()];

  it('reads back exactly the facts of every view, in every state, through JSON', () => {
    expect(new Set(views.map((v) => v.status))).toEqual(new Set(['requested', 'brokered', 'deployed', 'evaluated', 'cancelled']));
    expect(views.some((v) => v.extensions.length) && views.some((v) => v.evaluation?.outcomes.length) && views.some((v) => Object.keys(v.commissionedByYear).length > 1)).toBe(true);
    for (const view of views) {
      const stored = JSON.parse(JSON.stringify(storedFacts(factsOf(view)))) as StoredFacts;
      expect(factsFromStored(stored)).toEqual(factsOf(view));
    }
  });

  it('takes the strings many deployments repeat from the copies given', () => {
    const copies = new Map<string, string>();
    const same = (text: string) => copies.get(text) ?? (copies.set(text, text), text);
    const matched = views.filter((v) => v.sleId);
    const a = matched[0];
    factsFromStored(JSON.parse(JSON.stringify(storedFacts(factsOf(a)))) as StoredFacts, same);
    expect([...copies.keys()].sort()).toEqual([a.sleId!, a.specialism].sort());
  });
});
