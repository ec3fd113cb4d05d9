import type { AppHarness } from './app-harness.js';

/** Request bodies for a small alliance: valid as they stand, so a test changes only what it is about. */
export const fixtures = {
  school: (urn: string, extra: Record<string, unknown> = {}) => ({
    urn,
    name: `School ${urn}`,
    phase: 'primary',
    localAuthority: 'Buckinghamshire',
    ...extra,
  }),
  sle: (homeSchoolUrn: string, extra: Record<string, unknown> = {}) => ({
    name: 'Sam Patel',
    email: 'sam.patel@school.test',
    homeSchoolUrn,
    specialisms: ['maths-primary'],
    phases: ['primary'],
    capacityDays: 20,
    designatedOn: '2024-09-01',
    ...extra,
  }),
  request: (schoolUrn: string, extra: Record<string, unknown> = {}) => ({
    schoolUrn,
    specialism: 'maths-primary',
    areaOfNeed: 'Reasoning in KS2 maths',
    source: 'self-referral',
    requestedOn: '2025-09-08',
    ...extra,
  }),
  meeting: (sleId: string, extra: Record<string, unknown> = {}) => ({
    sleId,
    heldOn: '2025-09-15',
    attendees: [
      { name: 'Jo Head', role: 'Headteacher' },
      { name: 'Sam Patel', role: 'SLE' },
    ],
    areaOfNeed: 'Reasoning in KS2 maths',
    startDate: '2025-09-22',
    endDate: '2026-02-13',
    daysCommissioned: 5,
    expectedOutcomes: [
      { measure: '% of Y6 working at expected standard in reasoning', unit: '%', baseline: 48, target: 70 },
      { measure: '% of maths lessons judged good or better', unit: '%', baseline: 40, target: 75 },
    ],
    ...extra,
  }),
  contact: (extra: Record<string, unknown> = {}) => ({
    on: '2025-10-06',
    channel: 'visit',
    daysUsed: 1,
    status: 'on-track',
    note: 'Observed Y6 lessons; planning reviewed',
    ...extra,
  }),
};

/** A registered school 100001 needing support, a home school 100002 for the SLE, and the SLE. */
export async function smallAlliance(harness: AppHarness, token: string): Promise<{ sleId: string }> {
  const post = (path: string, body: object) =>
    harness.http.post(path).auth(token, { type: 'bearer' }).send(body).expect(201);
  await post(
    '/api/schools',
    fixtures.school('100001', { ofstedGrade: 'requires-improvement', ofstedInspectedOn: '2024-05-20' }),
  );
  await post('/api/schools', fixtures.school('100002'));
  const sle = await post('/api/sles', fixtures.sle('100002'));
  return { sleId: sle.body.sleId };
}
