import { ERASED } from '../../events/index.js';
import { InProcessJobQueue } from '../../src/scheduling/in-process-job-queue.js';
import { JobQueue } from '../../src/scheduling/job-queue.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';
import { AppHarness } from '../support/app-harness.js';

/** The retention rule, applied by the scheduled scan (in-process queue): notes after 2 years, names after 3. */
describe('Retention of contact notes and attendees', () => {
  let harness: AppHarness;
  let admin: string;
  let id: string;

  const scanOn = async (day: string) => {
    harness.clock.set(`${day}T07:00:00Z`);
    await (harness.app.get(JobQueue) as InProcessJobQueue).scanNow();
  };
  const deployment = async () =>
    (await harness.http.get(`/api/deployments/${id}`).auth(admin, { type: 'bearer' }).expect(200)).body;

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02', {
      RETENTION_CONTACT_NOTES_YEARS: '2',
      RETENTION_ATTENDEE_NAMES_YEARS: '3',
      JOBS_SCAN_EVERY_SECONDS: '3600',
    });
    admin = await harness.login();
    const { sleId } = await smallAlliance(harness, admin);
    const post = (path: string, body: object) =>
      harness.http.post(path).auth(admin, { type: 'bearer' }).send(body).expect(201);
    id = (await post('/api/support-requests', fixtures.request('100001'))).body.deploymentId;
    await post(`/api/deployments/${id}/brokerage-meeting`, fixtures.meeting(sleId));
    await post(`/api/deployments/${id}/deploy`, { startedOn: '2025-09-22' });
    await post(`/api/deployments/${id}/contacts`, fixtures.contact());
    await post(`/api/deployments/${id}/impact-evaluation`, {
      heldOn: '2026-03-02',
      outcomes: [
        { measure: '% of Y6 working at expected standard in reasoning', actual: 72 },
        { measure: '% of maths lessons judged good or better', actual: 60 },
      ],
      schoolRating: 4,
      summary: 'Reasoning taught explicitly',
    });
  });
  afterAll(() => harness.stop());

  it('erases the notes 2 years after the evaluation, the names after 3, each once and recorded', async () => {
    const start = await harness.headPosition();
    await scanOn('2028-03-01');
    expect((await deployment()).contacts[0].note).toBe('Observed Y6 lessons; planning reviewed');

    await scanOn('2028-03-02');
    let d = await deployment();
    expect(d.contacts[0]).toMatchObject({ note: ERASED, daysUsed: 1 });
    expect(d.evaluation).toMatchObject({ summary: ERASED, schoolRating: 4 });
    expect(d.brokerageMeeting.attendees[0].name).toBe('Jo Head');

    await scanOn('2029-03-02');
    await scanOn('2029-03-03');
    d = await deployment();
    expect(d.brokerageMeeting.attendees).toEqual([
      { name: ERASED, role: 'Headteacher' },
      { name: ERASED, role: 'SLE' },
    ]);
    const erasures = (await harness.eventsAfter(start)).filter((e) => e.type === 'DataSubjectErased');
    expect(erasures.map((e) => [e.streamId, e.data])).toEqual([
      [
        `data-subject-deployment-${id}`,
        expect.objectContaining({ subjects: [`notes:${id}`], ground: 'retention', erasedOn: '2028-03-02' }),
      ],
      [
        `data-subject-deployment-${id}`,
        expect.objectContaining({ subjects: [`attendees:${id}`], ground: 'retention', erasedOn: '2029-03-02' }),
      ],
    ]);
  });
});
