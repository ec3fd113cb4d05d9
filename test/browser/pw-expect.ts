import type { Locator } from 'playwright-core';

/**
 * Retrying assertions on a playwright locator (playwright-core has no `expect` of its own): each waits up to
 * `timeout` for the page to reach the state, then fails with what it last saw.
 */
export function expect(locator: Locator, { timeout = 10_000 } = {}) {
  async function poll(what: string, observe: () => Promise<unknown>, ok: (seen: unknown) => boolean): Promise<void> {
    const deadline = Date.now() + timeout;
    let seen: unknown;
    for (;;) {
      try {
        seen = await observe();
        if (ok(seen)) return;
      } catch (error) {
        seen = `error: ${(error as Error).message.split('\n')[0]}`;
      }
      if (Date.now() > deadline) throw new Error(`Expected ${locator} ${what}; last saw ${JSON.stringify(seen)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const text = () => locator.innerText({ timeout: 1_000 }).then((t) => t.replace(/\s+/g, ' ').trim());
  const matches = (expected: string | RegExp) => (seen: unknown) =>
    typeof expected === 'string' ? seen === expected : expected.test(String(seen));
  return {
    toBeVisible: () =>
      poll(
        'to be visible',
        () => locator.isVisible(),
        (v) => v === true,
      ),
    toBeHidden: () =>
      poll(
        'to be hidden',
        () => locator.isHidden(),
        (v) => v === true,
      ),
    toHaveCount: (count: number) =>
      poll(
        `to match ${count} elements`,
        () => locator.count(),
        (n) => n === count,
      ),
    toHaveText: (expected: string | RegExp) => poll(`to have text ${expected}`, text, matches(expected)),
    toContainText: (expected: string) => poll(`to contain text ${expected}`, text, (t) => String(t).includes(expected)),
    toHaveValue: (expected: string | RegExp) =>
      poll(`to have value ${expected}`, () => locator.inputValue({ timeout: 1_000 }), matches(expected)),
    toHaveAttribute: (name: string, expected: string | RegExp) =>
      poll(`to have ${name}=${expected}`, () => locator.getAttribute(name, { timeout: 1_000 }), matches(expected)),
    toBeFocused: () =>
      poll(
        'to be focused',
        () => locator.evaluate((el) => el === el.ownerDocument.activeElement, undefined, { timeout: 1_000 }),
        (v) => v === true,
      ),
  };
}
