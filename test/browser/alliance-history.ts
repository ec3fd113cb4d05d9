import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';
import type { AppHarness } from '../support/app-harness.js';

export const REASONING = '% of Y6 working at expected standard in reasoning';
export const LESSONS = '% of maths lessons judged good or better';

/**
 * Over the API, as "today" 2 March 2026: school 100001 (requires improvement) supported in maths by an SLE from
 * 100002 from September 2025, with contacts (one at risk), an extension, a data point, a core-team concern in
 * spring 1, report cards in November (achievement needs attention) and February (expected standard throughout);
 * evaluated today when `evaluate` is set. School 100003
 * (Brook Primary) has its own request waiting.
 */
export async function supportedSchool(
  app: AppHarness,
  { evaluate }: { evaluate: boolean },
): Promise<{ sleId: string; deploymentId: string }> {
  const admin = await app.login();
  const post = (path: string, body: object) =>
    app.http.post(path).auth(admin, { type: 'bearer' }).send(body).expect(201);
  const { sleId } = await smallAlliance(app, admin);
  await post('/api/schools', fixtures.school('100003', { name: 'Brook Primary' }));
  const id = (await post('/api/support-requests', fixtures.request('100001'))).body.deploymentId as string;
  await post(`/api/deployments/${id}/brokerage-meeting`, fixtures.meeting(sleId));
  await post(`/api/deployments/${id}/deploy`, { startedOn: '2025-09-22' });
  await post(`/api/deployments/${id}/contacts`, fixtures.contact({ on: '2025-10-06', daysUsed: 1 }));
  await post(
    `/api/deployments/${id}/contacts`,
    fixtures.contact({
      on: '2025-11-03',
      channel: 'phone',
      daysUsed: 0,
      status: 'at-risk',
      note: 'Staff absence in Y6',
    }),
  );
  await post(`/api/deployments/${id}/extensions`, {
    on: '2026-01-12',
    additionalDays: 3,
    newEndDate: '2026-03-27',
    focus: 'Greater depth reasoning',
  });
  await post('/api/schools/100001/data-points', {
    measure: 'KS2 reading expected standard',
    unit: '%',
    value: 64,
    recordedOn: '2026-01-15',
  });
  await post(`/api/deployments/${id}/contacts`, fixtures.contact({ on: '2026-02-02', daysUsed: 0.5 }));
  // Report cards: achievement needed attention in November and met the expected standard in February.
  const card = {
    inclusion: 'expected-standard',
    'curriculum-and-teaching': 'expected-standard',
    achievement: 'needs-attention',
    'attendance-and-behaviour': 'expected-standard',
    'personal-development-and-well-being': 'expected-standard',
    'leadership-and-governance': 'expected-standard',
  };
  await post('/api/schools/100001/ofsted-judgements', { inspectedOn: '2025-11-20', areas: card, safeguarding: 'met' });
  await post('/api/schools/100001/ofsted-judgements', {
    inspectedOn: '2026-02-10',
    areas: { ...card, achievement: 'expected-standard' },
    safeguarding: 'met',
  });
  await post(
    '/api/support-requests',
    fixtures.request('100003', {
      specialism: 'english-primary',
      areaOfNeed: 'Early reading',
      requestedOn: '2026-02-16',
    }),
  );
  if (evaluate) {
    await post(`/api/deployments/${id}/impact-evaluation`, {
      heldOn: '2026-03-02',
      outcomes: [
        { measure: REASONING, actual: 72 },
        { measure: LESSONS, actual: 60 },
      ],
      schoolRating: 5,
      summary: 'Reasoning now taught explicitly across KS2',
    });
  }
  return { sleId, deploymentId: id };
}
