// Small DOM helpers. Text is always set as text (never parsed as HTML), so nothing from the API can inject markup.

/**
 * What may be appended: nodes, text (a number is shown as text) and lists of them; null, undefined and false are
 * left out, so that `condition && h(...)` may be given.
 * @typedef {Node | string | number | false | null | undefined | ChildList} Child
 */
/**
 * An array of children, however nested. (An object type rather than `Child[]`: a JSDoc typedef may refer to itself
 * only through one.)
 * @typedef {{ readonly [index: number]: Child, readonly length: number }} ChildList
 */

/**
 * Attributes, and `class`, `dataset`, `on…` listeners and the properties value, checked, selected and
 * indeterminate. An attribute that is null, undefined or false is left out; true sets it empty.
 * @typedef {Record<string, string | number | boolean | null | undefined | Record<string, string> | EventListener>} Props
 */

/**
 * h('a', { href: '#/x', class: 'button' }, 'Open')
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'indeterminate')
      Object.assign(el, { [key]: value });
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/**
 * @template {Element} E
 * @param {E} el
 * @param {Child[]} children
 */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/**
 * @template {Element} E
 * @param {E} el
 */
export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/**
 * The element matching `selector` in `root`, which the page itself put there: an HTML element unless the caller
 * declares another type. A missing one is a mistake in the page, thrown as such.
 * @template {Element} [E=HTMLElement]
 * @param {ParentNode} root
 * @param {string} selector
 * @returns {E}
 */
export function find(root, selector) {
  /** @type {E | null} */
  const el = root.querySelector(selector);
  if (!el) throw new Error(`No ${selector} in the page`);
  return el;
}

let sequence = 0;
/** A unique element id. */
export const uid = (prefix = 'id') => `${prefix}-${++sequence}`;

/**
 * @template T
 * @typedef {object} TableColumn
 * @property {string} label
 * @property {(row: T) => Child} value
 * @property {boolean} [num] A number, aligned right.
 * @property {boolean} [header] false when the first column does not name the row.
 * @property {string} [sort] The key the server sorts the list by for this column (`name`); sortable when given.
 */

/**
 * A table sorted on the server: which column, and the address of each order.
 * @typedef {{ current: string, href: (sort: string) => string }} Sorting
 */

/**
 * A table with a caption, labelled cells (so it can be stacked on a phone) and an empty message.
 * @template T
 * @param {object} options
 * @param {string} [options.caption]
 * @param {TableColumn<T>[]} options.columns
 * @param {T[]} options.rows
 * @param {string} [options.empty]
 * @param {(row: T) => string | undefined} [options.rowClass]
 * @param {boolean} [options.captionHidden]
 * @param {Sorting} [options.sorting] Headers of columns with a `sort` key link to the list in that order.
 */
export function table({
  caption,
  columns,
  rows,
  empty = 'Nothing to show.',
  rowClass,
  captionHidden = false,
  sorting,
}) {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'stack' },
      caption && h('caption', { class: captionHidden ? 'visually-hidden' : undefined }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => headerCell(c, sorting)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            { class: rowClass?.(row) },
            columns.map((c, i) => {
              const content = c.value(row);
              return i === 0 && c.header !== false
                ? h('th', { scope: 'row', 'data-label': c.label, class: c.num ? 'num' : undefined }, content)
                : h('td', { 'data-label': c.label, class: c.num ? 'num' : undefined }, content);
            }),
          ),
        ),
      ),
    ),
  );
}

/**
 * A column's header; where the list can be sorted by it, a link to the list in that order (ascending first, then
 * the reverse), with `aria-sort` on the column it is sorted by.
 * @template T
 * @param {TableColumn<T>} column
 * @param {Sorting | undefined} sorting
 */
function headerCell(column, sorting) {
  const cls = column.num ? 'num' : undefined;
  if (!sorting || !column.sort) return h('th', { scope: 'col', class: cls }, column.label);
  const ascending = sorting.current === column.sort;
  const descending = sorting.current === `-${column.sort}`;
  const next = ascending ? `-${column.sort}` : column.sort;
  return h(
    'th',
    { scope: 'col', class: cls, 'aria-sort': ascending ? 'ascending' : descending ? 'descending' : undefined },
    h(
      'a',
      { href: sorting.href(next), class: 'sort' },
      column.label,
      h('span', { 'aria-hidden': 'true', class: 'sort-mark' }, ascending ? ' ▲' : descending ? ' ▼' : ' ↕'),
      h(
        'span',
        { class: 'visually-hidden' },
        ascending ? ', sorted ascending' : descending ? ', sorted descending' : ', select to sort',
      ),
    ),
  );
}

/**
 * A description list of [term, description] pairs, skipping empty descriptions.
 * @param {[string, Child][]} pairs
 */
export function summaryList(pairs) {
  return h(
    'dl',
    { class: 'summary' },
    pairs
      .filter(([, d]) => d !== undefined && d !== null && d !== '')
      .map(([t, d]) => [h('dt', {}, t), h('dd', {}, d)]),
  );
}

/**
 * @param {string | null | undefined} value Its class: a status, a result, `overdue`.
 * @param {string} [text]
 */
export const badge = (value, text) => h('span', { class: `badge ${value ?? 'neutral'}` }, text ?? labelOf(value));

/**
 * `requires-improvement` → `Requires improvement`
 * @param {string | number | null | undefined} value
 */
export function labelOf(value) {
  if (value === null || value === undefined || value === '') return '—';
  const text = String(value).replace(/-/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/**
 * `2025-09-22` → `22 Sep 2025`
 * @param {string | null | undefined} iso
 */
export function fmtDate(iso) {
  if (!iso) return '—';
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** @param {number} n */
export const fmtDays = (n) => (n === 1 ? '1 day' : `${n} days`);

/**
 * A <time> element for an ISO date.
 * @param {string | null | undefined} iso
 */
export const dateEl = (iso) => (iso ? h('time', { datetime: iso }, fmtDate(iso)) : '—');
