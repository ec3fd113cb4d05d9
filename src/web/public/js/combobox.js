// A type-ahead picker (the WAI-ARIA combobox pattern, with a listbox popup) for lists too long for a dropdown: the
// person types part of a name, the server's search answers a few, and the one chosen is the field's value.
import { get, query } from './api.js';
import { h, uid } from './dom.js';
/** @import { School, Sle, Page } from './api-types.js' */

/** @typedef {{ value: string, label: string }} Choice */

/** Choices shown at once: enough to find one by name, few enough to read. */
const SHOWN = 10;
/** Milliseconds of quiet typing before asking the server. */
const PAUSE = 200;

/**
 * A labelled text box that suggests choices as the person types. The value sent (a URN, an SLE id) is kept in a
 * hidden control carrying the field path, so forms and filters read it as they read a select.
 * @param {object} spec
 * @param {string} spec.label
 * @param {string} [spec.path]
 * @param {string} [spec.sub] In a repeater's row, instead of `path` (see `repeater`).
 * @param {(text: string) => Promise<Choice[]>} spec.search
 * @param {Choice | null} [spec.initial]
 * @param {string} [spec.hint]
 * @param {boolean} [spec.optional]
 * @param {boolean} [spec.filter] A filter is neither required nor marked optional.
 * @param {string} [spec.placeholder]
 */
export function combobox({
  label,
  path,
  sub,
  search,
  initial = null,
  hint,
  optional = false,
  filter = false,
  placeholder,
}) {
  const id = uid('combo');
  const listId = `${id}-list`;
  const hintId = hint ? `${id}-hint` : undefined;
  const statusId = `${id}-status`;
  const value = h('input', { type: 'hidden', value: initial?.value ?? '', dataset: { kind: 'text' } });
  if (path) value.dataset.path = path;
  if (sub) value.dataset.sub = sub;
  if (optional || filter) value.dataset.optional = 'true';
  const input = h('input', {
    id,
    type: 'text',
    role: 'combobox',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    'aria-describedby': hintId,
    'aria-required': optional || filter ? undefined : 'true',
    placeholder,
    value: initial?.label ?? '',
  });
  const list = h('ul', { id: listId, role: 'listbox', class: 'combo-list', 'aria-label': 'Suggestions', hidden: true });
  const status = h('p', { id: statusId, class: 'visually-hidden', 'aria-live': 'polite' });
  /** @type {Choice[]} */
  let choices = [];
  let active = -1;
  let asked = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  /** @param {number} index */
  const highlight = (index) => {
    active = index;
    for (const [i, option] of [...list.children].entries()) option.setAttribute('aria-selected', String(i === index));
    if (index < 0) input.removeAttribute('aria-activedescendant');
    else {
      input.setAttribute('aria-activedescendant', `${listId}-${index}`);
      list.children[index]?.scrollIntoView({ block: 'nearest' });
    }
  };
  /** @param {Choice} choice */
  const choose = (choice) => {
    value.value = choice.value;
    input.value = choice.label;
    close();
    value.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const show = () => {
    list.replaceChildren(
      ...choices.map((choice, i) =>
        h(
          'li',
          {
            id: `${listId}-${i}`,
            role: 'option',
            'aria-selected': 'false',
            class: 'combo-option',
            // Chosen on mousedown, before the text box loses focus and closes the list.
            onmousedown: (event) => {
              event.preventDefault();
              choose(choice);
            },
          },
          choice.label,
        ),
      ),
    );
    const open = choices.length > 0;
    list.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    active = -1;
    status.textContent = choices.length
      ? `${choices.length} suggestion${choices.length === 1 ? '' : 's'}; use the arrow keys to choose`
      : 'Nothing found';
  };
  const ask = async () => {
    const text = input.value.trim();
    const mine = ++asked;
    if (!text) {
      choices = [];
      show();
      status.textContent = '';
      return;
    }
    const found = await search(text).catch(() => []);
    // An answer to an earlier text, arriving late, is dropped.
    if (mine !== asked) return;
    choices = found.slice(0, SHOWN);
    show();
  };

  input.addEventListener('input', () => {
    // Typing changes the choice: what was chosen no longer matches the text.
    value.value = '';
    clearTimeout(timer);
    timer = setTimeout(ask, PAUSE);
  });
  input.addEventListener('keydown', (event) => {
    const open = !list.hidden;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) {
        if (choices.length) show();
        else void ask();
        return;
      }
      highlight(Math.min(active + 1, choices.length - 1));
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === 'Enter' && open && (active >= 0 || choices.length === 1)) {
      event.preventDefault();
      choose(choices[Math.max(active, 0)]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', close);

  return h(
    'div',
    { class: 'field combo', dataset: sub ? { sub } : { field: path ?? '' } },
    h('label', { for: id }, label, optional && !filter ? h('span', { class: 'optional' }, ' (optional)') : null),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
    input,
    list,
    status,
    value,
  );
}

/**
 * Schools whose name, URN or local authority holds the words typed.
 * @param {string} text
 * @returns {Promise<Choice[]>}
 */
export async function searchSchools(text) {
  /** @type {Page<School>} */
  const page = await get(`/schools${query({ q: text, pageSize: String(SHOWN) })}`);
  return page.items.map((s) => ({ value: s.urn, label: schoolChoiceLabel(s) }));
}

/**
 * SLEs whose name, email, home school or specialisms hold the words typed.
 * @param {string} text
 * @returns {Promise<Choice[]>}
 */
export async function searchSles(text) {
  /** @type {Page<Sle>} */
  const page = await get(`/sles${query({ q: text, pageSize: String(SHOWN) })}`);
  return page.items.map((s) => ({ value: s.sleId, label: s.name }));
}

/** @param {{ name: string, urn: string }} school */
export const schoolChoiceLabel = (school) => `${school.name} (${school.urn})`;
