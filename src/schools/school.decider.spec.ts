import type { SchoolEvent } from '../../events/index.js';
import { given } from '../../test/support/given-when-then.js';
import { ConflictError, InvalidCommandError, NotFoundError } from '../shared/domain-errors.js';
import { schoolDecider, type SchoolCommand } from './school.decider.js';

const today = '2026-06-30';
type Cmd<T extends SchoolCommand['type']> = Extract<SchoolCommand, { type: T }>;

const register = (extra: Partial<Omit<Cmd<'RegisterSchool'>, 'type'>> = {}): Cmd<'RegisterSchool'> => ({
  type: 'RegisterSchool',
  urn: '100001',
  name: 'Pioneer Primary',
  phase: 'primary',
  localAuthority: 'Buckinghamshire',
  today,
  ...extra,
});
const recordOfsted = (
  extra: Partial<Omit<Cmd<'RecordOfstedJudgement'>, 'type'>> = {},
): Cmd<'RecordOfstedJudgement'> => ({
  type: 'RecordOfstedJudgement',
  grade: 'good',
  inspectedOn: '2024-03-11',
  today,
  ...extra,
});
const KEY = {
  'quality-of-education': 'requires-improvement',
  'behaviour-and-attitudes': 'good',
  'personal-development': 'good',
  'leadership-and-management': 'good',
} as const;
const CARD = {
  inclusion: 'expected-standard',
  'curriculum-and-teaching': 'expected-standard',
  achievement: 'needs-attention',
  'attendance-and-behaviour': 'expected-standard',
  'personal-development-and-well-being': 'strong-standard',
  'leadership-and-governance': 'expected-standard',
} as const;
const recordData = (extra: Partial<Omit<Cmd<'RecordSchoolData'>, 'type'>> = {}): Cmd<'RecordSchoolData'> => ({
  type: 'RecordSchoolData',
  measure: 'KS2 reading expected standard',
  unit: '%',
  value: 62,
  recordedOn: '2026-01-15',
  today,
  ...extra,
});

const registered: SchoolEvent = {
  type: 'SchoolRegistered',
  data: { urn: '100001', name: 'Pioneer Primary', phase: 'primary', localAuthority: 'Buckinghamshire' },
};
const dataPoint = (measure: string, unit: string, value: number, recordedOn: string): SchoolEvent => ({
  type: 'SchoolDataRecorded',
  data: { urn: '100001', measure, unit, value, recordedOn },
});

describe('school decider: register', () => {
  it('registers a school without a judgement', () => {
    given(schoolDecider).when(register()).then([registered]);
  });

  it('registers a school with its current Ofsted judgement, recorded under the overall-effectiveness framework', () => {
    given(schoolDecider)
      .when(register({ ofsted: { grade: 'requires-improvement', inspectedOn: '2024-05-20' } }))
      .then([
        registered,
        {
          type: 'OfstedJudgementRecorded',
          data: {
            urn: '100001',
            grade: 'requires-improvement',
            inspectedOn: '2024-05-20',
            framework: 'overall-effectiveness',
          },
        },
      ]);
  });

  it('records the category of an inadequate school', () => {
    given(schoolDecider)
      .when(register({ ofsted: { grade: 'inadequate', category: 'special-measures', inspectedOn: '2024-02-05' } }))
      .then([
        registered,
        {
          type: 'OfstedJudgementRecorded',
          data: {
            urn: '100001',
            grade: 'inadequate',
            category: 'special-measures',
            inspectedOn: '2024-02-05',
            framework: 'overall-effectiveness',
          },
        },
      ]);
  });

  it('leaves category out of the event when none was given', () => {
    const [, judgement] = given(schoolDecider)
      .when(register({ ofsted: { grade: 'good', category: undefined, inspectedOn: '2024-02-05' } }))
      .then([
        registered,
        {
          type: 'OfstedJudgementRecorded',
          data: { urn: '100001', grade: 'good', inspectedOn: '2024-02-05', framework: 'overall-effectiveness' },
        },
      ]);
    expect(Object.keys(judgement.data)).not.toContain('category');
  });

  it('rejects registering the same school twice', () => {
    given(schoolDecider, [registered])
      .when(register())
      .thenRejects(ConflictError, /100001 is already registered/);
  });

  it('names the request fields ofstedInspectedOn and ofstedCategory when the judgement given at registration is bad', () => {
    given(schoolDecider)
      .when(register({ ofsted: { grade: 'good', category: 'serious-weaknesses', inspectedOn: '2024-05-20' } }))
      .thenRejects(InvalidCommandError, { ofstedCategory: /only an inadequate school/ });
    given(schoolDecider)
      .when(register({ ofsted: { grade: 'good', inspectedOn: '2026-07-01' } }))
      .thenRejects(InvalidCommandError, { ofstedInspectedOn: /future/ });
    given(schoolDecider)
      .when(register({ ofsted: { grade: 'good', inspectedOn: '2025-01-15' } }))
      .thenRejects(InvalidCommandError, {
        ofstedInspectedOn: /key-judgements generation: an overall grade is given only/,
      });
  });
});

