import type { DeploymentView } from '../../projections/deployment-view.js';
import type { SchoolView } from '../../projections/school-view.js';
import { sleUtilisation, type SleView } from '../../projections/sle-view.js';

export interface Match {
  sleId: string;
  name: string;
  score: number;
  reasons: string[];
}

export interface IneligibleSle {
  sleId: string;
  name: string;
  reasons: string[];
}

export interface MatchInput {
  request: Pick<DeploymentView, 'schoolUrn' | 'specialism'>;
  school: SchoolView;
  sles: SleView[];
  /** Every deployment, to work out each SLE's load and days left. */
  deployments: DeploymentView[];
  schools: Map<string, SchoolView>;
  academicYear: string;
}

/**
 * Eligible SLEs for a request, best first. Eligible: designation current, holds the specialism, not from
 * the requesting school, days left this academic year. Score out of 100: phase fit 35, share of capacity
 * left 30, current load 20 (fewer active deployments is better), same local authority 15.
 * Ties go to more days left, then name, then id, so the order never changes between calls.
 */
export function rankMatches(input: MatchInput): { matches: Match[]; ineligible: IneligibleSle[] } {
  const bySle = new Map<string, DeploymentView[]>();
  for (const d of input.deployments) {
    if (d.sleId) bySle.set(d.sleId, [...(bySle.get(d.sleId) ?? []), d]);
  }
  const ranked: (Match & { remaining: number })[] = [];
  const ineligible: IneligibleSle[] = [];
  for (const sle of input.sles) {
    const own = bySle.get(sle.sleId) ?? [];
    const use = sleUtilisation(sle, own, input.academicYear);
    const blockers = [
      sle.designationEndedOn ? `designation ended on ${sle.designationEndedOn}` : '',
      sle.specialisms.includes(input.request.specialism) ? '' : `does not hold the ${input.request.specialism} specialism`,
      sle.homeSchoolUrn === input.request.schoolUrn ? 'works at the requesting school' : '',
      use.remainingDays > 0 ? '' : `no days left in ${input.academicYear} (${use.commissionedDays} of ${use.capacityDays} commissioned)`,
    ].filter(Boolean);
    if (blockers.length) {
      ineligible.push({ sleId: sle.sleId, name: sle.name, reasons: blockers });
      continue;
    }
    const reasons = [`holds the ${input.request.specialism} specialism`];
    let score = 0;
    if (sle.phases.includes(input.school.phase)) {
      score += 35;
      reasons.push(`works in ${input.school.phase} schools`);
    } else {
      reasons.push(`has not worked in the ${input.school.phase} phase (${sle.phases.join(', ')})`);
    }
    score += Math.round((30 * use.remainingDays) / Math.max(use.capacityDays, 1));
    reasons.push(`${use.remainingDays} of ${use.capacityDays} days left in ${input.academicYear}`);
    const active = own.filter((d) => d.status === 'brokered' || d.status === 'deployed').length;
    score += Math.max(0, 20 - 5 * active);
    reasons.push(active === 0 ? 'no active deployments' : `${active} active deployment${active === 1 ? '' : 's'}`);
    const home = input.schools.get(sle.homeSchoolUrn);
    if (home && home.localAuthority === input.school.localAuthority) {
      score += 15;
      reasons.push(`based in the same local authority (${home.localAuthority})`);
    }
    ranked.push({ sleId: sle.sleId, name: sle.name, score, reasons, remaining: use.remainingDays });
  }
  ranked.sort((a, b) => b.score - a.score || b.remaining - a.remaining || a.name.localeCompare(b.name) || a.sleId.localeCompare(b.sleId));
  ineligible.sort((a, b) => a.name.localeCompare(b.name) || a.sleId.localeCompare(b.sleId));
  return { matches: ranked.map(({ remaining: _r, ...m }) => m), ineligible };
}
