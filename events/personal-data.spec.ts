import type { AllianceEvent } from './catalog.js';
import { hasPersonalFields, mapPersonalFields, subjectsOf } from './personal-data.js';

const reminder: AllianceEvent = {
  type: 'ReminderRaised',
  data: {
    reminderId: 'r1',
    kind: 'contact-overdue',
    deploymentId: 'd1',
    schoolUrn: '100001',
    raisedOn: '2025-11-20',
    subject: 'Contact overdue',
    body: 'No contact for 45 days',
    recipients: [
      { notificationId: 'n1', userId: 'u1', role: 'facilitator', email: 'fac@alliance.test' },
      { notificationId: 'n2', userId: 'u2', role: 'sle', email: 'sle@school.test' },
    ],
  },
};

describe('personal data of events', () => {
  it('gives each item of a list its own subject, and copies only what it changes', () => {
    const seen: string[] = [];
    const data = mapPersonalFields(reminder, (value, [subject], field) => {
      seen.push(`${field} ${subject} ${String(value)}`);
      return `<${subject}>`;
    });
    expect(seen).toEqual([
      'recipients[].email user:u1 fac@alliance.test',
      'recipients[].email user:u2 sle@school.test',
    ]);
    expect(data.recipients.map((r) => r.email)).toEqual(['<user:u1>', '<user:u2>']);
    expect(data.recipients[0]).toMatchObject({ notificationId: 'n1', role: 'facilitator' });
    expect(reminder.data.recipients[0].email).toBe('fac@alliance.test');
    expect(subjectsOf(reminder)).toEqual(new Set(['user:u1', 'user:u2']));
  });

  it('leaves a field that is null (an account registered before names) as it is', () => {
    const registered: AllianceEvent = {
      type: 'UserRegistered',
      data: { userId: 'u1', email: 'a@b.test', name: null, passwordHash: 'h', role: 'admin' },
    };
    expect(mapPersonalFields(registered, () => 'x')).toEqual({ ...registered.data, email: 'x' });
  });

  it('passes the very same payload back for a type with no personal field', () => {
    const started: AllianceEvent = { type: 'SleDeployed', data: { deploymentId: 'd1', startedOn: '2025-09-22' } };
    expect(hasPersonalFields('SleDeployed')).toBe(false);
    expect(mapPersonalFields(started, () => 'x')).toBe(started.data);
    expect(subjectsOf(started).size).toBe(0);
  });

  it("gives a linked attendee's name the list's subject and the person's, and a typed-in name the list's only", () => {
    const held: AllianceEvent = {
      type: 'HalfTermReviewHeld',
      data: {
        academicYear: '2025-26',
        halfTerm: 'autumn-1',
        heldOn: '2025-10-20',
        attendees: [
          { name: 'Cat Core', role: 'chair', userId: 'u3' },
          { name: 'Typed In', role: 'governor' },
        ],
        areasOfConcern: [],
        notes: 'Agreed next steps',
      },
    };
    const seen: string[] = [];
    mapPersonalFields(held, (value, subjects, field) => {
      seen.push(`${field} ${subjects.join(' ')}`);
      return value;
    });
    expect(seen).toEqual([
      'attendees[].name review:2025-26-autumn-1 user:u3',
      'attendees[].name review:2025-26-autumn-1',
      'notes review:2025-26-autumn-1',
    ]);
    expect(subjectsOf(held)).toEqual(new Set(['review:2025-26-autumn-1', 'user:u3']));
  });
});
