import type { DeploymentView } from '../../projections/deployment-view.js';
import { ForbiddenError } from '../shared/domain-errors.js';
import type { AuthUser } from './auth-user.js';

/**
 * What a user may see or touch beyond their role: a school user only its own school, an SLE user only
 * the deployments it is matched to. Staff (admin, facilitator, core team) read everything.
 */
export const AccessPolicy = {
  isStaff: (user: AuthUser) => user.role === 'admin' || user.role === 'facilitator' || user.role === 'core-team',

  canReadSchool(user: AuthUser, urn: string): boolean {
    return this.isStaff(user) || (user.role === 'school' && user.schoolUrn === urn);
  },

  canReadDeployment(user: AuthUser, deployment: Pick<DeploymentView, 'schoolUrn' | 'sleId'>): boolean {
    if (this.isStaff(user)) return true;
    if (user.role === 'school') return deployment.schoolUrn === user.schoolUrn;
    if (user.role === 'sle') return !!user.sleId && deployment.sleId === user.sleId;
    return false;
  },

  canReadSle(user: AuthUser, sleId: string): boolean {
    return this.isStaff(user) || (user.role === 'sle' && user.sleId === sleId);
  },

  canLogContact(user: AuthUser, deployment: DeploymentView): boolean {
    if (user.role === 'admin' || user.role === 'facilitator') return true;
    return user.role === 'sle' && !!user.sleId && deployment.sleId === user.sleId;
  },

  canRequestSupportFor(user: AuthUser, schoolUrn: string): boolean {
    if (user.role === 'admin' || user.role === 'facilitator') return true;
    return user.role === 'school' && user.schoolUrn === schoolUrn;
  },

  /** Only the school's own users take back its request (facilitators cancel instead). */
  canWithdrawRequest(user: AuthUser, deployment: DeploymentView): boolean {
    return user.role === 'school' && user.schoolUrn === deployment.schoolUrn;
  },

  assert(allowed: boolean, message = 'You may not see or change this record'): void {
    if (!allowed) throw new ForbiddenError(message);
  },
};
