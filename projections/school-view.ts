import type { IsoDate, OfstedCategory, OfstedGrade, Phase, RecordedEvent, SchoolEvent } from '../events/index.js';

export interface OfstedJudgementView {
  grade: OfstedGrade;
  category?: OfstedCategory;
  inspectedOn: IsoDate;
}

export interface SchoolView {
  urn: string;
  name: string;
  phase: Phase;
  localAuthority: string;
  /** The judgement with the latest inspection date, whatever order they were recorded in. */
  ofsted: OfstedJudgementView | null;
  ofstedHistory: OfstedJudgementView[];
  dataPoints: { measure: string; unit: string; value: number; recordedOn: IsoDate }[];
}

export function applyToSchoolView(
  view: SchoolView | undefined,
  event: RecordedEvent<SchoolEvent>,
): SchoolView | undefined {
  if (event.type === 'SchoolRegistered') {
    return { ...event.data, ofsted: null, ofstedHistory: [], dataPoints: [] };
  }
  if (!view) return view;
  switch (event.type) {
    case 'OfstedJudgementRecorded': {
      const { grade, category, inspectedOn } = event.data;
      const ofstedHistory = [...view.ofstedHistory, { grade, ...(category ? { category } : {}), inspectedOn }].sort(
        (a, b) => (a.inspectedOn < b.inspectedOn ? -1 : a.inspectedOn > b.inspectedOn ? 1 : 0),
      );
      return { ...view, ofstedHistory, ofsted: ofstedHistory[ofstedHistory.length - 1] };
    }
    case 'SchoolDataRecorded': {
      const { urn: _urn, ...point } = event.data;
      return { ...view, dataPoints: [...view.dataPoints, point] };
    }
  }
}
