import type { DataSubjectErased } from '../../events/index.js';
import { given } from '../../test/support/given-when-then.js';
import { ConflictError, InvalidCommandError } from '../shared/domain-errors.js';
import { erasureDecider, type EraseDataSubject } from './erasure.decider.js';

const erase = (extra: Partial<EraseDataSubject> = {}): EraseDataSubject => ({
  type: 'EraseDataSubject',
  of: { kind: 'sle', id: 's1' },
  subjects: ['sle:s1', 'user:u1', 'notes:d1', 'attendees:d1'],
  ground: 'request',
  reason: 'Asked to be forgotten (letter of 2 Jan)',
  force: false,
  activeDeployments: [],
  today: '2026-01-05',
  ...extra,
});
const erased = (extra: Partial<DataSubjectErased['data']> = {}): DataSubjectErased => ({
  type: 'DataSubjectErased',
  data: {
    of: { kind: 'sle', id: 's1' },
    subjects: ['sle:s1', 'user:u1', 'notes:d1', 'attendees:d1'],
    ground: 'request',
    reason: 'Asked to be forgotten (letter of 2 Jan)',
    forced: false,
    erasedOn: '2026-01-05',
    ...extra,
  },
});

describe('Erasure decider', () => {
  it('erases every subject of a person with no active deployment, with the reason', () => {
    given(erasureDecider).when(erase()).then([erased()]);
  });

  it('refuses while the person has an active deployment (409), naming it', () => {
    given(erasureDecider)
      .when(erase({ activeDeployments: ['d2'] }))
      .thenRejects(ConflictError, /active deployments \(d2\).*force/);
  });

  it('erases an active person when forced, and records that it was forced', () => {
    given(erasureDecider)
      .when(erase({ activeDeployments: ['d2'], force: true }))
      .then([erased({ forced: true })]);
  });

  it('wants a reason (400)', () => {
    given(erasureDecider)
      .when(erase({ reason: '  ' }))
      .thenRejects(InvalidCommandError, { reason: /why/ });
  });

  it('erases only what is new on a second request, and refuses one with nothing new (409)', () => {
    given(erasureDecider, [erased()])
      .when(erase({ subjects: ['sle:s1', 'notes:d3'] }))
      .then([erased({ subjects: ['notes:d3'] })]);
    given(erasureDecider, [erased()]).when(erase()).thenRejects(ConflictError, 'already erased');
  });
});
