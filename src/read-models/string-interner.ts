/**
 * A function giving one copy of each string it is given: the first it saw equal to it. For documents read back
 * by the thousand, where JSON.parse makes a new copy of every string longer than ten characters.
 */
export function stringInterner(): (text: string) => string {
  const copies = new Map<string, string>();
  return (text) => {
    const copy = copies.get(text);
    if (copy !== undefined) return copy;
    copies.set(text, text);
    return text;
  };
}
