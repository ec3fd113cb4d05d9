import { wordsOf } from './words.js';

/**
 * What a field is called in a sentence, where its name alone does not say it well. Any other field is called by
 * its name in words (`areaOfNeed` → "the area of need").
 */
const FIELD_WORDS: Record<string, string> = {
  urn: 'the URN',
  schoolUrn: 'the school',
  homeSchoolUrn: 'the home school',
  sleId: 'the SLE',
  actual: 'the result',
  additionalDays: 'the extra days',
  capacityDays: 'the capacity in days',
  schoolRating: "the school's rating",
  source: 'where the request came from',
  channel: 'how the contact was made',
  status: 'the progress',
  heldOn: 'the date it was held',
  on: 'the date',
  pageSize: 'the page size',
  q: 'the search',
};

/** `daysCommissioned` → "the days commissioned"; a row of a list (`0`) is "this". */
export function fieldWords(property: string): string {
  if (FIELD_WORDS[property]) return FIELD_WORDS[property];
  if (/^\d+$/.test(property)) return 'this';
  return `the ${property.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()}`;
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** class-validator's own messages (those no DTO words itself), and the same said plainly of the field. */
const PLAIN: [RegExp, (field: string, found: string) => string][] = [
  [/ must be a number conforming to the specified constraints$/, (f) => `Enter ${f} as a number, such as 5 or 2.5`],
  [/ must be an integer number$/, (f) => `Enter ${f} as a whole number, such as 5`],
  [/ must not be less than (\S+)$/, (f, n) => `${capital(f)} must be ${n} or more`],
  [/ must not be greater than (\S+)$/, (f, n) => `${capital(f)} must be ${n} or less`],
  [
    / must be one of the following values: (.*)$/,
    (f, list) => `Choose ${f}: one of ${list.split(', ').map(wordsOf).join(', ')}`,
  ],
  [/ should not be empty$/, (f) => `Enter ${f}`],
  [/ should not be null or undefined$/, (f) => `Enter ${f}`],
  [/ must be a string$/, (f) => `Enter ${f} as text`],
  [/ must be an array$/, (f) => `Give ${f} as a list`],
  [/ must contain at least (\d+) elements$/, (f, n) => `Choose at least ${n} for ${f}`],
  [/ must contain no more than (\d+) elements$/, (f, n) => `Choose at most ${n} for ${f}`],
  [/ must be shorter than or equal to (\d+) characters$/, (f, n) => `${capital(f)} must be ${n} characters or fewer`],
  [/ must be a UUID$/, (f) => `Choose ${f} from the list: it must be a UUID the app gave`],
  [/ must be a boolean value$/, (f) => `Give ${f} as true or false`],
  [/^nested property \S+ must be either object or array$/, (f) => `Give ${f} with its details`],
];

const NOT_A_NUMBER = / must be (a number conforming|an integer number)/;
const BOUND = / must not be (less|greater) than /;
const NOT_TEXT = / must be a string$/;
const LENGTH = / must be (shorter|longer) than or equal to \d+ characters$/;

/**
 * A field's messages as a head teacher reads them: class-validator's own texts said plainly, naming the field in
 * words; a number out of range said once ("from 1 to 190"), and no range or length while it is not a number or text. Messages
 * a DTO words itself are kept as they are.
 */
export function plainMessages(property: string, messages: string[]): string[] {
  const field = fieldWords(property);
  let kept = messages;
  if (kept.some((m) => NOT_A_NUMBER.test(m))) kept = kept.filter((m) => !BOUND.test(m));
  if (kept.some((m) => NOT_TEXT.test(m))) kept = kept.filter((m) => !LENGTH.test(m));
  const low = kept.map((m) => / must not be less than (\S+)$/.exec(m)?.[1]).find(Boolean);
  const high = kept.map((m) => / must not be greater than (\S+)$/.exec(m)?.[1]).find(Boolean);
  const out = kept.filter((m) => !(low && high && BOUND.test(m)));
  if (low && high) out.push(`${capital(field)} must be from ${low} to ${high}`);
  return out.map((message) => {
    for (const [pattern, plain] of PLAIN) {
      const found = pattern.exec(message);
      if (found) return plain(field, found[1] ?? '');
    }
    return message;
  });
}
