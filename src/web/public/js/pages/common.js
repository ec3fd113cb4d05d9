// Pieces several pages share.
import { exportCsv } from '../csv.js';
import { query } from '../api.js';
import { badge, h, labelOf } from '../dom.js';
import { field, filterValues } from '../forms.js';
/**
 * @import { EvaluatedOutcome } from '../../../../../events/deployment.events.js'
 * @import { Programme } from '../api-types.js'
 * @import { CsvColumn } from '../csv.js'
 * @import { Child, TableColumn } from '../dom.js'
 * @import { PageContext } from '../app.js'
 */

/**
 * A column both shown and exported.
 * @template T
 * @typedef {TableColumn<T> & CsvColumn<T>} Column
 */

/** @type {Record<string, string>} */
export const HALF_TERM_LABELS = {
  'autumn-1': 'Autumn 1',
  'autumn-2': 'Autumn 2',
  'spring-1': 'Spring 1',
  'spring-2': 'Spring 2',
  'summer-1': 'Summer 1',
  'summer-2': 'Summer 2',
};

/**
 * `2025-26` and the years around it, for a picker: `before` years back to `after` years on.
 * @param {string} current
 * @param {number} before
 * @param {number} after
 */
export function academicYearsAround(current, before, after) {
  const first = Number(current.slice(0, 4));
  const years = [];
  for (let y = first + after; y >= first - before; y--) years.push(`${y}-${String((y + 1) % 100).padStart(2, '0')}`);
  return years;
}

/**
 * @param {string} title
 * @param {...Child} actions
 */
export function pageHead(title, ...actions) {
  return h(
    'div',
    { class: 'page-head' },
    h('h1', { tabindex: '-1' }, title),
    actions.length ? h('div', { class: 'actions no-print' }, actions) : null,
  );
}

/** @param {string} status */
export const statusBadge = (status) => badge(status, labelOf(status));
/** @param {string | null} status */
export const progressBadge = (status) =>
  status ? badge(status, labelOf(status)) : h('span', { class: 'muted' }, 'No contact yet');

/**
 * An outcome's result as a badge; a dash before it is evaluated.
 * @param {EvaluatedOutcome | undefined} outcome
 */
export const resultBadge = (outcome) => (outcome ? badge(outcome.result, labelOf(outcome.result)) : '—');

/**
 * A button that saves `rows` as CSV, with the columns given as { label, csv(row) }.
 * @template T
 * @param {string} label
 * @param {string} filename
 * @param {CsvColumn<T>[]} columns
 * @param {T[]} rows
 */
export function exportButton(label, filename, columns, rows) {
  return h(
    'button',
    { type: 'button', class: 'secondary', onclick: () => exportCsv(filename, columns, rows), disabled: !rows.length },
    label,
  );
}

/**
 * Options for a select, labelled as the words read; `blank` labels a first option with no value.
 * @param {readonly string[]} values
 * @param {{ blank?: string }} [settings]
 */
export const options = (values, { blank } = {}) => [
  ...(blank !== undefined ? [{ value: '', label: blank }] : []),
  ...values.map((v) => ({ value: v, label: labelOf(v) })),
];

/**
 * The programme a report page reads for, as its address says (`?programme=`): one of the alliance's programmes,
 * or null for every programme's work (an unknown code in an old link too).
 * @param {Programme[]} programmes
 * @param {string | undefined} code
 */
export const programmeOf = (programmes, code) => programmes.find((p) => p.programmeId === code) ?? null;

/**
 * A report page's choice of programme, for its filter form (whose values make the page's address, so that the
 * choice can be shared and reloaded); none while the alliance deploys through one programme alone.
 * @param {Programme[]} programmes
 * @param {Programme | null} chosen
 */
export const programmePicker = (programmes, chosen) =>
  programmes.length > 1
    ? field({
        label: 'Programme',
        path: 'programme',
        type: 'select',
        value: chosen?.programmeId ?? '',
        options: [
          { value: '', label: 'Every programme' },
          ...programmes.map((p) => ({ value: p.programmeId, label: p.plural })),
        ],
        filter: true,
      })
    : null;

/**
 * "1 record", "3 records".
 * @param {number} n
 * @param {string} one
 * @param {string} [many]
 */
export const countOf = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** @param {...Child} children */
export const panel = (...children) => h('section', { class: 'panel' }, children);

/**
 * A list's search box (and the page's other filters), which opens the list's first page with what was chosen.
 * @param {PageContext} ctx
 * @param {string} path The list page's path.
 * @param {{ label: string, hint: string, q: string, keep?: Record<string, string>, filters?: Child[] }} spec `keep`:
 *   what the address holds that the form does not show (the sort).
 */
export function searchPanel(ctx, path, { label, hint, q, keep = {}, filters = [] }) {
  const form = h(
    'form',
    { class: 'no-print search', role: 'search', 'aria-label': label },
    h(
      'div',
      { class: 'fields' },
      field({ label, path: 'q', type: 'search', value: q, hint, filter: true, attrs: { autocomplete: 'off' } }),
      filters,
    ),
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit' }, 'Search'),
      h('a', { href: `#${path}` }, 'Clear'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.go(`${path}${query({ ...keep, ...filterValues(form) })}`);
  });
  return form;
}
