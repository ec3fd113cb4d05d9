/** "1 day", "3 days": counts in the plain words reasons and reminders are written in. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A code of the vocabulary or configuration in words, within a sentence: `maths-primary` → "maths primary". */
export const wordsOf = (code: string) => code.replace(/-/g, ' ');

/** A code as a label reads it: `requires-improvement` → "Requires improvement" (the web app's `labelOf`). */
export const labelOf = (code: string) => {
  const words = wordsOf(code);
  return words.charAt(0).toUpperCase() + words.slice(1);
};
