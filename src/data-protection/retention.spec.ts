import { dueForRetention, yearsAfter } from './retention.js';

const evaluated = (deploymentId: string, heldOn: string) => ({ deploymentId, evaluation: { heldOn } });

describe('retention', () => {
  it('counts whole years from the evaluation, 29 February included', () => {
    expect(yearsAfter('2019-07-10', 6)).toBe('2025-07-10');
    expect(yearsAfter('2020-02-29', 1)).toBe('2021-02-29');
    expect('2021-02-28' < yearsAfter('2020-02-29', 1) && yearsAfter('2020-02-29', 1) < '2021-03-01').toBe(true);
  });

  it("erases notes and attendees' names on their own rules, only of deployments evaluated long enough ago", () => {
    const deployments = [
      evaluated('old', '2019-07-10'),
      evaluated('middle', '2021-07-10'),
      evaluated('new', '2025-07-10'),
      { deploymentId: 'running', evaluation: null },
    ];
    const due = dueForRetention(deployments, { contactNotesYears: 6, attendeeNamesYears: 4 }, '2025-07-10');
    expect(due).toEqual([
      {
        deploymentId: 'old',
        subjects: ['notes:old', 'attendees:old'],
        reason:
          "Retention after the evaluation of 2019-07-10: contact notes and summary (6 years), attendees' names (4 years)",
      },
      {
        deploymentId: 'middle',
        subjects: ['attendees:middle'],
        reason: "Retention after the evaluation of 2021-07-10: attendees' names (4 years)",
      },
    ]);
  });

  it('keeps everything under a rule that is off', () => {
    const rule = { contactNotesYears: null, attendeeNamesYears: null };
    expect(dueForRetention([evaluated('old', '2001-01-01')], rule, '2025-07-10')).toEqual([]);
  });
});
