/** Input that breaks a rule: answered 400, naming each bad field. */
export class InvalidCommandError extends Error {
  constructor(readonly fields: Record<string, string>) {
    super(
      Object.entries(fields)
        .map(([field, message]) => `${field}: ${message}`)
        .join('; '),
    );
  }
  static field(field: string, message: string): InvalidCommandError {
    return new InvalidCommandError({ [field]: message });
  }
}

/**
 * A step out of order, a duplicate, or a rule the current state forbids: answered 409. `details` (ids and codes,
 * never personal data) go into the answer beside the message, for a client to act on without reading the words.
 */
export class ConflictError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** An unknown id: answered 404. */
export class NotFoundError extends Error {}

/** Allowed for the role, but not for this user's school or SLE: answered 403. */
export class ForbiddenError extends Error {}

/** Collects every broken field before throwing, so the answer names them all at once. */
export class FieldProblems {
  private readonly problems: Record<string, string> = {};
  check(ok: boolean, field: string, message: string): this {
    if (!ok && !(field in this.problems)) this.problems[field] = message;
    return this;
  }
  throwIfAny(): void {
    if (Object.keys(this.problems).length) throw new InvalidCommandError(this.problems);
  }
}
