// Forms whose fields carry the API's field paths, so that a 400's `fields` land beside the right input.
import { ApiError, newIdempotencyKey } from './api.js';
import { clear, find, h, uid } from './dom.js';
/** @import { Child } from './dom.js' */

/** @typedef {string | { value: string, label: string }} Option A string is its own label. */
/** @typedef {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} Control */
/** @typedef {Record<string, unknown>} Body A request body as the form's fields make it. */
/** @typedef {(body: Body, sent: { idempotencyKey: string }) => Promise<void>} Submit Sends the form's body. */

/** @param {readonly Option[]} options */
const normaliseOptions = (options) => options.map((o) => (typeof o === 'object' ? o : { value: o, label: o }));

/**
 * One labelled control. `path` is the request-body field path (`expectedOutcomes.0.target`); in a repeater,
 * give `sub` instead and the path is set from the row's position. A `filter` is neither required nor marked optional.
 * @param {object} spec
 * @param {string} [spec.label] Not for a hidden field.
 * @param {string} [spec.path]
 * @param {string} [spec.sub]
 * @param {string} [spec.type] An input's type, or `select` or `textarea`.
 * @param {string | null} [spec.value]
 * @param {readonly Option[]} [spec.options] For a select.
 * @param {string} [spec.hint]
 * @param {boolean} [spec.optional]
 * @param {boolean} [spec.wide]
 * @param {boolean} [spec.number] Sent as a number whatever the control.
 * @param {Record<string, string>} [spec.attrs]
 * @param {boolean} [spec.filter]
 */
export function field({
  label,
  path,
  sub,
  type = 'text',
  value,
  options,
  hint,
  optional = false,
  wide = false,
  number = false,
  attrs = {},
  filter = false,
}) {
  const id = uid('f');
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : undefined;
  const describedBy = [hintId].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: id,
    'aria-describedby': describedBy,
    dataset: { kind: type === 'number' || number ? 'number' : 'text', optional: String(optional) },
  };
  /** @type {Control} */
  let control;
  if (type === 'select') {
    control = h(
      'select',
      common,
      normaliseOptions(options ?? []).map((o) =>
        h('option', { value: String(o.value), selected: String(o.value) === String(value ?? '') }, o.label),
      ),
    );
  } else if (type === 'textarea') {
    control = h('textarea', { ...common, rows: 3, ...attrs });
    control.value = value ?? '';
  } else {
    control = h('input', {
      ...common,
      type,
      value: value ?? '',
      ...(type === 'number' ? { inputmode: 'decimal', step: 'any' } : {}),
      ...attrs,
    });
  }
  if (path) control.dataset.path = path;
  if (sub) control.dataset.sub = sub;
  if (!optional && !filter && type !== 'hidden') control.setAttribute('aria-required', 'true');
  if (type === 'hidden') return h('div', { hidden: true, dataset: { field: path ?? '', sub: sub ?? '' } }, control);
  return h(
    'div',
    { class: `field${wide ? ' wide' : ''}`, dataset: { field: path ?? '', sub: sub ?? '' } },
    h('label', { for: id }, label, optional && !filter ? h('span', { class: 'optional' }, ' (optional)') : null),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true }),
    control,
  );
}

/**
 * A group of checkboxes whose checked values make one array field.
 * @param {{ legend: string, path: string, options: readonly Option[], values?: string[], hint?: string }} spec
 */
export function checkboxes({ legend, path, options, values = [], hint }) {
  const hintId = hint ? uid('hint') : undefined;
  return h(
    'fieldset',
    { class: 'field wide', dataset: { field: path }, 'aria-describedby': hintId },
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: `${uid('g')}-error`, hidden: true }),
    h(
      'div',
      { class: 'checks' },
      normaliseOptions(options).map((o) => {
        const id = uid('c');
        return h(
          'label',
          { class: 'check', for: id },
          h('input', {
            type: 'checkbox',
            id,
            value: o.value,
            checked: values.includes(o.value),
            dataset: { path, kind: 'check' },
          }),
          o.label,
        );
      }),
    ),
  );
}

/**
 * Rows of fields that make an array (attendees, expected outcomes), with buttons to add and remove rows.
 * `makeRow(values)` returns the row's fields, each created with `sub` (its name inside the row).
 * @template {object} V A row's starting values.
 * @param {object} spec
 * @param {string} spec.legend
 * @param {string} spec.path
 * @param {(index: number) => string} spec.itemLabel
 * @param {string} spec.addLabel
 * @param {(values: Partial<V>) => Child} spec.makeRow
 * @param {Partial<V>[]} [spec.initial]
 * @param {number} [spec.min]
 * @param {string} [spec.hint]
 */
