// Long lists (schools, SLEs, deployments) searched, sorted and paged on the server. What is asked is kept in the
// page's address (`#/schools?q=aspen&sort=-name&page=2`), so a list can be shared and Back returns to it.
import { get, query } from './api.js';
import { h } from './dom.js';
import { exportCsv } from './csv.js';
/**
 * @import { Page } from './api-types.js'
 * @import { CsvColumn } from './csv.js'
 */

/** Rows a page shows. */
export const PAGE_SIZE = 25;
/** Rows an export reads at once (the API's largest page), and the most pages it reads. */
const EXPORT_PAGE = 100;
const EXPORT_PAGES = 200;

/**
 * The list as the address asks: `params` are the address's query (search, sort, page and the page's filters).
 * @template T
 * @param {string} api The list's path in the API, e.g. `/schools`.
 * @param {Record<string, string>} params
 * @returns {Promise<Page<T>>}
 */
export const fetchPage = (api, params) => get(`${api}${query({ pageSize: String(PAGE_SIZE), ...params })}`);

/**
 * The address of the list with some of its parameters changed (an empty one is dropped).
 * @param {string} path The page's path, e.g. `/schools`.
 * @param {Record<string, string>} params
 * @param {Record<string, string>} changes
 */
export const listHref = (path, params, changes) => `#${path}${query({ ...params, ...changes })}`;

/**
 * "Showing 26 to 50 of 24,000", and links to the first, previous, next and last pages.
 * @param {Page<unknown>} page
 * @param {(page: number) => string} href
 * @param {string} noun Plural: "schools".
 */
export function pager(page, href, noun) {
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const from = page.total ? (page.page - 1) * page.pageSize + 1 : 0;
  const to = Math.min(page.total, page.page * page.pageSize);
  /**
   * @param {number} n
   * @param {string} text
   * @param {string} label
   */
  const link = (n, text, label) =>
    n >= 1 && n <= pages && n !== page.page
      ? h('a', { href: href(n), 'aria-label': label }, text)
      : h('span', { class: 'muted', 'aria-hidden': 'true' }, text);
  return h(
    'nav',
    { class: 'pager no-print', 'aria-label': `Pages of ${noun}` },
    h(
      'p',
      { 'aria-live': 'polite' },
      page.total
        ? `Showing ${from.toLocaleString('en-GB')} to ${to.toLocaleString('en-GB')} of ${page.total.toLocaleString('en-GB')} ${noun}; page ${page.page} of ${pages.toLocaleString('en-GB')}.`
        : `No ${noun} found.`,
    ),
    pages > 1
      ? h(
          'ul',
          {},
          h('li', {}, link(1, '« First', 'First page')),
          h('li', {}, link(page.page - 1, '‹ Previous', 'Previous page')),
          h('li', {}, link(page.page + 1, 'Next ›', 'Next page')),
          h('li', {}, link(pages, 'Last »', 'Last page')),
        )
      : null,
  );
}

/**
 * A button that exports every item of the list as the page's search and filters ask (not only the page shown),
 * read a hundred at a time.
 * @template T
 * @param {string} filename
 * @param {CsvColumn<T>[]} columns
 * @param {string} api
 * @param {Record<string, string>} params
 * @param {number} total
 */
export function exportAllButton(filename, columns, api, params, total) {
  const button = h('button', { type: 'button', class: 'secondary', disabled: !total }, 'Export CSV');
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = 'Preparing…';
    try {
      /** @type {T[]} */
      const rows = [];
      for (let n = 1; n <= EXPORT_PAGES; n++) {
        /** @type {Page<T>} */
        const page = await get(`${api}${query({ ...params, page: String(n), pageSize: String(EXPORT_PAGE) })}`);
        rows.push(...page.items);
        if (n * EXPORT_PAGE >= page.total) break;
      }
      exportCsv(filename, columns, rows);
    } finally {
      button.disabled = false;
      button.textContent = 'Export CSV';
    }
  });
  return button;
}
