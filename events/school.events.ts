import type {
  IsoDate,
  KeyJudgementArea,
  KeyJudgementSafeguarding,
  OfstedCategory,
  OfstedGrade,
  Phase,
  ReportCardArea,
  ReportCardCategory,
  ReportCardGrade,
  ReportCardSafeguarding,
} from './vocabulary.js';

export const schoolStream = (urn: string) => `school-${urn}`;

export interface SchoolRegistered {
  type: 'SchoolRegistered';
  data: { urn: string; name: string; phase: Phase; localAuthority: string };
}

/** Before September 2024: one overall-effectiveness grade. The whole of v1 of the event. */
export interface OverallEffectivenessJudgement {
  urn: string;
  inspectedOn: IsoDate;
  framework: 'overall-effectiveness';
  grade: OfstedGrade;
  category?: OfstedCategory;
}

/** September 2024 to 9 November 2025: a grade per key judgement, no overall grade. */
export interface KeyJudgementsJudgement {
  urn: string;
  inspectedOn: IsoDate;
  framework: 'key-judgements';
  areas: Partial<Record<KeyJudgementArea, OfstedGrade>>;
  safeguarding?: KeyJudgementSafeguarding;
  category?: OfstedCategory;
}

/** From 10 November 2025: a report card; the category follows from the grades and is stored as derived then. */
export interface ReportCardJudgement {
  urn: string;
  inspectedOn: IsoDate;
  framework: 'report-card';
  areas: Partial<Record<ReportCardArea, ReportCardGrade>>;
  safeguarding: ReportCardSafeguarding;
  category?: ReportCardCategory;
}

/**
 * The judgement as it was given, in the words of the framework it was given under. v2 widened v1 (which
 * held only overall-effectiveness judgements) to the three generations; a v1 payload is read unchanged as
 * the first. Code knowing only v1 must refuse v2 rather than misread a report card as a grade.
 */
export interface OfstedJudgementRecorded {
  type: 'OfstedJudgementRecorded';
  data: OverallEffectivenessJudgement | KeyJudgementsJudgement | ReportCardJudgement;
}

export interface SchoolDataRecorded {
  type: 'SchoolDataRecorded';
  data: { urn: string; measure: string; unit: string; value: number; recordedOn: IsoDate };
}

export type SchoolEvent = SchoolRegistered | OfstedJudgementRecorded | SchoolDataRecorded;
