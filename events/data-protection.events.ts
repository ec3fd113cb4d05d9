import type { IsoDate } from './vocabulary.js';

/**
 * Whose personal data a sealed field is, and so which key seals it: `sle:{sleId}`, `user:{userId}`,
 * `notes:{deploymentId}` (the free text written about a deployment: contact notes, the evaluation's summary),
 * `attendees:{deploymentId}` (who attended its brokerage meeting) and `review:{academicYear}-{halfTerm}` (who
 * attended a half-term review, and its notes), `answer:{recordId}` (an answer kept for an Idempotency-Key replay,
 * which may name someone). See `personal-data.ts`.
 */
export type DataSubjectId = `${DataSubjectKind}:${string}`;
export const DATA_SUBJECT_KINDS = ['sle', 'user', 'notes', 'attendees', 'review', 'answer'] as const;
export type DataSubjectKind = (typeof DATA_SUBJECT_KINDS)[number];

export const dataSubject = (kind: DataSubjectKind, id: string): DataSubjectId => `${kind}:${id}`;

/**
 * One stream per person or deployment erased: `data-subject-sle-{id}`, `data-subject-user-{id}`,
 * `data-subject-deployment-{id}`, `data-subject-named-{id}`.
 */
export const erasureStream = ({ kind, id }: ErasureOf) => `data-subject-${kind}-${id}`;

/**
 * Whose erasure: a person (an SLE, with their accounts; or a user), what retention erased of a deployment, or
 * the records naming someone who has no account (`named`, with an id of the erasure's own: the name is never
 * kept).
 */
export interface ErasureOf {
  kind: 'sle' | 'user' | 'deployment' | 'named';
  id: string;
}

export const ERASURE_GROUNDS = ['request', 'retention'] as const;
export type ErasureGround = (typeof ERASURE_GROUNDS)[number];

/**
 * The keys of these data subjects were deleted: every field they sealed reads as erased from now on, in the
 * events and in every view. Holds ids only, never the personal data erased. `forced` when the person still
 * had an active deployment.
 */
export interface DataSubjectErased {
  type: 'DataSubjectErased';
  data: {
    of: ErasureOf;
    subjects: DataSubjectId[];
    ground: ErasureGround;
    reason: string;
    forced: boolean;
    erasedOn: IsoDate;
  };
}

export type DataProtectionEvent = DataSubjectErased;
