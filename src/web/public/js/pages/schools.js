import { post } from '../api.js';
import { judgementText } from '../ofsted-words.js';
import { dateEl, h, labelOf, table } from '../dom.js';
import { apiForm, field } from '../forms.js';
import { exportAllButton, fetchPage, listHref, pager } from '../paged-list.js';
import { options, pageHead, panel, searchPanel } from './common.js';
/**
 * @import { Page, School } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 * @import { Column } from './common.js'
 */

/**
 * The alliance's schools; facilitators register schools here.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function schoolsPage(view, ctx) {
  ctx.setTitle('Schools');
  const { q = '', sort = '', page = '' } = ctx.query;
  const params = { q, sort, page };
  const [vocab, schools] = await Promise.all([
    ctx.vocab(),
    /** @type {Promise<Page<School>>} */ (fetchPage('/schools', params)),
  ]);
  const rows = schools.items;
  /** @type {Column<School>[]} */
  const columns = [
    {
      label: 'School',
      sort: 'name',
      value: (s) => h('a', { href: `#/schools/${s.urn}` }, s.name),
      csv: (s) => s.name,
    },
    { label: 'URN', sort: 'urn', value: (s) => s.urn, csv: (s) => s.urn },
    { label: 'Phase', sort: 'phase', value: (s) => labelOf(s.phase), csv: (s) => labelOf(s.phase) },
    { label: 'Local authority', sort: 'localAuthority', value: (s) => s.localAuthority, csv: (s) => s.localAuthority },
    {
      label: 'Ofsted',
      value: (s) => (s.ofsted ? judgementText(s.ofsted) : '—'),
      csv: (s) => (s.ofsted ? judgementText(s.ofsted) : ''),
    },
    {
      label: 'Inspected',
      value: (s) => (s.ofsted ? dateEl(s.ofsted.inspectedOn) : '—'),
      csv: (s) => s.ofsted?.inspectedOn ?? '',
    },
  ];
  const searchForm = searchPanel(ctx, '/schools', {
    label: 'Search schools',
    hint: 'Part of a name, a URN or a local authority',
    q,
    keep: { sort },
  });
  view.append(
    pageHead(
      'Schools',
      ctx.can.import ? h('a', { class: 'button secondary', href: '#/import' }, 'Import from CSV') : null,
      exportAllButton('schools.csv', columns, '/schools', { q, sort }, schools.total),
    ),
    panel(searchForm),
    pager(schools, (n) => listHref('/schools', params, { page: String(n) }), 'schools'),
    table({
      caption: 'Schools',
      captionHidden: true,
      columns,
      rows,
      empty: q ? 'No school matches the search.' : 'No school is registered yet.',
      sorting: { current: sort || 'name', href: (next) => listHref('/schools', params, { sort: next, page: '' }) },
    }),
  );
  if (ctx.can.broker) {
    const form = apiForm({
      label: 'Register a school',
      submitLabel: 'Register the school',
      fields: [
        field({ label: 'URN', path: 'urn', hint: 'Six digits', attrs: { inputmode: 'numeric', autocomplete: 'off' } }),
        field({ label: 'Name', path: 'name' }),
        field({
          label: 'Phase',
          path: 'phase',
          type: 'select',
          options: options(vocab.phases, { blank: 'Choose a phase' }),
        }),
        field({ label: 'Local authority', path: 'localAuthority' }),
        field({
          label: 'Ofsted grade',
          path: 'ofstedGrade',
          type: 'select',
          optional: true,
          options: options(vocab.ofstedGrades, { blank: 'Not known' }),
        }),
        field({
          label: 'Ofsted category',
          path: 'ofstedCategory',
          type: 'select',
          optional: true,
          hint: 'Inadequate schools only',
          options: options(vocab.ofstedCategories, { blank: 'None' }),
        }),
        field({
          label: 'Inspected on',
          path: 'ofstedInspectedOn',
          type: 'date',
          optional: true,
          hint: 'Needed with a grade',
        }),
      ],
      submit: async (body, { idempotencyKey }) => {
        /** @type {{ urn: string }} */
        const { urn } = await post('/schools', body, { 'Idempotency-Key': idempotencyKey });
        ctx.changed();
        ctx.flash(`${body.name} (${urn}) is registered.`);
        ctx.reload();
      },
    });
    view.append(h('details', { class: 'step no-print' }, h('summary', {}, 'Register a school'), form));
  }
}
