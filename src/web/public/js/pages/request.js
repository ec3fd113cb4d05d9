import { get, post } from '../api.js';
import { combobox, schoolChoiceLabel, searchSchools } from '../combobox.js';
import { append, h, labelOf } from '../dom.js';
import { apiForm, field } from '../forms.js';
import { options, pageHead, panel } from './common.js';
/**
 * @import { School } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 */

/**
 * A request for support: a facilitator for any school, a school user for its own school only.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function requestPage(view, ctx) {
  ctx.setTitle('Request support');
  // The school asking, or the one the facilitator came from: named, without listing every school.
  const urn = ctx.user.role === 'school' ? ctx.user.schoolUrn : ctx.query.schoolUrn;
  const [vocab, school] = await Promise.all([
    ctx.vocab(),
    urn ? /** @type {Promise<School>} */ (get(`/schools/${urn}`)).catch(() => null) : null,
  ]);
  const own = ctx.user.role === 'school' ? school : null;
  const schoolField =
    ctx.user.role === 'school'
      ? field({ type: 'hidden', path: 'schoolUrn', value: ctx.user.schoolUrn })
      : combobox({
          label: 'School',
          path: 'schoolUrn',
          search: searchSchools,
          hint: 'Type part of its name or URN',
          initial: urn ? { value: urn, label: school ? schoolChoiceLabel(school) : urn } : null,
        });
  const form = apiForm({
    label: 'Request support',
    submitLabel: 'Send the request',
    fields: [
      schoolField,
      field({
        label: 'Specialism needed',
        path: 'specialism',
        type: 'select',
        options: [
          { value: '', label: 'Choose a specialism' },
          ...vocab.specialisms.map((s) => ({ value: s, label: labelOf(s) })),
        ],
      }),
      field({
        label: 'Source',
        path: 'source',
        type: 'select',
        options: options(vocab.requestSources),
        value: ctx.user.role === 'school' ? 'self-referral' : '',
      }),
      field({ label: 'Requested on', path: 'requestedOn', type: 'date', value: vocab.today }),
      field({
        label: 'Area of need',
        path: 'areaOfNeed',
        type: 'textarea',
        wide: true,
        hint: 'What the school needs help with, in a sentence or two',
      }),
    ],
    submit: async (body, { idempotencyKey }) => {
      /** @type {{ deploymentId: string }} */
      const { deploymentId } = await post('/support-requests', body, { 'Idempotency-Key': idempotencyKey });
      ctx.changed();
      ctx.flash('Support requested. A facilitator will arrange the brokerage meeting.');
      ctx.go(`/deployments/${deploymentId}`);
    },
  });
  append(view, [
    pageHead('Request support'),
    own ? h('p', { class: 'lede' }, `For ${own.name} (${own.urn}).`) : null,
    panel(form),
  ]);
}
