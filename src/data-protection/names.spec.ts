import { mentions, sameName } from './names.js';

describe('names in text', () => {
  it('compares names case and spacing aside', () => {
    expect(sameName('  Jo   HEAD ')).toBe('jo head');
  });

  it('finds a name as whole words only', () => {
    expect(mentions('Met jo  head and the Y6 team', 'Jo Head')).toBe(true);
    expect(mentions('Jo Head.', 'jo head')).toBe(true);
    expect(mentions('(Jo Head)', 'Jo Head')).toBe(true);
    expect(mentions('Jo Headley visited', 'Jo Head')).toBe(false);
    expect(mentions('Bo Jo Head', 'Jo Head')).toBe(true);
    expect(mentions('BoJo Head', 'Jo Head')).toBe(false);
    // Letters beyond ASCII are letters too.
    expect(mentions('Zoë Ahmedé', 'Zoë Ahmed')).toBe(false);
    expect(mentions('Zoë Ahmed, Y6', 'Zoë Ahmed')).toBe(true);
    // A later whole-word match counts when an earlier one is inside a word.
    expect(mentions('Jo Headley and Jo Head', 'Jo Head')).toBe(true);
  });
});
