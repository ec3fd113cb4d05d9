import { post } from '../api.js';
import { judgementText } from '../ofsted-words.js';
import { dateEl, h, labelOf, table } from '../dom.js';
import { apiForm, field } from '../forms.js';
import { exportButton, options, pageHead } from './common.js';
/**
 * @import { School } from '../api-types.js'
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
  const [vocab, schools] = await Promise.all([ctx.vocab(), ctx.schools()]);
  const rows = [...schools.values()];
  /** @type {Column<School>[]} */
  const columns = [
    { label: 'School', value: (s) => h('a', { href: `#/schools/${s.urn}` }, s.name), csv: (s) => s.name },
    { label: 'URN', value: (s) => s.urn, csv: (s) => s.urn },
    { label: 'Phase', value: (s) => labelOf(s.phase), csv: (s) => s.phase },
    { label: 'Local authority', value: (s) => s.localAuthority, csv: (s) => s.localAuthority },
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
  view.append(
    pageHead(
      'Schools',
      ctx.can.import ? h('a', { class: 'button secondary', href: '#/import' }, 'Import from CSV') : null,
      exportButton('Export CSV', 'schools.csv', columns, rows),
    ),
    h('p', { class: 'lede' }, `${rows.length} school${rows.length === 1 ? '' : 's'} in the alliance.`),
    table({ caption: 'Schools', captionHidden: true, columns, rows, empty: 'No school is registered yet.' }),
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
