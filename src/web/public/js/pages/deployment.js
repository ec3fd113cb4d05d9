import { get, post } from '../api.js';
import { badge, dateEl, find, fmtDate, fmtDays, h, labelOf, summaryList, table } from '../dom.js';
import { attendeesField, linkAttendee, signedInAttendee } from '../attendees.js';
import { apiForm, field, repeater } from '../forms.js';
import { options, pageHead, panel, progressBadge, resultBadge, statusBadge } from './common.js';
/**
 * @import { ExpectedOutcome } from '../../../../../events/deployment.events.js'
 * @import { Deployment, Matches, Programme, User, Vocabulary } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 * @import { TableColumn } from '../dom.js'
 * @import { Submit } from '../forms.js'
 */

/** Matches shown for a request, and offered in the brokerage meeting's list of SLEs. */
const SHORTLIST = 50;

/**
 * One support case from request to evaluation: what was asked and agreed, what happened, and, for those who may
 * take it, a form for each next step. While it is a request, the ranked matches with their reasons.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function deploymentPage(view, ctx) {
  const [id] = ctx.params;
  /** @type {Deployment} */
  const d = await get(`/deployments/${id}`);
  const [vocab, programmes] = await Promise.all([
    ctx.vocab(),
    /** @type {Promise<Programme[]>} */ (get('/programmes')),
  ]);
  // Named only beyond the SLE programme, which every deployment belonged to before programmes.
  const programme =
    d.programme === 'sle' ? null : (programmes.find((p) => p.programmeId === d.programme)?.plural ?? d.programme);
  /** @type {Matches | null} */
  const matches =
    d.status === 'requested' && ctx.can.readAll
      ? await get(`/support-requests/${id}/matches?includeIneligible=true&limit=${SHORTLIST}`)
      : null;
  // Named by the API for every reader: no list of every school or SLE is read.
  const school = d.schoolName ?? `School ${d.schoolUrn}`;
  const specialism = labelOf(d.specialism);
  ctx.setTitle(`${school}: ${specialism}`);

  /**
   * Sends one step with the version read (If-Match), so that a change made meanwhile is refused rather than overwritten.
   * @param {string} path
   * @param {string} message
   * @returns {Submit}
   */
  const step =
    (path, message) =>
    async (body, { idempotencyKey }) => {
      await post(`/deployments/${id}/${path}`, body, {
        'If-Match': `"${d.version}"`,
        'Idempotency-Key': idempotencyKey,
      });
      ctx.changed();
      ctx.flash(message);
      ctx.reload();
    };
  const today = vocab.today;

  view.append(
    pageHead(
      `${school}: ${specialism}`,
      ctx.can.readSchools
        ? h('a', { class: 'button secondary', href: `#/schools/${d.schoolUrn}` }, 'School page')
        : null,
    ),
    h(
      'p',
      { class: 'lede' },
      'Status: ',
      d.cancellation?.withdrawn ? badge('cancelled', 'Withdrawn') : statusBadge(d.status),
      d.status === 'deployed' ? [' · Progress: ', progressBadge(d.latestStatus)] : null,
    ),
    panel(
      h('h2', {}, 'The case'),
      summaryList([
        [
          'School',
          ctx.can.readSchools
            ? h('a', { href: `#/schools/${d.schoolUrn}` }, `${school} (${d.schoolUrn})`)
            : `${school} (${d.schoolUrn})`,
        ],
        ['Programme', programme],
        ['Specialism', specialism],
        ['Area of need', d.areaOfNeed],
        ['Area of need as requested', d.requestedAreaOfNeed !== d.areaOfNeed ? d.requestedAreaOfNeed : null],
        ['Source', labelOf(d.source)],
        ['Requested on', dateEl(d.requestedOn)],
        ['SLE', d.sleId ? (d.sleName ?? 'Matched') : null],
        ['Runs', d.startDate ? h('span', {}, dateEl(d.startDate), ' to ', dateEl(d.endDate)) : null],
        ['Started on', d.startedOn ? dateEl(d.startedOn) : null],
        ['Days', d.brokerageMeeting ? `${d.daysDelivered} delivered of ${d.daysCommissioned} commissioned` : null],
      ]),
    ),
  );

  if (d.status === 'requested' && matches) view.append(matchesSection(matches, ctx, view));

  const steps = h('div', { class: 'steps no-print' });
  if (ctx.can.broker && d.status === 'requested')
    steps.append(
      stepBox(
        'Record the brokerage meeting',
        true,
        meetingForm(
          d,
          matches,
          ctx.user,
          today,
          step('brokerage-meeting', 'Brokerage meeting recorded: the deployment is brokered.'),
        ),
      ),
    );
  if (ctx.can.broker && d.status === 'brokered')
    steps.append(stepBox('Deploy the SLE', true, deployForm(d, today, step('deploy', 'The SLE is deployed.'))));
  if (d.status === 'deployed') {
    if (ctx.can.logContact)
      steps.append(stepBox('Log a contact', true, contactForm(vocab, today, step('contacts', 'Contact logged.'))));
    if (ctx.can.broker) {
      steps.append(
        stepBox(
          'Evaluate impact',
          false,
          evaluationForm(d, today, step('impact-evaluation', 'Impact evaluated: the deployment is complete.')),
        ),
        stepBox('Extend the deployment', false, extensionForm(d, today, step('extensions', 'Deployment extended.'))),
      );
    }
  }
  if (ctx.can.withdrawRequest && d.status === 'requested')
    steps.append(
      stepBox(
        'Withdraw the request',
        false,
        withdrawForm(d, today, step('withdrawal', 'The request is withdrawn. Nothing more will happen with it.')),
      ),
    );
  if (ctx.can.broker && ['requested', 'brokered', 'deployed'].includes(d.status))
    steps.append(
      stepBox('Cancel the deployment', false, cancelForm(today, step('cancellation', 'The deployment is cancelled.'))),
    );
  if (steps.childElementCount)
    view.append(h('section', { 'aria-labelledby': 'next-steps' }, h('h2', { id: 'next-steps' }, 'Next steps'), steps));

  if (d.brokerageMeeting) view.append(agreedSection(d, d.brokerageMeeting));
  if (d.contacts.length || d.status === 'deployed') view.append(contactsSection(d));
  if (d.extensions.length) view.append(extensionsSection(d));
  if (d.evaluation) view.append(evaluationSection(d.evaluation));
  if (d.cancellation)
    view.append(
      panel(
        h('h2', {}, d.cancellation.withdrawn ? 'Withdrawn by the school' : 'Cancelled'),
        summaryList([
          ['On', dateEl(d.cancellation.on)],
          ['Reason', d.cancellation.reason],
        ]),
      ),
    );
}

