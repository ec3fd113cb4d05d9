// Pieces several pages share.
import { exportCsv } from '../csv.js';
import { badge, h, labelOf } from '../dom.js';

export function pageHead(title, ...actions) {
  return h(
    'div',
    { class: 'page-head' },
    h('h1', { tabindex: '-1' }, title),
    actions.length ? h('div', { class: 'actions no-print' }, actions) : null,
  );
}

export const schoolName = (schools, urn) => schools.get(urn)?.name ?? `School ${urn}`;
export const sleName = (sles, id) => (id ? (sles.get(id)?.name ?? 'SLE assigned') : '—');

export const statusBadge = (status) => badge(status, labelOf(status));
export const progressBadge = (status) =>
  status ? badge(status, labelOf(status)) : h('span', { class: 'muted' }, 'No contact yet');

/** A button that saves `rows` as CSV, with the columns given as { label, csv(row) }. */
export function exportButton(label, filename, columns, rows) {
  return h(
    'button',
    { type: 'button', class: 'secondary', onclick: () => exportCsv(filename, columns, rows), disabled: !rows.length },
    label,
  );
}

export const options = (values, { blank } = {}) => [
  ...(blank !== undefined ? [{ value: '', label: blank }] : []),
  ...values.map((v) => ({ value: v, label: labelOf(v) })),
];

export const panel = (...children) => h('section', { class: 'panel' }, children);