describe('school decider: Ofsted judgements', () => {
  it('records a judgement for a registered school', () => {
    given(schoolDecider, [registered])
      .when(recordOfsted())
      .then([
        {
          type: 'OfstedJudgementRecorded',
          data: { urn: '100001', grade: 'good', inspectedOn: '2024-03-11', framework: 'overall-effectiveness' },
        },
      ]);
  });

  it('answers not found for a school never registered', () => {
    given(schoolDecider).when(recordOfsted()).thenRejects(NotFoundError);
  });

  it('rejects an inspection dated in the future', () => {
    given(schoolDecider, [registered])
      .when(recordOfsted({ grade: undefined, areas: CARD, safeguarding: 'met', inspectedOn: '2026-07-01' }))
      .thenRejects(InvalidCommandError, { inspectedOn: /future/ });
  });

  it('rejects a category for a school that is not inadequate', () => {
    given(schoolDecider, [registered])
      .when(recordOfsted({ grade: 'requires-improvement', category: 'serious-weaknesses' }))
      .thenRejects(InvalidCommandError, { category: /only an inadequate school/ });
  });
});

describe('school decider: key judgements (September 2024 to 9 November 2025)', () => {
  it('records a grade per key judgement, with early years where it applies, safeguarding and a category', () => {
    given(schoolDecider, [registered])
      .when(
        recordOfsted({
          grade: undefined,
          inspectedOn: '2025-03-04',
          areas: { ...KEY, 'leadership-and-management': 'inadequate', 'early-years': 'good' },
          safeguarding: 'effective',
          category: 'serious-weaknesses',
        }),
      )
      .then([
        {
          type: 'OfstedJudgementRecorded',
          data: {
            urn: '100001',
            inspectedOn: '2025-03-04',
            framework: 'key-judgements',
            areas: { ...KEY, 'leadership-and-management': 'inadequate', 'early-years': 'good' },
            safeguarding: 'effective',
            category: 'serious-weaknesses',
          },
        },
      ]);
  });

  it('names each missing or wrongly graded key judgement, and refuses report-card areas and a needless category', () => {
    given(schoolDecider, [registered])
      .when(
        recordOfsted({
          grade: undefined,
          inspectedOn: '2025-03-04',
          areas: { 'quality-of-education': 'good', 'behaviour-and-attitudes': 'strong-standard', inclusion: 'good' },
          category: 'special-measures',
        }),
      )
      .thenRejects(InvalidCommandError, {
        'areas.behaviour-and-attitudes': /must be one of outstanding/,
        'areas.personal-development': /is required/,
        'areas.leadership-and-management': /is required/,
        'areas.inclusion': /not graded in a key-judgements inspection/,
        category: /only a school judged inadequate/,
      });
  });

  it('refuses key judgements dated under report cards, on the date', () => {
    given(schoolDecider, [registered])
      .when(recordOfsted({ grade: undefined, framework: 'key-judgements', areas: KEY, inspectedOn: '2025-11-10' }))
      .thenRejects(InvalidCommandError, { inspectedOn: /report-card generation: key judgements are given only/ });
  });
});

