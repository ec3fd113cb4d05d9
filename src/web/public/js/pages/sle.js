import { get, post } from '../api.js';
import { dateEl, h, labelOf, summaryList } from '../dom.js';
import { apiForm, checkboxes, field } from '../forms.js';
import { pageHead, panel } from './common.js';
import { accessPanel } from './people-common.js';
/**
 * @import { Sle } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 * @import { Submit } from '../forms.js'
 */

/**
 * One SLE: their designation and this year's days; for brokers, changing their capacity and specialisms or ending
 * the designation, who has access as this SLE, and inviting them.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function slePage(view, ctx) {
  const [sleId] = ctx.params;
  /** @type {Sle} */
  const sle = await get(`/sles/${sleId}`);
  ctx.setTitle(sle.name);
  view.append(
    pageHead(
      sle.name,
      h('a', { class: 'button secondary', href: `#/deployments?sleId=${sleId}` }, 'Their deployments'),
    ),
    panel(
      summaryList([
        ['Email', sle.email],
        [
          'Home school',
          h('a', { href: `#/schools/${sle.homeSchoolUrn}` }, sle.homeSchoolName || `School ${sle.homeSchoolUrn}`),
        ],
        ['Specialisms', sle.specialisms.map(labelOf).join(', ')],
        ['Phases', sle.phases.map(labelOf).join(', ')],
        ['Designated', dateEl(sle.designatedOn)],
        ['Designation ended', sle.designationEndedOn ? dateEl(sle.designationEndedOn) : null],
        [
          `Days in ${sle.academicYear}`,
          `${sle.commissionedDays} of ${sle.capacityDays} commissioned, ${sle.deliveredDays} delivered`,
        ],
      ]),
    ),
  );
  if (ctx.can.broker) view.append(await editSection(sle, ctx));
  if (ctx.can.invite) {
    view.append(
      await accessPanel(ctx, {
        heading: 'Who has access as this SLE',
        filter: { sleId },
        fixed: { role: 'sle', sleId },
      }),
    );
  }
}

/**
 * The facilitator's changes to the SLE's record, each an event of its own dated `on`.
 * @param {Sle} sle
 * @param {PageContext} ctx
 */
async function editSection(sle, ctx) {
  const vocab = await ctx.vocab();
  /**
   * @param {string} path
   * @param {string} message
   * @returns {Submit}
   */
  const change =
    (path, message) =>
    async (body, { idempotencyKey }) => {
      await post(`/sles/${sle.sleId}/${path}`, body, { 'Idempotency-Key': idempotencyKey });
      ctx.changed();
      ctx.flash(message);
      ctx.reload();
    };
  const onToday = (label = 'From') => field({ label, path: 'on', type: 'date', value: vocab.today });
  /**
   * @param {string} title
   * @param {HTMLFormElement} form
   */
  const box = (title, form) => h('details', { class: 'step' }, h('summary', {}, title), form);
  const boxes = [
    box(
      'Change the capacity',
      apiForm({
        label: 'Change the capacity',
        submitLabel: 'Change the capacity',
        submit: change('capacity', `${sle.name}'s capacity is changed.`),
        fields: [
          field({
            label: 'Days a year',
            path: 'capacityDays',
            type: 'number',
            value: String(sle.capacityDays),
            hint: 'Days released by the home school for SLE work in the academic year',
            attrs: { min: '0', max: '190', step: '1' },
          }),
          onToday(),
        ],
      }),
    ),
    box(
      'Change the specialisms',
      apiForm({
        label: 'Change the specialisms',
        submitLabel: 'Change the specialisms',
        submit: change('specialisms', `${sle.name}'s specialisms are changed.`),
        fields: [
          checkboxes({
            legend: 'Specialisms',
            path: 'specialisms',
            options: vocab.specialisms.map((v) => ({ value: v, label: labelOf(v) })),
            values: sle.specialisms,
          }),
          onToday(),
        ],
      }),
    ),
  ];
  if (!sle.designationEndedOn)
    boxes.push(
      box(
        'End the designation',
        apiForm({
          label: 'End the designation',
          submitLabel: 'End the designation',
          className: 'cancel-form',
          submit: change('designation-end', `${sle.name}'s designation has ended.`),
          fields: [onToday('Ended on'), field({ label: 'Reason', path: 'reason', type: 'textarea', wide: true })],
        }),
      ),
    );
  return h(
    'section',
    { class: 'no-print', 'aria-labelledby': 'sle-changes' },
    h('h2', { id: 'sle-changes' }, 'Change the record'),
    h('div', { class: 'steps' }, boxes),
  );
}