/**
 * @param {string} title
 * @param {boolean} open
 * @param {HTMLFormElement} form
 */
const stepBox = (title, open, form) => h('details', { class: 'step', open }, h('summary', {}, title), form);

/**
 * @param {Matches} matches
 * @param {PageContext} ctx
 * @param {HTMLElement} view
 */
function matchesSection({ matches, eligibleCount, ineligible = [], ineligibleCount = 0 }, ctx, view) {
  /** @param {Matches['matches'][number]} match */
  const choose = (match) => {
    /** @type {HTMLSelectElement | null} */
    const select = view.querySelector('select[data-path="sleId"]');
    if (!select) return;
    select.value = match.sleId;
    select.dispatchEvent(new Event('change'));
    const box = select.closest('details');
    if (box) box.open = true;
    /** @type {NodeListOf<HTMLElement>} */
    const listed = view.querySelectorAll('ol.matches > li');
    for (const li of listed) li.classList.toggle('chosen', li.dataset.sleId === match.sleId);
    select.focus();
    ctx.announce(`${match.name} chosen for the brokerage meeting.`);
  };
  return panel(
    h('h2', {}, 'Matches'),
    h(
      'p',
      { class: 'muted' },
      matches.length
        ? `${matches.length < eligibleCount ? `The best ${matches.length} of ${eligibleCount} eligible SLEs` : 'Eligible SLEs'}, best first. The score is out of 100; the reasons say why.`
        : 'No SLE is eligible for this request. See why below; the needs analysis may call for designating more SLEs.',
    ),
    h(
      'ol',
      { class: 'matches' },
      matches.map((m) =>
        h(
          'li',
          { dataset: { sleId: m.sleId } },
          h(
            'div',
            { class: 'match-head' },
            h('h3', {}, m.name),
            h('span', { class: 'score' }, `Score ${m.score}`),
            ctx.can.broker
              ? h('button', { type: 'button', class: 'secondary small', onclick: () => choose(m) }, `Choose ${m.name}`)
              : null,
          ),
          h(
            'ul',
            { class: 'reasons' },
            m.reasons.map((r) => h('li', {}, r)),
          ),
        ),
      ),
    ),
    ineligible.length
      ? h(
          'details',
          {},
          h(
            'summary',
            {},
            `${ineligibleCount} SLE${ineligibleCount === 1 ? ' is' : 's are'} not eligible${ineligible.length < ineligibleCount ? ` (the first ${ineligible.length} by name)` : ''}`,
          ),
          h(
            'ul',
            {},
            ineligible.map((s) => h('li', {}, h('strong', {}, s.name), ': ', s.reasons.join('; '))),
          ),
        )
      : null,
  );
}

