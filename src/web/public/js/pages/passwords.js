// Choosing a password, on the invitation, reset and account pages.
import { ApiError } from '../api.js';
import { field } from '../forms.js';
/** @import { Body } from '../forms.js' */

export const PASSWORD_HINT =
  'At least 12 characters. A few unrelated words make a good one; a common or easily guessed password is refused.';

/**
 * The new password and its confirmation; `path` is the API's name for the new password.
 * @param {string} [path]
 */
export function newPasswordFields(path = 'password') {
  return [
    field({
      label: 'New password',
      path,
      type: 'password',
      wide: true,
      hint: PASSWORD_HINT,
      attrs: { autocomplete: 'new-password', minlength: '12' },
    }),
    field({
      label: 'New password again',
      path: 'confirmPassword',
      type: 'password',
      wide: true,
      attrs: { autocomplete: 'new-password' },
    }),
  ];
}

/**
 * The body without the confirmation, or a refusal naming it when the two differ (checked here: the API never sees it).
 * @param {Body} body
 * @param {string} [path]
 * @returns {Body}
 */
export function withoutConfirmation(body, path = 'password') {
  const { confirmPassword, ...rest } = body;
  if ((confirmPassword ?? '') !== (rest[path] ?? ''))
    throw new ApiError(400, {
      message: ['confirmPassword: must be the same as the new password'],
      fields: { confirmPassword: ['must be the same as the new password'] },
    });
  return rest;
}
