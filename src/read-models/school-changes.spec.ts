import { SchoolChanges } from './school-changes.js';

describe('SchoolChanges', () => {
  it('names the schools whose deployments changed after a position, each once', () => {
    const changes = new SchoolChanges();
    changes.deploymentChanged('100001', 5n);
    changes.deploymentChanged('100002', 6n);
    changes.deploymentChanged('100001', 7n);
    expect([...changes.since(4n)!].sort()).toEqual(['100001', '100002']);
    expect([...changes.since(6n)!]).toEqual(['100001']);
    expect([...changes.since(7n)!]).toEqual([]);
  });

  it('answers "anything" after an event of another kind, but not from after it', () => {
    const changes = new SchoolChanges();
    changes.deploymentChanged('100001', 5n);
    changes.otherChanged(6n);
    changes.deploymentChanged('100002', 7n);
    expect(changes.since(5n)).toBeUndefined();
    expect([...changes.since(6n)!]).toEqual(['100002']);
  });

  it('answers "anything" when asked from before what it still remembers', () => {
    const changes = new SchoolChanges(4);
    for (let p = 1n; p <= 5n; p++) changes.deploymentChanged(`10000${p}`, p);
    // Five changes past four remembered: the older ones are forgotten, down to the last two (at 4 and 5).
    expect(changes.since(2n)).toBeUndefined();
    expect([...changes.since(3n)!].sort()).toEqual(['100004', '100005']);
    expect([...changes.since(4n)!]).toEqual(['100005']);
  });
});
