import { fold, type Decider } from '../../src/shared/decider.js';
import { InvalidCommandError } from '../../src/shared/domain-errors.js';

type ErrorClass = abstract new (...args: never[]) => Error;
/** A message matcher (substring or pattern), or for an InvalidCommandError the exact fields it must name, each with a message matcher. */
type RejectionMatcher = string | RegExp | Record<string, string | RegExp>;

const matches = (text: string, matcher: string | RegExp) =>
  typeof matcher === 'string' ? text.includes(matcher) : matcher.test(text);

/**
 * Given/When/Then for a pure decider. Kept rather than emmett's `DeciderSpecification`, whose failures read
 * "Condition is false" with no diff of the events: Jest's `toEqual` shows which field differs, and the
 * rejection matcher names the exact fields an InvalidCommandError must carry.
 *
 *   given(decider, history).when(command).then(expectedEvents)
 *   given(decider, history).when(command).thenRejects(InvalidCommandError, { field: /message/ })
 */
export function given<Command, State, Event>(decider: Decider<Command, State, Event>, history: Event[] = []) {
  const state = fold(decider, history);
  return {
    state,
    when(command: Command) {
      const attempt = (): { events: Event[] } | { error: unknown } => {
        try {
          return { events: decider.decide(command, state) };
        } catch (error) {
          return { error };
        }
      };
      return {
        /** The command is accepted and decides exactly these events; returns them. */
        then(expected: Event[]): Event[] {
          const outcome = attempt();
          if ('error' in outcome)
            throw new Error(`Expected events but the command was rejected: ${String(outcome.error)}`);
          expect(outcome.events).toEqual(expected);
          return outcome.events;
        },
        /** The command is rejected with this error class; for InvalidCommandError a record matcher must name exactly the bad fields. */
        thenRejects<E extends ErrorClass>(errorClass: E, matcher?: RejectionMatcher): InstanceType<E> {
          const outcome = attempt();
          if (!('error' in outcome))
            throw new Error(`Expected ${errorClass.name} but the command decided ${JSON.stringify(outcome.events)}`);
          const error = outcome.error;
          expect(error).toBeInstanceOf(errorClass);
          if (matcher === undefined) return error as InstanceType<E>;
          if (typeof matcher === 'string' || matcher instanceof RegExp) {
            const message = (error as Error).message;
            if (!matches(message, matcher)) throw new Error(`Message "${message}" does not match ${String(matcher)}`);
          } else {
            expect(error).toBeInstanceOf(InvalidCommandError);
            const fields = (error as InvalidCommandError).fields;
            expect(Object.keys(fields).sort()).toEqual(Object.keys(matcher).sort());
            for (const [field, expected] of Object.entries(matcher)) {
              if (!matches(fields[field], expected))
                throw new Error(`Field ${field}: "${fields[field]}" does not match ${String(expected)}`);
            }
          }
          return error as InstanceType<E>;
        },
      };
    },
  };
}
