/**
 * An aggregate as a decider: `decide` turns a command and the current state into new events (or throws a
 * domain error); `evolve` folds one event into the state. Both are pure.
 */
export interface Decider<Command, State, Event> {
  initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

export const fold = <State, Event>(
  decider: Pick<Decider<unknown, State, Event>, 'initialState' | 'evolve'>,
  events: Event[],
): State => events.reduce(decider.evolve, decider.initialState);
