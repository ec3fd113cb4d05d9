import { get } from '../api.js';
import { append, badge, dateEl, h, labelOf, table } from '../dom.js';
import { exportButton, pageHead, panel } from './common.js';
/**
 * @import { BrokerageQueue, QueuedRequest } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 * @import { Column } from './common.js'
 */

/**
 * The facilitator's brokerage desk: requests waiting for their brokerage meeting, oldest first.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function deskPage(view, ctx) {
  ctx.setTitle('Brokerage queue');
  /** @type {BrokerageQueue} */
  const { targetSchoolDays, requests } = await get('/brokerage/queue');
  /** @type {Column<QueuedRequest>[]} */
  const columns = [
    {
      label: 'School',
      value: (r) => h('a', { href: `#/deployments/${r.deploymentId}` }, r.schoolName),
      csv: (r) => r.schoolName,
    },
    { label: 'Specialism', value: (r) => labelOf(r.specialism), csv: (r) => labelOf(r.specialism) },
    { label: 'Area of need', value: (r) => r.areaOfNeed, csv: (r) => r.areaOfNeed },
    { label: 'Source', value: (r) => labelOf(r.source), csv: (r) => labelOf(r.source) },
    { label: 'Requested', value: (r) => dateEl(r.requestedOn), csv: (r) => r.requestedOn },
    {
      label: 'Waiting',
      num: true,
      value: (r) =>
        h(
          'span',
          {},
          `${r.ageSchoolDays} school day${r.ageSchoolDays === 1 ? '' : 's'} `,
          r.overTarget ? badge('overdue', 'Over target') : null,
        ),
      csv: (r) => r.ageSchoolDays,
    },
    {
      label: 'Eligible SLEs',
      num: true,
      value: (r) => (r.eligibleSles ? String(r.eligibleSles) : badge('off-track', 'None')),
      csv: (r) => r.eligibleSles,
    },
  ];
  const overTarget = requests.filter((r) => r.overTarget).length;
  append(view, [
    pageHead(
      'Brokerage queue',
      ctx.can.broker ? h('a', { class: 'button', href: '#/requests/new' }, 'Request support for a school') : null,
      exportButton('Export CSV', 'brokerage-queue.csv', columns, requests),
    ),
    h(
      'p',
      { class: 'lede' },
      requests.length
        ? `${requests.length} request${requests.length === 1 ? ' is' : 's are'} waiting for a brokerage meeting. The target is a meeting within ${targetSchoolDays} school days.`
        : 'No request is waiting for a brokerage meeting.',
    ),
    overTarget
      ? h(
          'p',
          { class: 'warning' },
          `${overTarget} request${overTarget === 1 ? ' has' : 's have'} waited longer than the target.`,
        )
      : null,
    panel(
      table({
        caption: 'Requests waiting, oldest first',
        columns,
        rows: requests,
        rowClass: (r) => (r.overTarget ? 'over-target' : undefined),
        empty: 'The queue is empty.',
      }),
    ),
  ]);
}
