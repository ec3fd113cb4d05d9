import type { IsoDate } from '../../events/index.js';

/** Where "now" comes from, so that tests and the demo can fix it. */
export abstract class Clock {
  abstract now(): Date;
  today(): IsoDate {
    return this.now().toISOString().slice(0, 10);
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date | string): void {
    this.current = new Date(date);
  }
}
