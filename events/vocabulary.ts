// The domain's closed vocabularies (DOMAIN.md "Words"). Specialisms are configuration, not listed here.

export const PHASES = [
  'nursery',
  'primary',
  'middle',
  'secondary',
  'all-through',
  'special',
  'alternative-provision',
  '16-plus',
] as const;
export type Phase = (typeof PHASES)[number];

export const OFSTED_GRADES = ['outstanding', 'good', 'requires-improvement', 'inadequate'] as const;
export type OfstedGrade = (typeof OFSTED_GRADES)[number];

/** Categories an inadequate school may be placed in. */
export const OFSTED_CATEGORIES = ['serious-weaknesses', 'special-measures'] as const;
export type OfstedCategory = (typeof OFSTED_CATEGORIES)[number];

export const REQUEST_SOURCES = ['self-referral', 'dfe', 'local-authority', 'core-team'] as const;
export type RequestSource = (typeof REQUEST_SOURCES)[number];

export const CONTACT_CHANNELS = ['email', 'phone', 'visit', 'meeting'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const PROGRESS_STATUSES = ['on-track', 'at-risk', 'off-track'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

export const DEPLOYMENT_STATUSES = ['requested', 'brokered', 'deployed', 'evaluated', 'cancelled'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export const HALF_TERMS = ['autumn-1', 'autumn-2', 'spring-1', 'spring-2', 'summer-1', 'summer-2'] as const;
export type HalfTerm = (typeof HALF_TERMS)[number];

export const OUTCOME_RESULTS = ['achieved', 'partly-achieved', 'not-achieved'] as const;
export type OutcomeResult = (typeof OUTCOME_RESULTS)[number];

export const ROLES = ['admin', 'facilitator', 'core-team', 'school', 'sle'] as const;
export type Role = (typeof ROLES)[number];

/** ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;
/** Academic year such as `2025-26`. */
export type AcademicYear = string;