describe('school decider: report cards (from 10 November 2025)', () => {
  it('records each evaluation area and safeguarding, with no category when the grades imply none', () => {
    given(schoolDecider, [registered])
      .when(recordOfsted({ grade: undefined, inspectedOn: '2025-11-10', areas: CARD, safeguarding: 'met' }))
      .then([
        {
          type: 'OfstedJudgementRecorded',
          data: {
            urn: '100001',
            inspectedOn: '2025-11-10',
            framework: 'report-card',
            areas: CARD,
            safeguarding: 'met',
          },
        },
      ]);
  });

  it('derives the category of concern from the grades', () => {
    const [event] = given(schoolDecider, [registered])
      .when(
        recordOfsted({
          grade: undefined,
          inspectedOn: '2026-02-02',
          areas: { ...CARD, 'leadership-and-governance': 'urgent-improvement' },
          safeguarding: 'not-met',
        }),
      )
      .then([expect.anything() as SchoolEvent]);
    expect(event.data).toMatchObject({ category: 'special-measures' });
  });

  it('names missing safeguarding, a grade from the old scale, a given category and an overall grade', () => {
    given(schoolDecider, [registered])
      .when(
        recordOfsted({
          framework: 'report-card',
          inspectedOn: '2026-02-02',
          areas: { ...CARD, achievement: 'good' },
          category: 'special-measures',
        }),
      )
      .thenRejects(InvalidCommandError, {
        grade: /only for an overall grade/,
        'areas.achievement': /must be one of exceptional/,
        safeguarding: /is required/,
        category: /follows from the grades/,
      });
  });

  it('refuses an overall grade dated under report cards, on the date', () => {
    given(schoolDecider, [registered])
      .when(recordOfsted({ inspectedOn: '2026-02-02' }))
      .thenRejects(InvalidCommandError, { inspectedOn: /report-card generation: an overall grade is given only/ });
  });
});

describe('school decider: school data', () => {
  it('records a data point', () => {
    given(schoolDecider, [registered])
      .when(recordData())
      .then([dataPoint('KS2 reading expected standard', '%', 62, '2026-01-15')]);
  });

  it('answers not found for a school never registered', () => {
    given(schoolDecider).when(recordData()).thenRejects(NotFoundError);
  });

  it('rejects a data point dated in the future', () => {
    given(schoolDecider, [registered])
      .when(recordData({ recordedOn: '2026-07-01' }))
      .thenRejects(InvalidCommandError, { recordedOn: /future/ });
  });

  it('keeps a measure in the unit it was first recorded in, whatever the case of the measure', () => {
    given(schoolDecider, [registered, dataPoint('KS2 reading expected standard', '%', 58, '2025-07-10')])
      .when(recordData({ measure: 'ks2 Reading Expected Standard ', unit: 'pupils' }))
      .thenRejects(InvalidCommandError, { unit: /recorded in %/ });
  });

  it('accepts the same unit again, and any unit for another measure', () => {
    const history = [registered, dataPoint('KS2 reading expected standard', '%', 58, '2025-07-10')];
    given(schoolDecider, history)
      .when(recordData({ value: 64 }))
      .then([dataPoint('KS2 reading expected standard', '%', 64, '2026-01-15')]);
    given(schoolDecider, history)
      .when(recordData({ measure: 'Persistent absence', unit: 'pupils', value: 31 }))
      .then([dataPoint('Persistent absence', 'pupils', 31, '2026-01-15')]);
  });

  it('holds to the first unit even if a later event on disk used another', () => {
    const history = [
      registered,
      dataPoint('Exclusions', 'count', 4, '2025-07-10'),
      dataPoint('exclusions', 'per 100 pupils', 1.2, '2025-12-10'),
    ];
    given(schoolDecider, history)
      .when(recordData({ measure: 'Exclusions', unit: 'per 100 pupils' }))
      .thenRejects(InvalidCommandError, { unit: /recorded in count/ });
  });
});
