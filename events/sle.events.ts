import type { IsoDate, Phase } from './vocabulary.js';

export const sleStream = (sleId: string) => `sle-${sleId}`;

export interface SleDesignated {
  type: 'SleDesignated';
  data: {
    sleId: string;
    name: string;
    email: string;
    homeSchoolUrn: string;
    /** The programmes the specialist is designated to (`sle` for every designation made before programmes). */
    programmes: string[];
    specialisms: string[];
    phases: Phase[];
    /** Days the SLE can give in one academic year. */
    capacityDays: number;
    designatedOn: IsoDate;
  };
}

export interface SleCapacityChanged {
  type: 'SleCapacityChanged';
  data: { sleId: string; capacityDays: number; on: IsoDate };
}

export interface SleSpecialismsChanged {
  type: 'SleSpecialismsChanged';
  data: { sleId: string; specialisms: string[]; on: IsoDate };
}

export interface SleDesignationEnded {
  type: 'SleDesignationEnded';
  data: { sleId: string; on: IsoDate; reason: string };
}

export type SleEvent = SleDesignated | SleCapacityChanged | SleSpecialismsChanged | SleDesignationEnded;
