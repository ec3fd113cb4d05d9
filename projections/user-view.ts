import type { RecordedEvent, Role, UserEvent } from '../events/index.js';

export interface UserView {
  userId: string;
  email: string;
  passwordHash: string;
  role: Role;
  schoolUrn?: string;
  sleId?: string;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function applyToUserView(_view: UserView | undefined, event: RecordedEvent<UserEvent>): UserView {
  return { ...event.data, email: normaliseEmail(event.data.email) };
}
