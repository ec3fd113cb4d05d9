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

/** Categories an inadequate school may be placed in (before report cards). */
export const OFSTED_CATEGORIES = ['serious-weaknesses', 'special-measures'] as const;
export type OfstedCategory = (typeof OFSTED_CATEGORIES)[number];

/**
 * The three generations of school inspection judgement (docs/ofsted.md): one overall-effectiveness grade;
 * from September 2024 a grade per key judgement and no overall grade; from 10 November 2025 report cards.
 */
export const OFSTED_FRAMEWORKS = ['overall-effectiveness', 'key-judgements', 'report-card'] as const;
export type OfstedFramework = (typeof OFSTED_FRAMEWORKS)[number];

/** First inspection day of each generation after the first. */
export const KEY_JUDGEMENTS_FROM = '2024-09-01';
export const REPORT_CARDS_FROM = '2025-11-10';

/** The generation an inspection on `inspectedOn` was judged under. */
export const ofstedFrameworkOn = (inspectedOn: string): OfstedFramework =>
  inspectedOn >= REPORT_CARDS_FROM
    ? 'report-card'
    : inspectedOn >= KEY_JUDGEMENTS_FROM
      ? 'key-judgements'
      : 'overall-effectiveness';

/** Key judgements (September 2024 to November 2025), graded with OFSTED_GRADES; the last two where they apply. */
export const KEY_JUDGEMENT_AREAS = [
  'quality-of-education',
  'behaviour-and-attitudes',
  'personal-development',
  'leadership-and-management',
  'early-years',
  'sixth-form',
] as const;
export type KeyJudgementArea = (typeof KEY_JUDGEMENT_AREAS)[number];
export const OPTIONAL_KEY_JUDGEMENT_AREAS: readonly KeyJudgementArea[] = ['early-years', 'sixth-form'];

/** Report-card evaluation areas (from 10 November 2025); the last two where they apply. */
export const REPORT_CARD_AREAS = [
  'inclusion',
  'curriculum-and-teaching',
  'achievement',
  'attendance-and-behaviour',
  'personal-development-and-well-being',
  'leadership-and-governance',
  'early-years',
  'sixth-form',
] as const;
export type ReportCardArea = (typeof REPORT_CARD_AREAS)[number];
export const OPTIONAL_REPORT_CARD_AREAS: readonly ReportCardArea[] = ['early-years', 'sixth-form'];

/** Report-card grades, best first. */
export const REPORT_CARD_GRADES = [
  'exceptional',
  'strong-standard',
  'expected-standard',
  'needs-attention',
  'urgent-improvement',
] as const;
export type ReportCardGrade = (typeof REPORT_CARD_GRADES)[number];

export const KEY_JUDGEMENT_SAFEGUARDING = ['effective', 'not-effective'] as const;
export type KeyJudgementSafeguarding = (typeof KEY_JUDGEMENT_SAFEGUARDING)[number];
export const REPORT_CARD_SAFEGUARDING = ['met', 'not-met'] as const;
export type ReportCardSafeguarding = (typeof REPORT_CARD_SAFEGUARDING)[number];

/** Categories of concern under report cards; they follow from the grades (projections/ofsted.ts). */
export const REPORT_CARD_CATEGORIES = ['requires-significant-improvement', 'special-measures'] as const;
export type ReportCardCategory = (typeof REPORT_CARD_CATEGORIES)[number];

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
