import type { DeploymentEvent, RecordedEvent } from '../../events/index.js';
import { applyToDeploymentView, type DeploymentView } from '../../projections/deployment-view.js';
import { ev, recorded } from '../../test/support/event-builders.js';
import { internDeploymentViewStrings } from './view-storage.js';

const outcome = { measure: '% of Y6 at expected standard in reasoning', unit: '%', baseline: 48, target: 70 };
const fold = (events: RecordedEvent[]) =>
  events.reduce<DeploymentView | undefined>(
    (view, e) => applyToDeploymentView(view, e as RecordedEvent<DeploymentEvent>),
    undefined,
  )!;

describe('internDeploymentViewStrings', () => {
  // As the store gives it back: parsed from its JSON, holding nothing of the events it was folded from.
  const view = (): DeploymentView => {
    const folded = fold(
      recorded([
        ev.requested('dep-a', '100001', '2025-09-08', { specialism: 'maths-primary', source: 'local-authority' }),
        ev.meeting('dep-a', 'sle-0000-long-id', '2025-09-15', { expectedOutcomes: [outcome] }),
        ev.deployed('dep-a', '2025-09-22'),
        ev.contact('dep-a', '2025-10-06', { note: 'Planned the first visit' }),
        ev.evaluated('dep-a', '2026-02-09', [{ ...outcome, actual: 60 }], 4, 'Reasoning improved across Year 6'),
      ]),
    );
    return JSON.parse(JSON.stringify(folded));
  };

  it('gives the ids, vocabulary, measures and attendees to `intern`, not the free text, and leaves the view as it was', () => {
    const given: string[] = [];
    const shared = view();
    internDeploymentViewStrings(shared, (text) => (given.push(text), text));
    expect(shared).toEqual(view());
    expect(new Set(given)).toEqual(
      new Set([
        'sle-0000-long-id',
        'sle',
        'maths-primary',
        'local-authority',
        outcome.measure,
        '%',
        'Jo Head',
        'Headteacher',
        'Sam Patel',
        'SLE',
        'partly-achieved',
      ]),
    );
  });

  it('puts what `intern` gives in place of each', () => {
    const shared = view();
    internDeploymentViewStrings(shared, (text) => `<${text}>`);
    expect(shared).toMatchObject({
      sleId: '<sle-0000-long-id>',
      specialism: '<maths-primary>',
      source: '<local-authority>',
    });
    expect(shared.evaluation!.outcomes[0]).toMatchObject({
      measure: `<${outcome.measure}>`,
      unit: '<%>',
      result: '<partly-achieved>',
    });
    expect(shared.brokerageMeeting!.attendees[0]).toEqual({ name: '<Jo Head>', role: '<Headteacher>' });
    expect(shared.contacts[0].note).toBe('Planned the first visit');
    expect(shared.expectedOutcomes[0].measure).toBe(`<${outcome.measure}>`);
  });
});
