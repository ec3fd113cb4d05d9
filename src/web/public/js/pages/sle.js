import { get } from '../api.js';
import { dateEl, h, labelOf, summaryList } from '../dom.js';
import { pageHead, panel, schoolName } from './common.js';
import { accessPanel } from './people-common.js';
/**
 * @import { Sle } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 */

/**
 * One SLE: their designation and this year's days; for brokers, who has access as this SLE, and inviting them.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function slePage(view, ctx) {
  const [sleId] = ctx.params;
  const [sle, schools] = await Promise.all([/** @type {Promise<Sle>} */ (get(`/sles/${sleId}`)), ctx.schools()]);
  ctx.setTitle(sle.name);
  view.append(
    pageHead(
      sle.name,
      h('a', { class: 'button secondary', href: `#/deployments?sleId=${sleId}` }, 'Their deployments'),
    ),
    panel(
      summaryList([
        ['Email', sle.email],
        ['Home school', h('a', { href: `#/schools/${sle.homeSchoolUrn}` }, schoolName(schools, sle.homeSchoolUrn))],
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
  if (ctx.can.invite) {
    const sles = await ctx.sles();
    view.append(
      await accessPanel(ctx, {
        heading: 'Who has access as this SLE',
        filter: { sleId },
        fixed: { role: 'sle', sleId },
        schools,
        sles,
      }),
    );
  }
}
