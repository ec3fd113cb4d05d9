import { ALLIANCE_SIZES, generateAlliance } from '../../bench/synthetic-alliance.js';
import { DEPLOYMENT_STATUSES } from '../../events/index.js';
import { foldViews } from '../../projections/alliance-views.js';
import { DeploymentIndex } from '../read-models/deployment-index.js';
import { recorded } from '../../test/support/event-builders.js';
import type { AuthUser } from '../auth/auth-user.js';
import { listDeployments, type DeploymentFilter } from './deployment-list.js';

describe('listDeployments, from the index against a pass over every deployment, on a synthetic alliance', () => {
  const views = foldViews(recorded(generateAlliance(ALLIANCE_SIZES['10k']).events));
  const index = DeploymentIndex.fromViews(views);
  const deployments = [...views.deployments.values()];
  const brokered = deployments.filter((d) => d.sleId);
  const [school, otherSchool] = [
    deployments[0].schoolUrn,
    deployments.find((d) => d.schoolUrn !== deployments[0].schoolUrn)!.schoolUrn,
  ];
  const [sle, otherSle] = [brokered[0].sleId!, brokered.find((d) => d.sleId !== brokered[0].sleId)!.sleId!];
  const viewers: AuthUser[] = [
    { userId: 'u-facilitator', role: 'facilitator' },
    { userId: 'u-core', role: 'core-team' },
    { userId: 'u-school', role: 'school', schoolUrn: school },
    { userId: 'u-no-school', role: 'school' },
    { userId: 'u-sle', role: 'sle', sleId: sle },
    { userId: 'u-no-sle', role: 'sle' },
  ];
  const filters: DeploymentFilter[] = [
    {},
    ...DEPLOYMENT_STATUSES.map((status) => ({ status })),
    { schoolUrn: school },
    { schoolUrn: otherSchool },
    { schoolUrn: '999999' },
    { sleId: sle },
    { sleId: otherSle },
    { schoolUrn: school, status: 'requested' as const },
    { sleId: sle, status: 'evaluated' as const },
    { schoolUrn: school, sleId: otherSle },
  ];

  it.each(viewers.map((v) => [v.userId, v] as const))(
    'lists for %s exactly what the pass does, for every filter',
    (_, viewer) => {
      let listed = 0;
      for (const filter of filters) {
        const scanned = listDeployments(views, undefined, filter, viewer);
        expect([filter, listDeployments(views, index, filter, viewer)]).toEqual([filter, scanned]);
        listed += scanned.length;
      }
      if (!viewer.userId.startsWith('u-no-')) expect(listed).toBeGreaterThan(0);
    },
  );

  it('lists newest request first, and only what the viewer may read', () => {
    const all = listDeployments(views, index, {}, viewers[0]);
    expect(all).toHaveLength(deployments.length);
    expect(all.map((d) => d.requestedOn)).toEqual(
      deployments
        .map((d) => d.requestedOn)
        .sort()
        .reverse(),
    );
    expect(listDeployments(views, index, {}, viewers[2]).every((d) => d.schoolUrn === school)).toBe(true);
    expect(listDeployments(views, index, { schoolUrn: otherSchool }, viewers[2])).toEqual([]);
    expect(listDeployments(views, index, {}, viewers[4]).every((d) => d.sleId === sle)).toBe(true);
  });
});
