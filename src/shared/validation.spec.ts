import { FixedClock } from './clock.js';
import {
  IsMultilineText,
  IsOptionalText,
  IsPlannedDate,
  IsText,
  planningHorizonEnd,
  RequestValidationError,
  StrictValidationPipe,
} from './validation.js';

class Named {
  @IsText(100) name!: string;
  @IsOptionalText(100) role?: string;
  @IsMultilineText(1000) note!: string;
}

class Planned {
  @IsPlannedDate() endDate!: string;
}

const clock = new FixedClock(new Date('2026-03-02T12:00:00Z'));
const pipe = new StrictValidationPipe(clock);

/** The fields the pipe names for a body, or [] when it passes. */
async function refusals(metatype: new () => object, body: object): Promise<Record<string, string[]>> {
  try {
    await pipe.transform(body, { type: 'body', metatype, data: undefined });
    return {};
  } catch (error) {
    if (error instanceof RequestValidationError) return error.fields;
    throw error;
  }
}

const named = (fields: Partial<Named>) => refusals(Named, { name: 'Jo Smith', note: 'Fine.', ...fields });

describe('one-line text (names and the like)', () => {
  it.each([
    ['NUL', 'Jo\u0000', 'U+0000'],
    ['LF', 'Pioneer\nPrimary', 'U+000A'],
    ['CR', 'Pioneer\rPrimary', 'U+000D'],
    ['a leading line break before a formula', '\n=1+2', 'U+000A'],
    ['a tab', 'Jo\tSmith', 'U+0009'],
    ['another C0 control', 'Jo\u001bSmith', 'U+001B'],
    ['DEL', 'Jo\u007fSmith', 'U+007F'],
    ['a C1 control (NEL)', 'Jo\u0085Smith', 'U+0085'],
    ['half a surrogate pair', 'Jo\ud800Smith', 'U+D800'],
  ])('refuses %s and names the field and the character', async (_label, name, codePoint) => {
    expect(await named({ name })).toEqual({
      name: [`name must be one line without control characters (found ${codePoint})`],
    });
  });

  it.each([
    ['spaces', '   '],
    ['a no-break space', '\u00a0'],
    ['zero-width characters', '\u200b\u200c\u200d\u2060'],
    ['a byte-order mark and bidi marks', '\ufeff\u200e\u202e'],
    ['a soft hyphen', '\u00ad'],
    ['a combining accent alone', '\u0301'],
    ['Hangul fillers', '\u3164\u115f'],
    ['a blank braille pattern', '\u2800'],
  ])('refuses a name made only of %s as blank', async (_label, name) => {
    expect(await named({ name })).toEqual({ name: ['name must not be blank'] });
  });

  it.each([
    ['accents and apostrophes', "Zoë O'Brien-Ngọc"],
    ['an emoji joined by ZWJ', 'Jo 👩‍🏫'],
    ['a name written with a zero-width non-joiner', 'مهرداد‌پور'],
    ['a single letter', 'X'],
  ])('accepts %s', async (_label, name) => {
    expect(await named({ name })).toEqual({});
  });

  it('holds optional one-line text to the same rule when it is given', async () => {
    expect(await named({ role: 'Head\nteacher' })).toEqual({
      role: ['role must be one line without control characters (found U+000A)'],
    });
    expect(await named({ role: undefined })).toEqual({});
  });
});

describe('multi-line text (notes, summaries, reasons)', () => {
  it('keeps line breaks and tabs', async () => {
    expect(await named({ note: 'First line\r\nSecond line\n\tindented' })).toEqual({});
  });

  it.each([
    ['NUL', 'a\u0000b', 'U+0000'],
    ['a vertical tab', 'a\u000bb', 'U+000B'],
    ['DEL', 'a\u007fb', 'U+007F'],
  ])('refuses %s', async (_label, note, codePoint) => {
    expect(await named({ note })).toEqual({
      note: [`note must not contain control characters other than line breaks and tabs (found ${codePoint})`],
    });
  });

  it('refuses a note of only line breaks and spaces as blank', async () => {
    expect(await named({ note: '\n \r\n\t' })).toEqual({ note: ['note must not be blank'] });
  });
});

describe('planned dates', () => {
  afterEach(() => clock.set('2026-03-02T12:00:00Z'));

  it('reach to the end of the academic year five years from today', () => {
    expect(planningHorizonEnd('2026-03-02')).toBe('2031-08-31');
    expect(planningHorizonEnd('2026-08-31')).toBe('2031-08-31');
    expect(planningHorizonEnd('2026-09-01')).toBe('2032-08-31');
  });

  it('accept the last day of the horizon and refuse the day after, and 9999-12-31, naming the last day allowed', async () => {
    expect(await refusals(Planned, { endDate: '2031-08-31' })).toEqual({});
    const refused = {
      endDate: ['endDate must be on or before 2031-08-31, the end of the academic year 5 years from today'],
    };
    expect(await refusals(Planned, { endDate: '2031-09-01' })).toEqual(refused);
    expect(await refusals(Planned, { endDate: '9999-12-31' })).toEqual(refused);
  });

  it("move with the app's clock", async () => {
    clock.set('2026-09-01T12:00:00Z');
    expect(await refusals(Planned, { endDate: '2031-09-01' })).toEqual({});
  });

  it('name a malformed date once, as a date, not as beyond the horizon', async () => {
    expect(await refusals(Planned, { endDate: '99999-12-31' })).toEqual({
      endDate: ['endDate must be a date written YYYY-MM-DD', 'endDate must be a real calendar date'],
    });
  });
});
