import type { DeploymentStatus } from '../../events/index.js';
import type { AllianceViews } from '../../projections/alliance-views.js';
import type { DeploymentFacts } from '../../projections/deployment-facts.js';
import type { DeploymentLookup } from '../../projections/deployment-lookup.js';
import type { DeploymentView } from '../../projections/deployment-view.js';
import type { SchoolView } from '../../projections/school-view.js';
import type { SleView } from '../../projections/sle-view.js';
import { AccessPolicy } from '../auth/access-policy.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { DeploymentListing } from '../read-models/deployment-index.js';
import { foldForSearch, pageOf, searchWords, type Page, type SearchText } from '../read-models/list-page.js';
import { byCodeUnits } from '../shared/order.js';
import { orderOf, type PageRequest } from '../shared/paging.js';
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
  /** The URNs with deployments in order of `schoolSortKey`, grouped by key (see ReadModels). */
  schoolUrnsByName?(): readonly (readonly string[])[];
  sleIdsByName?(): readonly (readonly (string | null)[])[];
}

/** What a deployment is filtered, searched and sorted by: its facts, or its view. */
export type Listable = Pick<
  DeploymentFacts,
  'deploymentId' | 'schoolUrn' | 'sleId' | 'status' | 'specialism' | 'requestedOn'
>;

/** The names a reader sees beside a deployment (an SLE may not read the schools list, nor a school the SLEs). */
export const withNames = (views: ListableViews, d: DeploymentView): ListedDeployment => ({
  ...d,
  schoolName: views.schoolNameOf(d.schoolUrn) || `School ${d.schoolUrn}`,
  sleName: d.sleId ? views.sleNameOf(d.sleId) || null : null,
});

/**
 * One page of the deployments the viewer may read that pass the filter and hold every word of `q` (school name
 * or URN, SLE name, specialism), in the order `sort` names (newest request first by default). Read from the
 * index's facts; only the page's views are read. Where the index keeps the orders and counts a list needs
 * (`DeploymentListing`), a page walks them and stops once it is full; otherwise it is one pass over every
 * deployment (`pageOfDeployments`), which gives the same page.
 */
export function pageDeployments(
  views: ListableViews,
  filter: DeploymentFilter,
  query: { q?: string; sort?: string },
  paging: PageRequest,
  viewer: AuthUser,
): Page<ListedDeployment> {
  const page =
    pageWalked(views, filter, query, paging, viewer) ?? pageOfDeployments(views, filter, query, paging, viewer);
  const items = page.items.flatMap((d) => {
    const view = views.deployments.get(d.deploymentId);
    return view ? [withNames(views, view)] : [];
  });
  return { ...page, items };
}

/** The facts of `pageDeployments`' page from one pass over the deployments that could pass. */
export function pageOfDeployments(
  views: ListableViews,
  filter: DeploymentFilter,
  query: { q?: string; sort?: string },
  paging: PageRequest,
  viewer: AuthUser,
): Page<Listable> {
  const index = views.deploymentIndex;
  let candidates: readonly Listable[] | undefined = candidatesOf(views, index, filter, viewer);
  if (!candidates) {
    const every: Listable[] = [];
    index.forEachDeployment((f) => every.push(f));
    candidates = every;
  }
  const matches = deploymentMatcher(searchedFor(views, query.q));
  return pageOf(
    candidates,
    (d) => passes(d, filter, viewer) && (!matches || matches(d)),
    orderOf(query.sort ?? '-requestedOn', sortKeys(views)),
    (d) => d.deploymentId,
    paging,
  );
}

const sortKeys = (views: ListableViews): Record<(typeof DEPLOYMENT_SORTS)[number], (d: Listable) => string> => ({
  requestedOn: (d) => d.requestedOn,
  school: (d) => views.schoolSortKey(d.schoolUrn),
  sle: (d) => views.sleSortKey(d.sleId),
  status: (d) => d.status,
  specialism: (d) => d.specialism,
});

const isListing = (index: DeploymentLookup): index is DeploymentLookup & DeploymentListing => 'byRequest' in index;

/**
 * The page for staff from the index's orders, or undefined where it has none to offer (a school's or an SLE's
 * own list is small, and one pass over it is quick; by status or specialism is one pass): a search reads only
 * the deployments of the schools or SLEs holding its rarest word; by request date the index's order is walked,
 * and by school or SLE the schools or SLEs in order of name, until the page is full, the total counted by status.
 */
