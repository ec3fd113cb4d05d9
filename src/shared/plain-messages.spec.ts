import { fieldWords, plainMessages } from './plain-messages.js';

describe('plainMessages', () => {
  it('says a missing or wrong number plainly, naming the field, without the range it cannot yet be in', () => {
    expect(
      plainMessages('target', [
        'target must not be greater than 100',
        'target must be a number conforming to the specified constraints',
      ]),
    ).toEqual(['Enter the target as a number, such as 5 or 2.5']);
    expect(plainMessages('daysCommissioned', ['daysCommissioned must be an integer number'])).toEqual([
      'Enter the days commissioned as a whole number, such as 5',
    ]);
  });

  it('says a number out of range once, with both ends', () => {
    expect(
      plainMessages('capacityDays', [
        'capacityDays must not be less than 1',
        'capacityDays must not be greater than 190',
      ]),
    ).toEqual(['The capacity in days must be from 1 to 190']);
    expect(plainMessages('schoolRating', ['schoolRating must not be less than 1'])).toEqual([
      "The school's rating must be 1 or more",
    ]);
  });

  it('words choices, lists and text, and keeps what a DTO words itself', () => {
    expect(
      plainMessages('phase', ['phase must be one of the following values: primary, secondary, all-through']),
    ).toEqual(['Choose the phase: one of primary, secondary, all through']);
    expect(plainMessages('specialisms', ['specialisms must contain at least 1 elements'])).toEqual([
      'Choose at least 1 for the specialisms',
    ]);
    expect(
      plainMessages('name', ['name must be shorter than or equal to 200 characters', 'name must be a string']),
    ).toEqual(['Enter the name as text']);
    expect(plainMessages('urn', ['urn must be a six-digit URN'])).toEqual(['urn must be a six-digit URN']);
  });

  it('calls a field by its name in words unless it has words of its own', () => {
    expect(fieldWords('areaOfNeed')).toBe('the area of need');
    expect(fieldWords('homeSchoolUrn')).toBe('the home school');
    expect(fieldWords('0')).toBe('this');
  });
});
