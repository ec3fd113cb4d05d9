import { EVENT_SCHEMA_VERSIONS } from './catalog.js';
import { UnknownEventError, upcast, UPCASTERS, type Upcaster } from './upcasters.js';

const contactV1 = {
  deploymentId: 'dep-1',
  on: '2025-10-06',
  channel: 'visit',
  daysUsed: 1,
  status: 'on-track',
  note: 'Observed Y6',
};

describe('upcast at the current version', () => {
  it('gives back the payload as it is, with its type', () => {
    expect(upcast('ContactLogged', 1, contactV1)).toEqual({ type: 'ContactLogged', data: contactV1 });
  });

  it('does not call an upcaster when the payload is already current', () => {
    let calls = 0;
    const step: Upcaster = (d) => (calls++, { ...d, touched: true });
    expect(upcast('ContactLogged', 1, contactV1, { ContactLogged: { 1: step, 0: step } })).toEqual({
      type: 'ContactLogged',
      data: contactV1,
    });
    expect(calls).toBe(0);
  });

  it('ships an upcaster for every version below the current one', () => {
    for (const [type, current] of Object.entries(EVENT_SCHEMA_VERSIONS))
      for (let version = 1; version < current; version++)
        expect({ type, version, upcaster: typeof UPCASTERS[type as keyof typeof UPCASTERS]?.[version] }).toEqual({
          type,
          version,
          upcaster: 'function',
        });
  });
});

describe('UserRegistered v1 (before accounts had a name)', () => {
  const v1 = { userId: 'u-1', email: 'a@alliance.test', passwordHash: '$argon2id$x', role: 'facilitator' };

  it('is read as v2 with no name', () => {
    expect(upcast('UserRegistered', 1, v1)).toEqual({ type: 'UserRegistered', data: { ...v1, name: null } });
  });

  it('keeps a v2 payload as it is', () => {
    const v2 = { ...v1, name: 'Jo Head' };
    expect(upcast('UserRegistered', 2, v2)).toEqual({ type: 'UserRegistered', data: v2 });
  });
});

describe('OfstedJudgementRecorded v1 (overall effectiveness only)', () => {
  it('is read as the v2 overall-effectiveness judgement with nothing lost', () => {
    const v1 = {
      urn: '100001',
      grade: 'inadequate',
      category: 'special-measures',
      inspectedOn: '2023-05-10',
      framework: 'overall-effectiveness',
    };
    expect(upcast('OfstedJudgementRecorded', 1, v1)).toEqual({ type: 'OfstedJudgementRecorded', data: v1 });
  });
});

describe('upcast rejects what it cannot read', () => {
  it('rejects an unknown event type', () => {
    expect(() => upcast('SupportWithdrawn', 1, {})).toThrow(UnknownEventError);
    expect(() => upcast('SupportWithdrawn', 1, {})).toThrow('Unknown event type SupportWithdrawn');
  });

  it('does not take inherited object keys for event types', () => {
    expect(() => upcast('toString', 1, {})).toThrow('Unknown event type toString');
  });

  it('rejects a version newer than the code knows', () => {
    expect(() => upcast('ContactLogged', 2, contactV1)).toThrow(UnknownEventError);
    expect(() => upcast('ContactLogged', 2, contactV1)).toThrow('ContactLogged v2 is newer than this code knows (v1)');
  });

  it('rejects an old version that has no upcaster in the registry', () => {
    expect(() => upcast('ContactLogged', 0, contactV1, {})).toThrow(UnknownEventError);
    expect(() => upcast('ContactLogged', 0, contactV1, {})).toThrow('No upcaster for ContactLogged v0 -> v1');
    // An upcaster for another type or another version does not help.
    const other: Upcaster = (d) => d;
    expect(() =>
      upcast('ContactLogged', 0, contactV1, { SleDeployed: { 0: other }, ContactLogged: { 1: other } }),
    ).toThrow('No upcaster for ContactLogged v0 -> v1');
  });
});

