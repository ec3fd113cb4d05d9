import { ApiError, post } from '../api.js';
import { download } from '../csv.js';
import { h } from '../dom.js';
import { apiForm, field } from '../forms.js';
import { countOf, panel } from './common.js';
/**
 * @import { NamedRecord } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 */

/** What the server says of an event field, in words. */
const FIELD_WORDS = /** @type {Record<string, string>} */ ({
  'ContactLogged.note': 'a contact note',
  'ImpactEvaluated.summary': 'the evaluation summary',
  'DeploymentCancelled.reason': 'the reason for cancelling',
  'SupportRequestWithdrawn.reason': 'the reason for withdrawing',
  'BrokerageMeetingHeld.attendees[].name': 'the attendee list',
  'HalfTermReviewHeld.attendees[].name': 'the attendee list',
  'HalfTermReviewAmended.attendees[].name': 'the attendee list',
  'HalfTermReviewHeld.notes': 'the notes',
  'HalfTermReviewAmended.notes': 'the notes',
  'HalfTermReviewAmended.reason': 'the reason for amending',
  'IdempotentRequestAnswered.body': 'an answer',
});

/**
 * Someone held only as a name in text (school staff named in notes, an attendee typed in): find the records
 * naming them, download them, erase the records chosen. The name stays on the page, never in its address.
 * @param {PageContext} ctx
 */
export function namedPersonPanel(ctx) {
  const found = h('div', { 'aria-live': 'polite' });
  const searchForm = apiForm({
    label: 'Find someone named in text',
    submitLabel: 'Find the records naming them',
    fields: field({
      label: 'Their name',
      path: 'name',
      hint: 'As staff would have written it. Whole words, case and spacing aside: search again for other forms.',
      attrs: { autocomplete: 'off', spellcheck: 'false' },
    }),
    submit: async (body) => {
      const name = String(body.name ?? '');
      /** @type {{ records: NamedRecord[] }} */
      const { records } = await post('/named-persons/search', { name });
      found.replaceChildren(recordsFound(ctx, name.trim(), records));
      found.querySelector('h3')?.focus();
    },
  });
  return panel(
    h('h2', {}, 'Someone named only in text'),
    h(
      'p',
      { class: 'hint' },
      'School staff without an account are named in contact notes and evaluation summaries, or typed into ',
      'attendee lists. Find the records that name them, to send them what is held or erase it.',
    ),
    searchForm,
    found,
  );
}

/**
 * @param {PageContext} ctx
 * @param {string} name
 * @param {NamedRecord[]} records
 */
function recordsFound(ctx, name, records) {
  if (!records.length)
    return h(
      'div',
      {},
      h('h3', { tabindex: '-1' }, 'No record names them'),
      h('p', {}, 'Nothing held names them in these words. Search again for another form of the name.'),
    );
  const boxes = records.map((r) => h('input', { type: 'checkbox', checked: true, value: r.record }));
  const list = h(
    'fieldset',
    { class: 'field wide' },
    h('legend', {}, 'The records, ticked to be erased'),
    h(
      'div',
      { class: 'checks' },
      records.map((r, i) =>
        h(
          'label',
          { class: 'check' },
          boxes[i],
          `${r.what}: ${countOf(r.mentions, 'mention')} in ${[...new Set(r.fields.map((f) => FIELD_WORDS[f] ?? f))].join(', ')}`,
        ),
      ),
    ),
  );
  const forceBox = h('input', { type: 'checkbox', id: 'named-force' });
  const forceNotice = h(
    'div',
    { class: 'warning', hidden: true, tabindex: '-1' },
    h('p', {}, 'Some of these records belong to a deployment under way: its notes or attendees would go now.'),
    h('label', { class: 'check', for: forceBox.id }, forceBox, 'Erase although a deployment is active'),
  );
  const result = h('div', { 'aria-live': 'polite' });
  const erasure = apiForm({
    label: 'Erase the records chosen',
    submitLabel: 'Erase the records chosen',
    fields: [
      field({
        label: 'Why they are erased',
        path: 'reason',
        type: 'textarea',
        wide: true,
        hint: 'Kept with the erasure, for the record: say who asked and when. Do not write their name.',
      }),
      field({ label: `Type ${name} to confirm`, path: 'confirm', wide: true, attrs: { autocomplete: 'off' } }),
      forceNotice,
    ],
    submit: async (body) => {
      if (
        String(body.confirm ?? '')
          .trim()
          .toLowerCase() !== name.toLowerCase()
      )
        throw new ApiError(400, {
          message: ['confirm: type the name as shown, to confirm'],
          fields: { confirm: ['type the name as shown, to confirm'] },
        });
      const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
      if (!chosen.length) throw new ApiError(400, { message: ['Tick at least one record to erase'] });
      /** @type {{ records: string[], forced: boolean }} */
      let done;
      try {
        done = await post('/named-persons/erasure', {
          name,
          reason: body.reason,
          records: chosen,
          ...(forceBox.checked ? { force: true } : {}),
        });
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 409) || forceBox.checked) throw error;
        forceNotice.hidden = false;
        forceNotice.focus();
        return;
      }
      ctx.changed();
      erasure.remove();
      list.remove();
      result.replaceChildren(
        h(
          'p',
          { class: 'notice', role: 'status' },
          `${countOf(done.records.length, 'record')} erased: they now read “[erased]”.`,
          done.forced ? ' Erased although a deployment was active, as you confirmed.' : '',
        ),
      );
    },
  });
  erasure.querySelector('button[type="submit"]')?.classList.add('danger');
  const downloadButton = h(
    'button',
    {
      type: 'button',
      onclick: async () => {
        /** @type {{ exportedOn: string }} */
        const held = await post('/named-persons/export', { name });
        // Not named after the person: a file name is seen in download lists and mail attachments.
        download(`named-person-${held.exportedOn}.json`, JSON.stringify(held, null, 2), 'application/json');
      },
    },
    'Download what names them',
  );
  return h(
    'div',
    {},
    h('h3', { tabindex: '-1' }, `${countOf(records.length, 'record')} ${records.length === 1 ? 'names' : 'name'} them`),
    list,
    h(
      'p',
      { class: 'hint' },
      'The download holds each event naming them, with everyone else’s text withheld; the texts shown may ',
      'name others too: take those out before sending it.',
    ),
    h('div', { class: 'form-actions' }, downloadButton),
    h(
      'p',
      {},
      'One key seals each record, so erasing one erases all of it (every note of that deployment, or the whole ',
      'attendee list); figures stay. It cannot be undone.',
    ),
    erasure,
    result,
  );
}
