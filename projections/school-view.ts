import type { IsoDate, OfstedJudgementRecorded, Phase, RecordedEvent, SchoolEvent } from '../events/index.js';

type WithoutUrn<T> = T extends unknown ? Omit<T, 'urn'> : never;

/** A judgement as recorded, of any of the three generations (`framework` tells which). */
export type OfstedJudgementView = WithoutUrn<OfstedJudgementRecorded['data']>;

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
      const { urn: _urn, ...judgement } = event.data;
      const ofstedHistory = [...view.ofstedHistory, judgement].sort((a, b) =>
        a.inspectedOn < b.inspectedOn ? -1 : a.inspectedOn > b.inspectedOn ? 1 : 0,
      );
      return { ...view, ofstedHistory, ofsted: ofstedHistory[ofstedHistory.length - 1] };
    }
    case 'SchoolDataRecorded': {
      const { urn: _urn, ...point } = event.data;
      return { ...view, dataPoints: [...view.dataPoints, point] };
    }
  }
}