/**
 * The brokerage meeting. Its attendees start as the SLE chosen (kept up to date as the choice changes, unless
 * edited) and the facilitator recording it.
 * @param {Deployment} d
 * @param {Matches | null} matches
 * @param {User} user
 * @param {string} today
 * @param {Submit} submit
 */
function meetingForm(d, matches, user, today, submit) {
  const eligible = matches?.matches ?? [];
  const form = apiForm({
    label: 'Brokerage meeting',
    submitLabel: 'Record the brokerage meeting',
    submit,
    fields: [
      field({
        label: 'SLE',
        path: 'sleId',
        type: 'select',
        hint: 'Eligible SLEs, best match first',
        options: [
          { value: '', label: 'Choose an SLE' },
          ...eligible.map((m) => ({ value: m.sleId, label: `${m.name} (score ${m.score})` })),
        ],
      }),
      field({ label: 'Held on', path: 'heldOn', type: 'date', value: today }),
      field({
        label: 'Days commissioned',
        path: 'daysCommissioned',
        type: 'number',
        hint: 'Whole or half days',
        attrs: { min: '0.5', step: '0.5' },
      }),
      field({ label: 'Work starts on', path: 'startDate', type: 'date' }),
      field({ label: 'Agreed end date', path: 'endDate', type: 'date' }),
      field({ label: 'Agreed area of need', path: 'areaOfNeed', type: 'textarea', value: d.areaOfNeed, wide: true }),
      attendeesField({
        hint: 'The SLE, the facilitator and key staff of the school',
        initial: [{ name: '', role: 'SLE' }, signedInAttendee(user, 'SLE facilitator')],
      }),
      repeater({
        legend: 'Expected outcomes',
        path: 'expectedOutcomes',
        hint: 'Each measurable: what is measured, its unit, where it stands now and where it should get to',
        itemLabel: (i) => `Outcome ${i + 1}`,
        addLabel: 'Add another outcome',
        initial: [{ unit: '%' }],
        makeRow: (values) => [
          field({
            label: 'Measure',
            sub: 'measure',
            wide: true,
            hint: 'e.g. % of Y6 working at the expected standard in reasoning',
          }),
          field({ label: 'Unit', sub: 'unit', value: values.unit }),
          field({ label: 'Baseline', sub: 'baseline', type: 'number' }),
          field({ label: 'Target', sub: 'target', type: 'number' }),
        ],
      }),
      field({
        label: 'Reason to commission beyond capacity',
        path: 'capacityOverrideReason',
        type: 'textarea',
        optional: true,
        wide: true,
        hint: "Only if the days would take the SLE beyond this year's capacity and you mean to do so",
      }),
    ],
  });
  // The SLE's row follows the SLE chosen, until someone types in it.
  let filled = '';
  /** @type {HTMLSelectElement} */
  const select = find(form, 'select[data-path="sleId"]');
  select.addEventListener('change', () => {
    /** @type {HTMLInputElement | null} */
    const name = form.querySelector('input[data-path="attendees.0.name"]');
    const chosen = eligible.find((m) => m.sleId === select.value);
    if (!name || name.value !== filled) return;
    linkAttendee(find(form, '[data-array="attendees"] .repeat-row'), {
      name: chosen?.name ?? '',
      sleId: chosen?.sleId,
    });
    filled = chosen?.name ?? '';
  });
  return form;
}

/**
 * @param {Deployment} d
 * @param {string} today
 * @param {Submit} submit
 */