export function repeater({ legend, path, itemLabel, addLabel, makeRow, initial = [{}], min = 1, hint }) {
  const rows = h('div', { class: 'repeat-rows' });
  const fieldset = h(
    'fieldset',
    { class: 'field wide repeater', dataset: { field: path, array: path } },
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint' }, hint) : null,
    h('p', { class: 'field-error', id: `${uid('g')}-error`, hidden: true }),
    rows,
  );
  const renumber = () => {
    /** @type {NodeListOf<HTMLElement>} */
    const all = rows.querySelectorAll(':scope > .repeat-row');
    all.forEach((row, i) => {
      row.dataset.field = `${path}.${i}`;
      find(row, '.repeat-row__title').textContent = itemLabel(i);
      /** @type {NodeListOf<HTMLElement>} */
      const named = row.querySelectorAll('[data-sub]');
      for (const wrap of named) {
        if (wrap.matches('input, select, textarea')) wrap.dataset.path = `${path}.${i}.${wrap.dataset.sub}`;
        else wrap.dataset.field = `${path}.${i}.${wrap.dataset.sub}`;
      }
      /** @type {HTMLButtonElement} */
      const remove = find(row, 'button.remove');
      remove.disabled = all.length <= min;
      remove.setAttribute('aria-label', `Remove ${itemLabel(i).toLowerCase()}`);
    });
  };
  /** @param {Partial<V>} values */
  const addRow = (values, focus = false) => {
    const title = h('span', { class: 'repeat-row__title' });
    const row = h(
      'div',
      { class: 'repeat-row' },
      h(
        'div',
        { class: 'repeat-row__head' },
        title,
        h(
          'button',
          {
            type: 'button',
            class: 'secondary small remove',
            onclick: () => {
              row.remove();
              renumber();
              addButton.focus();
            },
          },
          'Remove',
        ),
      ),
      h('div', { class: 'fields' }, makeRow(values)),
    );
    rows.append(row);
    renumber();
    if (focus) find(row, 'input, select, textarea').focus();
  };
  const addButton = h('button', { type: 'button', class: 'secondary add', onclick: () => addRow({}, true) }, addLabel);
  fieldset.append(addButton);
  for (const values of initial.length || min === 0 ? initial : [{}]) addRow(values);
  return fieldset;
}

/**
 * Sets the value at a field path (`expectedOutcomes.0.target`), making the objects and arrays on the way.
 * @param {Body} target
 * @param {string} path
 * @param {unknown} value Nothing is set when undefined.
 */
function setPath(target, path, value) {
  const parts = path.split('.');
  /** @type {Record<string | number, unknown>} */
  let node = target;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const key = /^\d+$/.test(part) ? Number(part) : part;
    if (last) {
      if (value !== undefined) node[key] = value;
      return;
    }
    if (node[key] === undefined) node[key] = /^\d+$/.test(parts[i + 1]) ? [] : {};
    node = /** @type {Record<string | number, unknown>} */ (node[key]);
  });
}

/**
 * The request body from the form's fields. A blank optional field is left out; a blank number is left out (the
 * API then says it is required); blank text is sent as '' so that the API names it. Rows of a repeater always
 * make an object, so that the API names their fields by path.
 * @param {HTMLFormElement} form
 */
export function collect(form) {
  /** @type {Body} */
  const body = {};
  // A repeater always gives an array, even with no rows.
  /** @type {NodeListOf<HTMLElement>} */
  const repeaters = form.querySelectorAll('[data-array]');
  for (const el of repeaters) setPath(body, el.dataset.array ?? '', []);
  /** @type {NodeListOf<Control>} */
  const controls = form.querySelectorAll('[data-path]');
  for (const el of controls) {
    if (el.disabled) continue;
    const { path = '', kind, optional } = el.dataset;
    if (kind === 'check') {
      // The checked values make a list at the path; setPath makes the objects on the way to it.
      setPath(body, path, undefined);
      const parts = path.split('.');
      const parent = parts
        .slice(0, -1)
        .reduce((n, p) => /** @type {Body} */ (n[/^\d+$/.test(p) ? Number(p) : p]), body);
      const key = parts[parts.length - 1];
      const checked = /** @type {string[]} */ (parent[key] ??= []);
      if (el instanceof HTMLInputElement && el.checked) checked.push(el.value);
      continue;
    }
    const raw = typeof el.value === 'string' ? el.value.trim() : el.value;
    if (raw === '') {
      setPath(body, path, optional === 'true' || kind === 'number' ? undefined : '');
      continue;
    }
    setPath(body, path, kind === 'number' ? Number(raw) : raw);
  }
  return body;
}

/**
 * A filter form's values by field path, as chosen (for the address of the filtered page); typed text without the
 * spaces around it.
 * @param {HTMLFormElement} form
 * @returns {Record<string, string>}
 */
export function filterValues(form) {
  /** @type {NodeListOf<Control>} */
  const controls = form.querySelectorAll('[data-path]');
  return Object.fromEntries([...controls].map((el) => [el.dataset.path ?? '', el.value.trim()]));
}

/**
 * The field (or group, or repeater row) that shows the errors of a field path, or its nearest parent that does.
 * @param {HTMLFormElement} form
 * @param {string} path
 */
