import type { DeploymentStatus } from '../../events/index.js';
import type { AllianceViews } from '../../projections/alliance-views.js';
import type { DeploymentLookup } from '../../projections/deployment-lookup.js';
import type { DeploymentView } from '../../projections/deployment-view.js';
import { AccessPolicy } from '../auth/access-policy.js';
import type { AuthUser } from '../auth/auth-user.js';
import { byCodeUnits } from '../shared/order.js';

export interface DeploymentFilter {
  status?: DeploymentStatus;
  schoolUrn?: string;
  sleId?: string;
}

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
  for (const d of candidates) {
    if (!AccessPolicy.canReadDeployment(viewer, d)) continue;
    if (
      (filter.status && d.status !== filter.status) ||
      (filter.schoolUrn && d.schoolUrn !== filter.schoolUrn) ||
      (filter.sleId && d.sleId !== filter.sleId)
    )
      continue;
    listed.push(d);
  }
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
