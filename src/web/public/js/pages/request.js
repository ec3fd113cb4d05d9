import { post } from '../api.js';
import { append, h } from '../dom.js';
import { apiForm, field } from '../forms.js';
import { options, pageHead, panel } from './common.js';
/** @import { PageContext } from '../app.js' */

/**
 * A request for support: a facilitator for any school, a school user for its own school only.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function requestPage(view, ctx) {
  ctx.setTitle('Request support');
  const [vocab, schools] = await Promise.all([ctx.vocab(), ctx.schools()]);
  const own = ctx.user.role === 'school' ? schools.get(ctx.user.schoolUrn) : null;
  const schoolField =
    ctx.user.role === 'school'
      ? field({ type: 'hidden', path: 'schoolUrn', value: ctx.user.schoolUrn })
      : field({
          label: 'School',
          path: 'schoolUrn',
          type: 'select',
          value: ctx.query.schoolUrn ?? '',
          options: [
            { value: '', label: 'Choose a school' },
            ...[...schools.values()]
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((s) => ({ value: s.urn, label: `${s.name} (${s.urn})` })),
          ],
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
          ...vocab.specialisms.map((s) => ({ value: s, label: s })),
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