function fieldWrapFor(form, path) {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    // The one on show, when a form holds the same path in groups it shows one at a time.
    const wraps = [...form.querySelectorAll(`[data-field="${CSS.escape(parts.slice(0, n).join('.'))}"]`)].filter(
      (w) => w instanceof HTMLElement,
    );
    const wrap = wraps.find((w) => !w.closest('[hidden]')) ?? wraps[0];
    if (wrap && wrap.querySelector(':scope > .field-error')) return wrap;
  }
  return undefined;
}

/** @param {HTMLElement} wrap */
const labelText = (wrap) => {
  const label = wrap.querySelector(':scope > label, :scope > legend');
  const row = wrap.closest('.repeat-row');
  const rowTitle = row && row !== wrap ? `${find(row, '.repeat-row__title').textContent}, ` : '';
  return `${rowTitle}${label ? (label.childNodes[0].textContent ?? '').trim() : ''}`;
};

/** @param {HTMLFormElement} form */
export function clearErrors(form) {
  /** @type {HTMLElement | null} */
  const summary = form.querySelector(':scope > .error-summary');
  if (summary) {
    summary.hidden = true;
    clear(summary);
  }
  /** @type {NodeListOf<HTMLElement>} */
  const slots = form.querySelectorAll('.field-error');
  for (const slot of slots) {
    slot.hidden = true;
    slot.textContent = '';
  }
  for (const wrap of form.querySelectorAll('.has-error')) wrap.classList.remove('has-error');
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const ids = (control.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((id) => id && !id.endsWith('-error'));
    if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
    else control.removeAttribute('aria-describedby');
  }
}

/**
 * Shows an API refusal: a 400's field messages beside their fields (and listed, linked, in the summary at the
 * top); any other refusal (409, 403, ...) as a message at the top. The summary takes focus and is announced.
 * @param {HTMLFormElement} form
 * @param {unknown} error
 */
export function showErrors(form, error) {
  clearErrors(form);
  const summary = find(form, ':scope > .error-summary');
  /** @type {{ text: string, control?: HTMLElement | null }[]} */
  const items = [];
  const fields = error instanceof ApiError && error.status === 400 ? Object.entries(error.fields) : [];
  if (fields.length) {
    for (const [path, messages] of fields) {
      const text = messages.join('. ');
      const wrap = fieldWrapFor(form, path);
      if (!wrap) {
        items.push({ text: `${path}: ${text}` });
        continue;
      }
      const slot = find(wrap, ':scope > .field-error');
      slot.hidden = false;
      slot.textContent = slot.textContent ? `${slot.textContent}. ${text}` : text;
      wrap.classList.add('has-error');
      /** @type {HTMLElement | null} */
      const control = wrap.matches('input, select, textarea') ? wrap : wrap.querySelector('input, select, textarea');
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        const ids = new Set((control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
        ids.add(slot.id);
        control.setAttribute('aria-describedby', [...ids].join(' '));
      }
      items.push({ text: `${labelText(wrap) || path}: ${text}`, control });
    }
  } else {
    const messages =
      error instanceof ApiError
        ? error.messages
        : [error instanceof Error ? error.message : 'Something went wrong; try again.'];
    for (const text of messages) items.push({ text });
  }
  const heading = error instanceof ApiError && error.status === 409 ? 'This could not be done' : 'There is a problem';
  summary.append(
    h('h3', {}, heading),
    h(
      'ul',
      {},
      items.map(({ text, control }) =>
        h(
          'li',
          {},
          control
            ? h(
                'a',
                {
                  href: `#${control.id}`,
                  onclick: (event) => {
                    event.preventDefault();
                    control.focus();
                  },
                },
                text,
              )
            : text,
        ),
      ),
    ),
  );
  summary.hidden = false;
  summary.focus();
}

/**
 * A form that sends its fields to the API. `submit(body, { idempotencyKey })` does the call; an ApiError is
 * shown on the form, anything else is rethrown. Each attempt with an answer gets a new idempotency key; a
 * retry after a network failure reuses it, so that the command is applied once.
 * @param {object} spec
 * @param {Child} spec.fields
 * @param {string} spec.submitLabel
 * @param {Submit} spec.submit
 * @param {string} [spec.className]
 * @param {Child[]} [spec.extraButtons]
 * @param {string} spec.label The form's accessible name.
 */
export function apiForm({ fields, submitLabel, submit, className, extraButtons = [], label }) {
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const button = h('button', { type: 'submit' }, submitLabel);
  const form = h(
    'form',
    { class: className, novalidate: true, 'aria-label': label },
    summary,
    h('div', { class: 'fields' }, fields),
    h('div', { class: 'form-actions' }, button, extraButtons),
  );
  let idempotencyKey = newIdempotencyKey();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    clearErrors(form);
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      await submit(collect(form), { idempotencyKey });
      idempotencyKey = newIdempotencyKey();
    } catch (error) {
      if (!(error instanceof ApiError)) {
        showErrors(form, error);
        throw error;
      }
      if (error.status !== 0) idempotencyKey = newIdempotencyKey();
      showErrors(form, error);
    } finally {
      button.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}
