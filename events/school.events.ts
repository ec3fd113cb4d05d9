import type { IsoDate, OfstedCategory, OfstedGrade, Phase } from './vocabulary.js';

export const schoolStream = (urn: string) => `school-${urn}`;

export interface SchoolRegistered {
  type: 'SchoolRegistered';
  data: { urn: string; name: string; phase: Phase; localAuthority: string };
}

/**
 * The judgement as it was given. Inspections from November 2025 give report cards, so `framework` says
 * which scheme the grade belongs to rather than assuming one forever.
 */
export interface OfstedJudgementRecorded {
  type: 'OfstedJudgementRecorded';
  data: {
    urn: string;
    grade: OfstedGrade;
    category?: OfstedCategory;
    inspectedOn: IsoDate;
    framework: 'overall-effectiveness';
  };
}

export interface SchoolDataRecorded {
  type: 'SchoolDataRecorded';
  data: { urn: string; measure: string; unit: string; value: number; recordedOn: IsoDate };
}

export type SchoolEvent = SchoolRegistered | OfstedJudgementRecorded | SchoolDataRecorded;
