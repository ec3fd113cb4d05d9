import { get, post } from '../api.js';
import { combobox, schoolChoiceLabel, searchSchools } from '../combobox.js';
import { append, find, h, labelOf } from '../dom.js';
import { apiForm, field } from '../forms.js';
import { options, pageHead, panel } from './common.js';
/**
 * @import { Programme, School } from '../api-types.js'
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
  const [vocab, school, programmes] = await Promise.all([
    ctx.vocab(),
    urn ? /** @type {Promise<School>} */ (get(`/schools/${urn}`)).catch(() => null) : null,
    /** @type {Promise<Programme[]>} */ (get('/programmes')),
  ]);
  // With one programme (the SLE programme alone) there is nothing to choose: the API takes it as meant.
  const chosen = programmes.find((p) => p.programmeId === ctx.query.programme) ?? programmes[0];
  /** @param {Programme | undefined} programme */
  const specialismOptions = (programme) => [
    { value: '', label: 'Choose a specialism' },
    ...(programme?.specialisms ?? vocab.specialisms).map((s) => ({ value: s, label: labelOf(s) })),
  ];
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
      programmes.length > 1
        ? field({
            label: 'Programme',
            path: 'programme',
            type: 'select',
            value: chosen?.programmeId,
            options: programmes.map((p) => ({ value: p.programmeId, label: p.plural })),
          })
        : null,
      field({
        label: 'Specialism needed',
        path: 'specialism',
        type: 'select',
        options: specialismOptions(chosen),
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
  // The specialisms offered follow the programme chosen.
  const programmeSelect = form.querySelector('[data-field="programme"] select');
  if (programmeSelect instanceof HTMLSelectElement) {
    const specialismSelect = find(form, '[data-field="specialism"] select');
    programmeSelect.addEventListener('change', () => {
      const programme = programmes.find((p) => p.programmeId === programmeSelect.value);
      specialismSelect.replaceChildren(
        ...specialismOptions(programme).map((o) => h('option', { value: o.value }, o.label)),
      );
    });
  }
  append(view, [
    pageHead('Request support'),
    own ? h('p', { class: 'lede' }, `For ${own.name} (${own.urn}).`) : null,
    panel(form),
  ]);
}
