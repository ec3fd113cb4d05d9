/** Changes remembered; past this the older half is forgotten, and asking from before them answers "anything". */
const REMEMBERED = 8_192;

/**
 * Which schools' deployments changed after a position, for what is worked out school by school and kept
 * between reads (the half-termly reports). Any other event (a school's, an SLE's, a review) counts as
 * touching every school, as does asking from further back than is remembered.
 */
export class SchoolChanges {
  private positions: bigint[] = [];
  private urns: string[] = [];
  /** Newest position forgotten: asking from before it cannot be answered school by school. */
  private forgottenTo = 0n;
  private otherAt = 0n;

  constructor(private readonly remembered = REMEMBERED) {}

  deploymentChanged(schoolUrn: string, position: bigint): void {
    this.positions.push(position);
    this.urns.push(schoolUrn);
    if (this.positions.length > this.remembered) {
      const drop = this.positions.length - Math.floor(this.remembered / 2);
      this.forgottenTo = this.positions[drop - 1];
      this.positions = this.positions.slice(drop);
      this.urns = this.urns.slice(drop);
    }
  }

  otherChanged(position: bigint): void {
    this.otherAt = position;
  }

  /** The schools whose deployments changed after `position`; undefined when anything else may have. */
  since(position: bigint): ReadonlySet<string> | undefined {
    if (this.otherAt > position || this.forgottenTo > position) return undefined;
    const changed = new Set<string>();
    for (let i = this.positions.length - 1; i >= 0 && this.positions[i] > position; i--) changed.add(this.urns[i]);
    return changed;
  }
}