function deployForm(d, today, submit) {
  const form = apiForm({
    label: 'Deploy the SLE',
    submitLabel: 'Deploy the SLE',
    submit,
    fields: [
      field({
        label: 'Work started on',
        path: 'startedOn',
        type: 'date',
        // The agreed start, unless it is still to come (a start cannot be recorded in the future).
        value: d.startDate && d.startDate <= today ? d.startDate : today,
        hint: d.startDate ? `Agreed at the brokerage meeting: ${fmtDate(d.startDate)}` : undefined,
      }),
    ],
  });
  const warning = h('p', { class: 'warning', role: 'status', hidden: true });
  /** @type {HTMLInputElement} */
  const input = find(form, 'input[data-path="startedOn"]');
  const check = () => {
    const differs = !!d.startDate && !!input.value && input.value !== d.startDate;
    warning.hidden = !differs;
    warning.textContent = differs
      ? `This differs from the agreed start (${fmtDate(d.startDate)}): the work started ${describeGap(d.startDate ?? '', input.value)}. Check the date before deploying.`
      : '';
  };
  input.addEventListener('input', check);
  input.addEventListener('change', check);
  find(form, '.fields').after(warning);
  check();
  return form;
}

/**
 * "3 days later" or "2 days earlier" than agreed.
 * @param {string} agreed
 * @param {string} actual
 */
function describeGap(agreed, actual) {
  const days = Math.round((Date.parse(actual) - Date.parse(agreed)) / 86_400_000);
  const n = Math.abs(days);
  return `${n === 1 ? '1 day' : `${n} days`} ${days > 0 ? 'later' : 'earlier'} than agreed`;
}

/**
 * @param {Vocabulary} vocab
 * @param {string} today
 * @param {Submit} submit
 */
function contactForm(vocab, today, submit) {
  return apiForm({
    label: 'Log a contact',
    submitLabel: 'Log the contact',
    submit,
    fields: [
      field({ label: 'On', path: 'on', type: 'date', value: today }),
      field({
        label: 'Channel',
        path: 'channel',
        type: 'select',
        options: options(vocab.contactChannels),
        value: 'visit',
      }),
      field({
        label: 'Days used',
        path: 'daysUsed',
        type: 'select',
        number: true,
        value: '1',
        options: [
          { value: '0', label: '0 (a call or an email)' },
          { value: '0.5', label: 'Half a day' },
          { value: '1', label: '1 day' },
        ],
      }),
      field({
        label: 'Progress',
        path: 'status',
        type: 'select',
        options: options(vocab.progressStatuses),
        value: 'on-track',
      }),
      field({ label: 'Note', path: 'note', type: 'textarea', wide: true }),
    ],
  });
}

/**
 * @param {Deployment} d
 * @param {string} today
 * @param {Submit} submit
 */
function extensionForm(d, today, submit) {
  return apiForm({
    label: 'Extend the deployment',
    submitLabel: 'Extend the deployment',
    submit,
    fields: [
      field({ label: 'Agreed on', path: 'on', type: 'date', value: today }),
      field({ label: 'More days', path: 'additionalDays', type: 'number', attrs: { min: '0', step: '0.5' } }),
      field({ label: 'New end date', path: 'newEndDate', type: 'date', value: d.endDate }),
      field({ label: 'Focus of the extension', path: 'focus', type: 'textarea', wide: true }),
      field({
        label: 'Reason to commission beyond capacity',
        path: 'capacityOverrideReason',
        type: 'textarea',
        optional: true,
        wide: true,
      }),
    ],
  });
}

/**
 * @param {Deployment} d
 * @param {string} today
 * @param {Submit} submit
 */
function evaluationForm(d, today, submit) {
  const outcomes = h(
    'fieldset',
    { class: 'field wide', dataset: { field: 'outcomes' } },
    h('legend', {}, 'Actual value of each expected outcome'),
    h('p', { class: 'field-error', id: `outcomes-${d.deploymentId}-error`, hidden: true }),
    h(
      'div',
      { class: 'fields' },
      d.expectedOutcomes.map((o, i) => [
        field({ type: 'hidden', path: `outcomes.${i}.measure`, value: o.measure }),
        field({
          label: `Actual: ${o.measure}`,
          path: `outcomes.${i}.actual`,
          type: 'number',
          hint: `Baseline ${o.baseline}, target ${o.target} (${o.unit})`,
        }),
      ]),
    ),
  );
  return apiForm({
    label: 'Evaluate impact',
    submitLabel: 'Record the evaluation',
    submit,
    fields: [
      field({ label: 'Held on', path: 'heldOn', type: 'date', value: today }),
      field({
        label: "School's rating of the support",
        path: 'schoolRating',
        type: 'select',
        number: true,
        options: [
          { value: '', label: 'Choose a rating' },
          ...[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: `${n} of 5` })),
        ],
      }),
      outcomes,
      field({ label: 'Summary of impact', path: 'summary', type: 'textarea', wide: true }),
    ],
  });
}

