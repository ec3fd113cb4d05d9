import type { RecordedEvent, UserEvent, UserRegistered } from '../events/index.js';

export type UserView = UserRegistered['data'];

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function applyToUserView(_view: UserView | undefined, event: RecordedEvent<UserEvent>): UserView {
  return { ...event.data, email: normaliseEmail(event.data.email) };
}
