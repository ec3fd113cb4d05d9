import { field, repeater } from './forms.js';

/**
 * @import { Attendee } from '../../../../events/deployment.events.js'
 * @import { User } from './api-types.js'
 */

/**
 * The signed-in user as an attendee: linked to their account, so that their name is erased with them.
 * @param {User} user
 * @param {string} role
 * @returns {Partial<Attendee>}
 */
export const signedInAttendee = (user, role) => ({ name: user.name ?? user.email, role, userId: user.id });

/**
 * A meeting's attendees, each row a name and a role. A row started from a person (the signed-in user, the SLE
 * chosen) keeps a hidden link to their account or SLE record, dropped as soon as the name is changed: a name typed
 * in is then the meeting's record only.
 * @param {{ hint?: string, initial: Partial<Attendee>[] }} spec
 */
export function attendeesField({ hint, initial }) {
  return repeater({
    legend: 'Attendees',
    path: 'attendees',
    hint,
    itemLabel: (i) => `Attendee ${i + 1}`,
    addLabel: 'Add another attendee',
    initial,
    /** @param {Partial<Attendee>} values */
    makeRow: (values) => {
      const name = field({ label: 'Name', sub: 'name', value: values.name });
      const links = [
        field({ type: 'hidden', sub: 'userId', value: values.userId, optional: true }),
        field({ type: 'hidden', sub: 'sleId', value: values.sleId, optional: true }),
      ];
      const input = /** @type {HTMLInputElement} */ (name.querySelector('input'));
      input.addEventListener('input', () => {
        for (const link of links) {
          const hidden = /** @type {HTMLInputElement} */ (link.querySelector('input'));
          if (input.value.trim() !== (hidden.dataset.linkedName ?? '')) hidden.value = '';
        }
      });
      for (const link of links) {
        /** @type {HTMLInputElement} */ (link.querySelector('input')).dataset.linkedName = values.name ?? '';
      }
      return [name, field({ label: 'Role', sub: 'role', value: values.role }), ...links];
    },
  });
}

/**
 * Links a row to a person from outside (the SLE chosen on the meeting form): sets its name and link together.
 * @param {HTMLElement} row A repeater row, or any element holding one row's fields.
 * @param {{ name: string, sleId?: string, userId?: string }} person
 */
export function linkAttendee(row, person) {
  /** @type {HTMLInputElement} */ (row.querySelector('input[data-sub="name"]')).value = person.name;
  for (const sub of /** @type {const} */ (['userId', 'sleId'])) {
    const hidden = /** @type {HTMLInputElement} */ (row.querySelector(`input[data-sub="${sub}"]`));
    hidden.value = person[sub] ?? '';
    hidden.dataset.linkedName = person.name;
  }
}
