import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

let checker: { strength: ZxcvbnFactory; common: Set<string> } | undefined;

/**
 * The common and breached passwords zxcvbn-ts ships (some 49,000, no network call) and its guess estimator.
 * Loaded on first use: building the matcher takes some 60 ms, which every start would otherwise pay.
 */
function loaded() {
  if (!checker) {
    const require = createRequire(import.meta.url);
    const { ZxcvbnFactory: Factory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const language = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    checker = {
      strength: new Factory({ dictionary: { ...language.dictionary }, graphs: language.adjacencyGraphs }),
      common: new Set(language.dictionary['passwords-common']),
    };
  }
  return checker;
}

/**
 * Why a new password is refused, or undefined when it is fine: at least 12 characters, not on the list, and
 * not guessable in fewer than 10^8 tries (a listed password with a digit added, a keyboard walk, one letter
 * repeated), which is zxcvbn's score 3. `personal` holds words of the person's own (their email) to count as guessable.
 */
export function passwordProblem(password: string, personal: string[] = []): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const { strength, common } = loaded();
  if (common.has(password.toLowerCase())) return 'is on a list of common or breached passwords; choose another';
  if (strength.check(password, personal).score < 3)
    return 'is too easy to guess (close to a common password, a name or a pattern); choose a longer or less usual one';
  return undefined;
}
