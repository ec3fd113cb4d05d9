import { jest } from '@jest/globals';
import { ALLIANCE_SIZES, generateAlliance } from '../../bench/synthetic-alliance.js';
import { DEPLOYMENT_STATUSES } from '../../events/index.js';
import { foldViews } from '../../projections/alliance-views.js';
import type { DeploymentLookup } from '../../projections/deployment-lookup.js';
import type { DeploymentView } from '../../projections/deployment-view.js';
import type { SchoolView } from '../../projections/school-view.js';
import type { SleView } from '../../projections/sle-view.js';
import { recorded } from '../../test/support/event-builders.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Prng } from '../demo/prng.js';
import { DeploymentIndex } from '../read-models/deployment-index.js';
import { groupedByKey, SearchText } from '../read-models/list-page.js';
import { DEPLOYMENT_SORTS, pageDeployments, type DeploymentFilter, type ListableViews } from './deployment-list.js';

/** The index's lookups without its orders and counts: what `pageDeployments` answers in one pass from. */
const lookupOnly = (index: DeploymentIndex): DeploymentLookup => ({
  deploymentsOfSchool: (urn) => index.deploymentsOfSchool(urn),
  deploymentsOfSle: (sleId) => index.deploymentsOfSle(sleId),
  deploymentsTouching: (from, to, urns) => index.deploymentsTouching(from, to, urns),
  typicalDays: (specialism) => index.typicalDays(specialism),
  requestsWaiting: () => index.requestsWaiting(),
  deploymentsUnderWay: () => index.deploymentsUnderWay(),
  forEachDeployment: (each) => index.forEachDeployment(each),
});

describe('pageDeployments from the index orders, against one pass over every deployment', () => {
  const folded = foldViews(recorded(generateAlliance(ALLIANCE_SIZES['10k']).events));
  const prng = new Prng(27);
  // Schools sharing a name (their deployments sort together, by id), one with accents, and one whose view is gone.
  const schools = new Map<string, SchoolView>();
  const schoolList = [...folded.schools.values()];
  schoolList.forEach((s, i) => {
    if (i === 7) return;
    const name = i % 5 === 1 ? schoolList[i - 1].name : i === 3 ? 'École Étoile' : s.name;
    schools.set(s.urn, { ...s, name });
  });
  const deployments = new Map<string, DeploymentView>(folded.deployments);
  const index = new DeploymentIndex((id) => deployments.get(id));
  const schoolNames = new SearchText<SchoolView>((s) => s.name);
  const sleNames = new SearchText<SleView>((s) => s.name);
  const base = {
    ...folded,
    schools,
    deployments,
    schoolSearch: new SearchText<SchoolView>((s) => `${s.name} ${s.urn} ${s.localAuthority}`),
    sleNames,
    schoolNameOf: (urn: string) => schools.get(urn)?.name ?? '',
    sleNameOf: (sleId: string | null) => (sleId && folded.sles.get(sleId)?.name) || '',
    schoolSortKey: (urn: string) => {
      const school = schools.get(urn);
      return school ? schoolNames.of(school) : '';
    },
    sleSortKey: (sleId: string | null) => {
      const sle = sleId ? folded.sles.get(sleId) : undefined;
      return sle ? sleNames.of(sle) : '';
    },
  };
  const walked: ListableViews = {
    ...base,
    deploymentIndex: index,
    schoolUrnsByName: () => groupedByKey(index.schoolUrns(), base.schoolSortKey),
    sleIdsByName: () => groupedByKey([null, ...index.sleIds()], base.sleSortKey),
  };
  const onePass: ListableViews = { ...base, deploymentIndex: lookupOnly(index) };

  // Indexed as events would be: half, then the order is made, then the rest, some changed and some gone.
  const ids = [...deployments.keys()];
  ids.slice(0, ids.length / 2).forEach((id) => index.update(id, deployments.get(id)));
  Array.from(index.byRequest(true)); // made here, then kept in order by the updates below
  ids.slice(ids.length / 2).forEach((id) => index.update(id, deployments.get(id)));
  for (let i = 0; i < 60; i++) {
    const id = prng.pick(ids);
    const view = deployments.get(id);
    if (!view) continue;
    const changed =
      i % 3 === 0
        ? undefined
        : {
            ...view,
            version: view.version + 1,
            status: prng.pick([...DEPLOYMENT_STATUSES]),
            requestedOn: i % 3 === 1 ? view.requestedOn : '2026-01-05',
          };
    if (changed) deployments.set(id, changed);
    else deployments.delete(id);
    index.update(id, changed);
  }

  const listed = [...deployments.values()];
  const words = [
    '',
    'school',
    'ecole',
    'étoile',
    'zzz',
    ...Array.from({ length: 12 }, () => {
      const d = prng.pick(listed);
      return prng.pick([
        d.schoolUrn,
        d.schoolUrn.slice(2),
        schools.get(d.schoolUrn)?.name ?? 'school',
        schools.get(d.schoolUrn)?.localAuthority ?? '',
        d.specialism.split('-')[0],
        (d.sleId && folded.sles.get(d.sleId)?.name.split(' ')[0]) || 'maths',
        `${(schools.get(d.schoolUrn)?.name ?? '').split(' ').pop()} ${d.specialism.split('-')[0]}`,
      ]);
    }),
  ];
  const staff: AuthUser = { userId: 'u-facilitator', role: 'facilitator' };
  const some = listed[0];
  const viewers: AuthUser[] = [
    { userId: 'u-school', role: 'school', schoolUrn: some.schoolUrn },
    { userId: 'u-sle', role: 'sle', sleId: listed.find((d) => d.sleId)?.sleId ?? undefined },
  ];
  const sorts = [undefined, ...DEPLOYMENT_SORTS, ...DEPLOYMENT_SORTS.map((s) => `-${s}`)];

  it('gives the same page and total for several hundred random queries', () => {
    for (let i = 0; i < 600; i++) {
      const filter: DeploymentFilter = {
        status: prng.chance(0.4) ? prng.pick([...DEPLOYMENT_STATUSES]) : undefined,
        schoolUrn: prng.chance(0.1) ? prng.pick(listed).schoolUrn : undefined,
        sleId: prng.chance(0.1) ? (prng.pick(listed).sleId ?? undefined) : undefined,
      };
      const query = { q: (prng.chance(0.6) && prng.pick(words)) || undefined, sort: prng.pick(sorts) };
      const paging = { page: prng.pick([1, 1, 2, 3, 9, 60]), pageSize: prng.pick([1, 3, 10, 25, 100]) };
      const viewer = prng.chance(0.85) ? staff : prng.pick(viewers);
      const expected = pageDeployments(onePass, filter, query, paging, viewer);
      expect([filter, query, paging, viewer.role, pageDeployments(walked, filter, query, paging, viewer)]).toEqual([
        filter,
        query,
        paging,
        viewer.role,
        expected,
      ]);
    }
  });

  it('reads no pass over every deployment for a first page newest first, by school, or searched by URN', () => {
    const pass = jest.spyOn(index, 'forEachDeployment');
    const first = { page: 1, pageSize: 25 };
    expect(pageDeployments(walked, {}, {}, first, staff).total).toBe(deployments.size);
    pageDeployments(walked, { status: 'requested' }, { sort: '-school' }, first, staff);
    pageDeployments(walked, {}, { sort: 'requestedOn' }, first, staff);
    pageDeployments(walked, { status: 'deployed' }, { sort: 'sle' }, first, staff);
    pageDeployments(walked, {}, { q: some.schoolUrn }, first, staff);
    expect(pass).not.toHaveBeenCalled();
  });
});