describe('upcast with an injected registry', () => {
  it('brings a v0 payload up to the current v1', () => {
    const registry = {
      SleDeployed: { 0: (d: Record<string, unknown>) => ({ deploymentId: d.deploymentId, startedOn: d.startDate }) },
    };
    expect(upcast('SleDeployed', 0, { deploymentId: 'dep-1', startDate: '2025-09-22' }, registry)).toEqual({
      type: 'SleDeployed',
      data: { deploymentId: 'dep-1', startedOn: '2025-09-22' },
    });
  });

  it('chains upcasters oldest first, one version at a time', () => {
    const calls: string[] = [];
    const registry = {
      SleDeployed: {
        [-1]: (d: Record<string, unknown>) => (calls.push('-1->0'), { deploymentId: d.id, startDate: d.start }),
        0: (d: Record<string, unknown>) => (
          calls.push('0->1'),
          { deploymentId: d.deploymentId, startedOn: d.startDate }
        ),
      },
    };
    expect(upcast('SleDeployed', -1, { id: 'dep-1', start: '2025-09-22' }, registry).data).toEqual({
      deploymentId: 'dep-1',
      startedOn: '2025-09-22',
    });
    expect(calls).toEqual(['-1->0', '0->1']);
  });

  describe('with ContactLogged bumped to v2 for the length of a test', () => {
    const versions = EVENT_SCHEMA_VERSIONS as Record<string, number>;
    const v1 = versions.ContactLogged;
    beforeEach(() => {
      versions.ContactLogged = 2;
    });
    afterEach(() => {
      versions.ContactLogged = v1;
    });

    const addDuration: Upcaster = (d) => ({ ...d, durationMinutes: null });

    it('brings a stored v1 payload to v2 with the registered upcaster', () => {
      expect(upcast('ContactLogged', 1, contactV1, { ContactLogged: { 1: addDuration } })).toEqual({
        type: 'ContactLogged',
        data: { ...contactV1, durationMinutes: null },
      });
    });

    it('leaves the stored payload untouched', () => {
      const stored = { ...contactV1 };
      upcast('ContactLogged', 1, stored, { ContactLogged: { 1: addDuration } });
      expect(stored).toEqual(contactV1);
    });

    it('passes a v2 payload through and still refuses v3', () => {
      const v2 = { ...contactV1, durationMinutes: 45 };
      expect(upcast('ContactLogged', 2, v2, { ContactLogged: { 1: addDuration } }).data).toEqual(v2);
      expect(() => upcast('ContactLogged', 3, v2, { ContactLogged: { 1: addDuration } })).toThrow(
        'ContactLogged v3 is newer than this code knows (v2)',
      );
    });

    it('refuses a v1 payload when the registry has no v1 -> v2 upcaster', () => {
      expect(() => upcast('ContactLogged', 1, contactV1, {})).toThrow('No upcaster for ContactLogged v1 -> v2');
      expect(() => upcast('ContactLogged', 1, contactV1)).toThrow('No upcaster for ContactLogged v1 -> v2');
    });
  });
});

describe('SupportRequested and SleDesignated v1 (before programmes)', () => {
  it('reads an old request as the SLE programme’s, losing nothing', () => {
    const v1 = {
      deploymentId: 'dep-1',
      schoolUrn: '100001',
      specialism: 'maths-primary',
      areaOfNeed: 'Reasoning',
      source: 'dfe',
      requestedOn: '2024-10-01',
    };
    expect(upcast('SupportRequested', 1, v1)).toEqual({
      type: 'SupportRequested',
      data: { ...v1, programme: 'sle' },
    });
  });

  it('reads an old designation as one to the SLE programme', () => {
    const v1 = {
      sleId: 's-1',
      name: 'Sam',
      email: 'sam@school.test',
      homeSchoolUrn: '100002',
      specialisms: ['maths-primary'],
      phases: ['primary'],
      capacityDays: 20,
      designatedOn: '2023-09-01',
    };
    expect(upcast('SleDesignated', 1, v1)).toEqual({ type: 'SleDesignated', data: { ...v1, programmes: ['sle'] } });
  });
});
