/** "1 day", "3 days": counts in the plain words reasons and reminders are written in. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
