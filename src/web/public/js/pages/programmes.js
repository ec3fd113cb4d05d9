import { get, put } from '../api.js';
import { h, table } from '../dom.js';
import { apiForm, field } from '../forms.js';
import { pageHead, panel } from './common.js';
/**
 * @import { Programme } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 */

/** "maths-primary, leadership" or one a line, as the API's list. @param {unknown} text */
const listOf = (text) =>
  String(text ?? '')
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The kinds of specialist the alliance deploys (SLE, RISE adviser, hub specialist, ...), each in its own words,
 * with its specialisms and yearly days. An admin defines a new one or edits one (`?edit=` names which).
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function programmesPage(view, ctx) {
  ctx.setTitle('Programmes');
  const programmes = /** @type {Programme[]} */ (await get('/programmes'));
  const editing = programmes.find((p) => p.programmeId === ctx.query.edit);
  const admin = ctx.user.role === 'admin';

  view.append(
    pageHead('Programmes'),
    h(
      'p',
      { class: 'lede' },
      'The kinds of specialist the alliance deploys. Every deployment belongs to one programme, and every specialist to one or more; matching and the reports can be read for one programme.',
    ),
    table({
      caption: `Programmes (${programmes.length})`,
      columns: [
        { label: 'Programme', value: (p) => [h('strong', {}, p.plural), ` (one ${p.singular})`] },
        { label: 'Code', value: (p) => h('code', {}, p.programmeId) },
        { label: 'Specialisms', value: (p) => p.specialisms.join(', ') },
        { label: 'Days a year', value: (p) => String(p.yearlyDays) },
        ...(admin
          ? [
              {
                label: 'Change',
                value: (/** @type {Programme} */ p) =>
                  h('a', { href: `#/programmes?edit=${encodeURIComponent(p.programmeId)}` }, `Edit ${p.plural}`),
              },
            ]
          : []),
      ],
      rows: programmes,
    }),
  );
  if (admin)
    view.append(
      panel(h('h2', {}, editing ? `Edit ${editing.plural}` : 'Define a programme'), programmeForm(ctx, editing)),
    );
}

/**
 * @param {PageContext} ctx
 * @param {Programme | undefined} editing
 */
function programmeForm(ctx, editing) {
  return apiForm({
    label: editing ? `Edit ${editing.plural}` : 'Define a programme',
    submitLabel: editing ? 'Save the programme' : 'Define the programme',
    fields: [
      editing
        ? field({ type: 'hidden', path: 'programmeId', value: editing.programmeId })
        : field({
            label: 'Code',
            path: 'programmeId',
            hint: 'Lower-case letters, digits and hyphens, such as rise or hub-specialist; it cannot change later',
            attrs: { spellcheck: 'false', autocapitalize: 'none' },
          }),
      field({ label: 'One is called', path: 'singular', value: editing?.singular, hint: 'Such as RISE adviser' }),
      field({ label: 'Several are called', path: 'plural', value: editing?.plural, hint: 'Such as RISE advisers' }),
      field({
        label: 'Specialisms',
        path: 'specialisms',
        type: 'textarea',
        wide: true,
        value: editing?.specialisms.join('\n'),
        hint: 'One a line (or separated by commas), such as maths-primary',
      }),
      field({
        label: 'Days a year',
        path: 'yearlyDays',
        type: 'number',
        value: editing ? String(editing.yearlyDays) : '20',
        hint: 'Days a specialist in the programme gives in an academic year',
      }),
    ],
    submit: async (body, { idempotencyKey }) => {
      const { programmeId, specialisms, ...rest } = body;
      /** @type {Programme} */
      const saved = await put(
        `/programmes/${encodeURIComponent(String(programmeId ?? ''))}`,
        { ...rest, specialisms: listOf(specialisms) },
        { 'Idempotency-Key': idempotencyKey },
      );
      ctx.flash(`${saved.plural}: saved.`);
      ctx.go('/programmes');
    },
  });
}