function pageWalked(
  views: ListableViews,
  filter: DeploymentFilter,
  query: { q?: string; sort?: string },
  paging: PageRequest,
  viewer: AuthUser,
): Page<Listable> | undefined {
  const index = views.deploymentIndex;
  if (!isListing(index) || !AccessPolicy.isStaff(viewer) || filter.schoolUrn || filter.sleId) return undefined;
  const sort = query.sort ?? '-requestedOn';
  const { status } = filter;
  const keep = (d: Listable) => !status || d.status === status;
  const searched = searchedFor(views, query.q);
  if (searched.length) {
    const candidates = searchCandidates(index, searched);
    const matches = deploymentMatcher(searched);
    if (!candidates || !matches) return undefined;
    const order = orderOf(sort, sortKeys(views));
    return pageOf(
      candidates,
      (d) => keep(d) && matches(d),
      order,
      (d) => d.deploymentId,
      paging,
    );
  }
  const total = status ? index.countWithStatus(status) : index.size;
  const wanted = paging.page * paging.pageSize;
  const kept: Listable[] = [];
  const descending = sort.startsWith('-');
  const key = descending ? sort.slice(1) : sort;
  if (key === 'requestedOn') {
    for (const d of index.byRequest(descending)) if (keep(d) && kept.push(d) >= wanted) break;
  } else if (key === 'school' && views.schoolUrnsByName) {
    fillByGroups(kept, wanted, views.schoolUrnsByName(), descending, (urn) => index.factsOfSchool(urn).filter(keep));
  } else if (key === 'sle' && views.sleIdsByName) {
    fillByGroups(kept, wanted, views.sleIdsByName(), descending, (sleId) => index.factsOfSle(sleId).filter(keep));
  } else return undefined;
  const items = kept.slice((paging.page - 1) * paging.pageSize, wanted);
  return { total, page: paging.page, pageSize: paging.pageSize, items };
}

/**
 * Fills `kept` up to `wanted` (or a little past) from groups of schools or SLEs in order of name, each group's
 * deployments by id: those of schools or SLEs of the same name sort together, as in one pass.
 */
function fillByGroups<T>(
  kept: Listable[],
  wanted: number,
  groups: readonly (readonly T[])[],
  descending: boolean,
  deploymentsOf: (member: T) => readonly Listable[],
): void {
  for (let g = 0; g < groups.length && kept.length < wanted; g++) {
    const group = groups[descending ? groups.length - 1 - g : g];
    const inGroup = group.flatMap(deploymentsOf);
    kept.push(...inGroup.sort((a, b) => byCodeUnits(a.deploymentId, b.deploymentId)));
  }
}

/** A word of a search, and the schools and SLEs whose words hold it. */
interface SearchedWord {
  word: string;
  schools: Set<string>;
  sles: Set<string>;
}

/** Each word of `q` with the schools and SLEs holding it (tens of thousands, their words kept). */
function searchedFor(views: ListableViews, q: string | undefined): SearchedWord[] {
  return searchWords(q).map((word) => {
    const schools = new Set<string>();
    for (const s of views.schools.values()) if (views.schoolSearch.of(s).includes(word)) schools.add(s.urn);
    const sles = new Set<string>();
    for (const s of views.sles.values()) if (views.sleNames.of(s).includes(word)) sles.add(s.sleId);
    return { word, schools, sles };
  });
}

const specialismText = (specialism: string) => foldForSearch(wordsOf(specialism));

/**
 * Every deployment that could hold the words: those of the schools and SLEs holding the word that fewest hold;
 * undefined when each word is in some specialism's words (then any deployment could hold them all).
 */
function searchCandidates(index: DeploymentListing, searched: readonly SearchedWord[]): Listable[] | undefined {
  const specialisms = [...index.specialisms()].map(specialismText);
  let rarest: SearchedWord | undefined;
  for (const word of searched) {
    if (specialisms.some((s) => s.includes(word.word))) continue;
    if (!rarest || word.schools.size + word.sles.size < rarest.schools.size + rarest.sles.size) rarest = word;
  }
  if (!rarest) return undefined;
  const found = new Map<string, Listable>();
  for (const urn of rarest.schools) for (const d of index.factsOfSchool(urn)) found.set(d.deploymentId, d);
  for (const sleId of rarest.sles) for (const d of index.factsOfSle(sleId)) found.set(d.deploymentId, d);
  return [...found.values()];
}

/**
 * A test for the searched words: each must be in the school's name, URN or local authority, the SLE's name or
 * the specialism. Worked out from the schools and SLEs holding each word, so that no text is made for each of a
 * national network's deployments.
 */
function deploymentMatcher(searched: readonly SearchedWord[]): ((d: Listable) => boolean) | undefined {
  if (!searched.length) return undefined;
  const specialismWords = new Map<string, string>();
  const tests = searched.map(({ word, schools, sles }) => (d: Listable) => {
    if (schools.has(d.schoolUrn) || (d.sleId !== null && sles.has(d.sleId))) return true;
    let specialism = specialismWords.get(d.specialism);
    if (specialism === undefined) specialismWords.set(d.specialism, (specialism = specialismText(d.specialism)));
    return specialism.includes(word);
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