/**
 * The school takes back a request it sent by mistake, while it waits for its brokerage meeting.
 * @param {Deployment} d
 * @param {string} today
 * @param {Submit} submit
 */
function withdrawForm(d, today, submit) {
  return apiForm({
    label: 'Withdraw the request',
    submitLabel: 'Withdraw the request',
    className: 'cancel-form',
    submit,
    fields: [
      field({ label: 'Withdrawn on', path: 'on', type: 'date', value: today < d.requestedOn ? d.requestedOn : today }),
      field({
        label: 'Why are you withdrawing it?',
        path: 'reason',
        type: 'textarea',
        wide: true,
        hint: 'For example: sent by mistake, or the need has been met another way',
      }),
    ],
  });
}

/**
 * @param {string} today
 * @param {Submit} submit
 */
function cancelForm(today, submit) {
  return apiForm({
    label: 'Cancel the deployment',
    submitLabel: 'Cancel the deployment',
    className: 'cancel-form',
    submit,
    fields: [
      field({ label: 'Cancelled on', path: 'on', type: 'date', value: today }),
      field({ label: 'Reason', path: 'reason', type: 'textarea', wide: true }),
    ],
  });
}

/**
 * @param {Deployment} d
 * @param {NonNullable<Deployment['brokerageMeeting']>} m
 */
function agreedSection(d, m) {
  const evaluated = new Map((d.evaluation?.outcomes ?? []).map((o) => [o.measure, o]));
  /** @type {TableColumn<ExpectedOutcome>[]} */
  const columns = [
    { label: 'Measure', value: (o) => o.measure },
    { label: 'Unit', value: (o) => o.unit },
    { label: 'Baseline', num: true, value: (o) => String(o.baseline) },
    { label: 'Target', num: true, value: (o) => String(o.target) },
  ];
  if (d.evaluation)
    columns.push(
      { label: 'Actual', num: true, value: (o) => String(evaluated.get(o.measure)?.actual ?? '—') },
      { label: 'Result', value: (o) => resultBadge(evaluated.get(o.measure)) },
    );
  return panel(
    h('h2', {}, 'What was agreed'),
    summaryList([
      ['Brokerage meeting', dateEl(m.heldOn)],
      ['Attendees', m.attendees.map((a) => `${a.name} (${a.role})`).join(', ')],
      [
        'Agreed end date',
        m.endDate !== d.endDate ? h('span', {}, dateEl(m.endDate), ` (now ${fmtDate(d.endDate)})`) : dateEl(m.endDate),
      ],
      ['Capacity exceeded knowingly', m.capacityOverrideReason],
    ]),
    table({ caption: 'Expected outcomes', columns, rows: d.expectedOutcomes }),
  );
}

/** @param {Deployment} d */
function contactsSection(d) {
  return panel(
    h('h2', {}, 'Contacts'),
    table({
      caption: 'Contacts, oldest first',
      captionHidden: true,
      columns: [
        { label: 'On', value: (c) => dateEl(c.on) },
        { label: 'Channel', value: (c) => labelOf(c.channel) },
        { label: 'Days used', num: true, value: (c) => String(c.daysUsed) },
        { label: 'Progress', value: (c) => progressBadge(c.status) },
        { label: 'Note', value: (c) => c.note },
      ],
      rows: d.contacts,
      empty: 'No contact has been logged yet.',
    }),
  );
}

/** @param {Deployment} d */
function extensionsSection(d) {
  return panel(
    h('h2', {}, 'Extensions'),
    table({
      caption: 'Extensions',
      captionHidden: true,
      columns: [
        { label: 'Agreed on', value: (e) => dateEl(e.on) },
        { label: 'More days', num: true, value: (e) => fmtDays(e.additionalDays) },
        { label: 'New end date', value: (e) => dateEl(e.newEndDate) },
        { label: 'Focus', value: (e) => e.focus },
      ],
      rows: d.extensions,
    }),
  );
}

/** @param {NonNullable<Deployment['evaluation']>} e */
function evaluationSection(e) {
  const achieved = e.outcomes.filter((o) => o.result === 'achieved').length;
  return panel(
    h('h2', {}, 'Impact'),
    summaryList([
      ['Evaluated on', dateEl(e.heldOn)],
      ['Outcomes achieved', `${achieved} of ${e.outcomes.length}`],
      ["School's rating", `${e.schoolRating} of 5`],
      ['Summary', e.summary],
    ]),
  );
}
