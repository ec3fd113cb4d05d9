import type { DeploymentStatus } from '../../events/index.js';
import type { AllianceViews } from '../../projections/alliance-views.js';
import type { DeploymentFacts } from '../../projections/deployment-facts.js';
import type { DeploymentLookup } from '../../projections/deployment-lookup.js';
import type { DeploymentView } from '../../projections/deployment-view.js';
import type { SchoolView } from '../../projections/school-view.js';
import type { SleView } from '../../projections/sle-view.js';
import { AccessPolicy } from '../auth/access-policy.js';
import type { AuthUser } from '../auth/auth-user.js';
import {
  foldForSearch,
  pageOf,
  searchWords,
  type Page,
  type PageRequest,
  type SearchText,
} from '../read-models/list-page.js';
import { byCodeUnits } from '../shared/order.js';
import { orderOf } from '../shared/paging.js';
import { wordsOf } from '../shared/words.js';

export interface DeploymentFilter {
  status?: DeploymentStatus;
  schoolUrn?: string;
  sleId?: string;
}

/** What the deployments list sorts by. */
export const DEPLOYMENT_SORTS = ['requestedOn', 'school', 'sle', 'status', 'specialism'] as const;

/** A deployment as a list shows it: with its school's and SLE's names, which not every reader may look up. */
export type ListedDeployment = DeploymentView & { schoolName: string; sleName: string | null };

/** What listing deployments reads: the views, their index, and the schools' and SLEs' names and words. */
export interface ListableViews extends AllianceViews {
  readonly deploymentIndex: DeploymentLookup;
  readonly schoolSearch: SearchText<SchoolView>;
  readonly sleNames: SearchText<SleView>;
  schoolNameOf(urn: string): string;
  sleNameOf(sleId: string | null): string;
  schoolSortKey(urn: string): string;
  sleSortKey(sleId: string | null): string;
}

/** What a deployment is filtered, searched and sorted by: its facts, or its view. */
type Listable = Pick<DeploymentFacts, 'deploymentId' | 'schoolUrn' | 'sleId' | 'status' | 'specialism' | 'requestedOn'>;

/** The names a reader sees beside a deployment (an SLE may not read the schools list, nor a school the SLEs). */
export const withNames = (views: ListableViews, d: DeploymentView): ListedDeployment => ({
  ...d,
  schoolName: views.schoolNameOf(d.schoolUrn) || `School ${d.schoolUrn}`,
  sleName: d.sleId ? views.sleNameOf(d.sleId) || null : null,
});

/**
 * One page of the deployments the viewer may read that pass the filter and hold every word of `q` (school name
 * or URN, SLE name, specialism), in the order `sort` names (newest request first by default). Read from the
 * index's facts; only the page's views are read.
 */
export function pageDeployments(
  views: ListableViews,
  filter: DeploymentFilter,
  query: { q?: string; sort?: string },
  paging: PageRequest,
  viewer: AuthUser,
): Page<ListedDeployment> {
  const index = views.deploymentIndex;
  let candidates: readonly Listable[] | undefined = candidatesOf(views, index, filter, viewer);
  if (!candidates) {
    const every: Listable[] = [];
    index.forEachDeployment((f) => every.push(f));
    candidates = every;
  }
  const matches = deploymentMatcher(views, query.q);
  const keys: Record<(typeof DEPLOYMENT_SORTS)[number], (d: Listable) => string> = {
    requestedOn: (d) => d.requestedOn,
    school: (d) => views.schoolSortKey(d.schoolUrn),
    sle: (d) => views.sleSortKey(d.sleId),
    status: (d) => d.status,
    specialism: (d) => d.specialism,
  };
  const page = pageOf(
    candidates,
    (d) => passes(d, filter, viewer) && (!matches || matches(d)),
    orderOf(query.sort ?? '-requestedOn', keys),
    (d) => d.deploymentId,
    paging,
  );
  const items = page.items.flatMap((d) => {
    const view = views.deployments.get(d.deploymentId);
    return view ? [withNames(views, view)] : [];
  });
  return { ...page, items };
}

/**
 * A test for the words of `q`: each must be in the school's name, URN or local authority, the SLE's name or the
 * specialism. Worked out from the schools and SLEs whose words hold each word (tens of thousands, their words
 * kept), so that no text is made for each of a national network's deployments.
 */
function deploymentMatcher(views: ListableViews, q: string | undefined): ((d: Listable) => boolean) | undefined {
  const words = searchWords(q);
  if (!words.length) return undefined;
  const specialismWords = new Map<string, string>();
  const tests = words.map((word) => {
    const schools = new Set<string>();
    for (const s of views.schools.values()) if (views.schoolSearch.of(s).includes(word)) schools.add(s.urn);
    const sles = new Set<string>();
    for (const s of views.sles.values()) if (views.sleNames.of(s).includes(word)) sles.add(s.sleId);
    return (d: Listable) => {
      if (schools.has(d.schoolUrn) || (d.sleId !== null && sles.has(d.sleId))) return true;
      let specialism = specialismWords.get(d.specialism);
      if (specialism === undefined)
        specialismWords.set(d.specialism, (specialism = foldForSearch(wordsOf(d.specialism))));
      return specialism.includes(word);
    };
  });
  return (d) => tests.every((test) => test(d));
}

const passes = (d: Listable, filter: DeploymentFilter, viewer: AuthUser) =>
  AccessPolicy.canReadDeployment(viewer, d) &&
  !(filter.status && d.status !== filter.status) &&
  !(filter.schoolUrn && d.schoolUrn !== filter.schoolUrn) &&
  !(filter.sleId && d.sleId !== filter.sleId);

const newestRequestFirst = (a: DeploymentView, b: DeploymentView) =>
  byCodeUnits(b.requestedOn, a.requestedOn) || a.deploymentId.localeCompare(b.deploymentId);

/**
 * The deployments the viewer may read that pass the filter, newest request first. With the views' index, only
 * the deployments that could pass are read (a school's own, an SLE's own, the requests waiting) rather than
 * every deployment of a national network; the same tests then decide.
 */
export function listDeployments(
  views: AllianceViews,
  index: DeploymentLookup | undefined,
  filter: DeploymentFilter,
  viewer: AuthUser,
): DeploymentView[] {
  const candidates = (index && candidatesOf(views, index, filter, viewer)) ?? views.deployments.values();
  const listed: DeploymentView[] = [];
  for (const d of candidates) if (passes(d, filter, viewer)) listed.push(d);
  return listed.sort(newestRequestFirst);
}

/** Every deployment that can be listed, from the index; undefined when that is every deployment. */
function candidatesOf(
  views: AllianceViews,
  index: DeploymentLookup,
  filter: DeploymentFilter,
  viewer: AuthUser,
): readonly DeploymentView[] | undefined {
  // A school user reads only their own school's deployments, and an SLE only their own, whatever the filter.
  const schoolUrn = viewer.role === 'school' ? viewer.schoolUrn : filter.schoolUrn;
  if (schoolUrn) return index.deploymentsOfSchool(schoolUrn);
  const sleId = viewer.role === 'sle' ? viewer.sleId : filter.sleId;
  if (sleId) return index.deploymentsOfSle(sleId).flatMap((f) => views.deployments.get(f.deploymentId) ?? []);
  if (filter.status === 'requested') return index.requestsWaiting();
  return undefined;
}
