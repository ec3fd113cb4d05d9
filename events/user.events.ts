import type { Role } from './vocabulary.js';

export const userStream = (userId: string) => `user-${userId}`;

/** An account. Only a strong one-way hash of the password is ever recorded. */
export interface UserRegistered {
  type: 'UserRegistered';
  data: {
    userId: string;
    email: string;
    passwordHash: string;
    role: Role;
    schoolUrn?: string;
    sleId?: string;
  };
}

export type UserEvent = UserRegistered;
