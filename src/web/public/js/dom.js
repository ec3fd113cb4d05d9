// Small DOM helpers. Text is always set as text (never parsed as HTML), so nothing from the API can inject markup.

/** h('a', { href: '#/x', class: 'button' }, 'Open') */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'indeterminate') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let sequence = 0;
/** A unique element id. */
export const uid = (prefix = 'id') => `${prefix}-${++sequence}`;

/** A table with a caption, labelled cells (so it can be stacked on a phone) and an empty message. */
export function table({ caption, columns, rows, empty = 'Nothing to show.', rowClass, captionHidden = false }) {
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
          columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : undefined }, c.label)),
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

/** A description list of [term, description] pairs, skipping empty descriptions. */
export function summaryList(pairs) {
  return h(
    'dl',
    { class: 'summary' },
    pairs
      .filter(([, d]) => d !== undefined && d !== null && d !== '')
      .map(([t, d]) => [h('dt', {}, t), h('dd', {}, d)]),
  );
}

export const badge = (value, text) => h('span', { class: `badge ${value ?? 'neutral'}` }, text ?? labelOf(value));

/** `requires-improvement` → `Requires improvement` */
export function labelOf(value) {
  if (value === null || value === undefined || value === '') return '—';
  const text = String(value).replace(/-/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `2025-09-22` → `22 Sep 2025` */
export function fmtDate(iso) {
  if (!iso) return '—';
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

export const fmtDays = (n) => (n === 1 ? '1 day' : `${n} days`);

/** A <time> element for an ISO date. */
export const dateEl = (iso) => (iso ? h('time', { datetime: iso }, fmtDate(iso)) : '—');
