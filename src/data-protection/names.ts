/** A name or text as people compare names: case and spacing aside. */
export const sameName = (text: string) => text.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');

/** Whether the text names the person: holds the name as a whole word or words, case and spacing aside. */
export function mentions(text: string, name: string): boolean {
  const wanted = sameName(name);
  const haystack = sameName(text);
  for (let at = haystack.indexOf(wanted); at >= 0; at = haystack.indexOf(wanted, at + 1)) {
    const before = haystack[at - 1];
    const after = haystack[at + wanted.length];
    if (!isLetter(before) && !isLetter(after)) return true;
  }
  return false;
}

const isLetter = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);
