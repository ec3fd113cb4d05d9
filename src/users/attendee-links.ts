import type { Attendee } from '../../events/index.js';
import { InvalidCommandError } from '../shared/domain-errors.js';
import type { AccountDirectory } from './account-directory.js';

/**
 * Refuses attendee rows that name a person who is not there: a row's `userId` must be an account and its `sleId`
 * an SLE, one of the two at most. A linked name is shown in that person's subject access export and erased with
 * them, so a wrong link would hand one person's record to another.
 */
export async function assertAttendeesKnown(
  attendees: readonly Attendee[],
  sles: { has(sleId: string): boolean },
  directory: AccountDirectory,
): Promise<void> {
  if (attendees.some((a) => a.userId !== undefined)) await directory.catchUp();
  const problems: Record<string, string> = {};
  attendees.forEach((attendee, i) => {
    if (attendee.userId !== undefined && attendee.sleId !== undefined)
      problems[`attendees.${i}.sleId`] = 'give the account or the SLE record, not both';
    else if (attendee.userId !== undefined && !directory.get(attendee.userId))
      problems[`attendees.${i}.userId`] = `no account ${attendee.userId}`;
    else if (attendee.sleId !== undefined && !sles.has(attendee.sleId))
      problems[`attendees.${i}.sleId`] = `no SLE ${attendee.sleId}`;
  });
  if (Object.keys(problems).length) throw new InvalidCommandError(problems);
}
