import {
  VIEW_COLLECTIONS,
  VIEW_PROJECTIONS,
  type ViewCollection,
  type ViewTypes,
} from '../../projections/alliance-views.js';
import { factsOf } from '../../projections/deployment-facts.js';
import type { DeploymentView } from '../../projections/deployment-view.js';
import { storedFacts } from './deployment-facts-storage.js';
import { PLAIN_STORAGE, type ProjectionStorage, type StoredProjection } from './projection-storage.js';

const VIEW_STORAGE: { [C in ViewCollection]?: ProjectionStorage<ViewTypes[C]> } = {
  deployments: {
    // 1: each view is stored with its facts (`storedFacts`), which the deployment index is built from at start.
    // 2: the stored facts keep their dates as day keys.
    // 3: and each deployment's programme.
    format: 3,
    readByKey: true,
    internStrings: internDeploymentViewStrings,
    summarise: (view) => storedFacts(factsOf(view)),
  },
};

/** The views' projections, each with how it is stored. */
export const storedViewProjections = (): StoredProjection[] =>
  VIEW_COLLECTIONS.map(
    (c) =>
      ({ projection: VIEW_PROJECTIONS[c], storage: VIEW_STORAGE[c] ?? PLAIN_STORAGE }) as unknown as StoredProjection,
  );

/**
 * Makes a view just parsed use `intern`'s one copy of the strings views repeat: ids of SLEs, the vocabulary
 * (specialism, source, outcome result) and the measures, units and attendees of meetings and evaluations. The
 * area of need as requested is the agreed one's copy while they read the same. Free text (notes, summaries,
 * reasons) is left as it is. Changes the view in place: only before anything else holds it.
 */
export function internDeploymentViewStrings(view: DeploymentView, intern: (text: string) => string): void {
  if (view.sleId) view.sleId = intern(view.sleId);
  view.specialism = intern(view.specialism);
  view.programme = intern(view.programme);
  view.source = intern(view.source) as DeploymentView['source'];
  if (view.requestedAreaOfNeed === view.areaOfNeed) view.requestedAreaOfNeed = view.areaOfNeed;
  for (const o of view.expectedOutcomes) [o.measure, o.unit] = [intern(o.measure), intern(o.unit)];
  for (const a of view.brokerageMeeting?.attendees ?? []) [a.name, a.role] = [intern(a.name), intern(a.role)];
  for (const o of view.evaluation?.outcomes ?? [])
    [o.measure, o.unit, o.result] = [intern(o.measure), intern(o.unit), intern(o.result) as typeof o.result];
}
