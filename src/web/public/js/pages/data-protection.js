import { ApiError, get, post, query } from '../api.js';
import { download } from '../csv.js';
import { dateEl, fmtDate, h, labelOf, summaryList, table } from '../dom.js';
import { apiForm, field } from '../forms.js';
import { HALF_TERM_LABELS, countOf, pageHead, panel } from './common.js';
import { namedPersonPanel } from './named-person.js';
/**
 * @import { AuditedRead, DataSubjectExport, ErasureDone } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 * @import { TableColumn } from '../dom.js'
 */

/** What the API shows in place of an erased field. */
const ERASED = '[erased]';

/**
 * For an admin (and the data protection officer through them): find a person by email or id, download what is held
 * about them, erase them; and the read audit. The address holds the person's id once found, never their email.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function dataProtectionPage(view, ctx) {
  ctx.setTitle('Data protection');
  const person = h('div', { 'aria-live': 'polite' });
  const audit = auditPanel();

  /**
   * @param {DataSubjectExport} held
   * @param {ErasureDone} [erased] Just now: what it did is said in place of the form.
   */
  const showPerson = async (held, erased) => {
    const onErased = async (/** @type {ErasureDone} */ done) => {
      // Read again: the summary then shows what is held now.
      await showPerson(await exportOf(held.person.id), done);
      /** @type {HTMLElement | null} */ (person.querySelector('.erased h2'))?.focus();
    };
    person.replaceChildren(await personPanel(ctx, held, { showReadsOf: audit.showReadsOf, erased, onErased }));
  };
  const findForm = apiForm({
    label: 'Find a person',
    submitLabel: 'Find',
    fields: field({
      label: 'Email address or id',
      path: 'id',
      hint: 'Of an SLE or an account. Finding someone reads everything held about them: the read audit records it.',
      attrs: { autocomplete: 'off', spellcheck: 'false' },
    }),
    submit: async (body) => {
      const held = await exportOf(String(body.id));
      // The id, not the email typed, goes into the address: a reload finds the same person.
      history.replaceState(null, '', `#/data-protection${query({ id: held.person.id })}`);
      await showPerson(held);
      person.querySelector('h2')?.focus();
    },
  });
  view.append(
    pageHead('Data protection'),
    h(
      'p',
      { class: 'lede' },
      'Answer a request to see or erase what is held about an SLE or an account holder, and see who read whose data.',
    ),
    panel(h('h2', {}, 'Find a person'), findForm),
    person,
    namedPersonPanel(ctx),
    audit.element,
  );
  if (ctx.query.id) await showPerson(await exportOf(ctx.query.id));
}

/**
 * Everything held about the person; a plain-word refusal when there is no one.
 * @param {string} idOrEmail
 * @returns {Promise<DataSubjectExport>}
 */
async function exportOf(idOrEmail) {
  try {
    return await get(`/data-subjects/${encodeURIComponent(idOrEmail.trim())}/export`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404)
      throw new ApiError(404, { message: 'No SLE or user with that email or id.' });
    throw error;
  }
}

/**
 * The person found: a summary of what is held, its download, and the erasure form (or what an erasure did).
 * @param {PageContext} ctx
 * @param {DataSubjectExport} held
 * @param {{ showReadsOf: (subject: string) => Promise<void>, erased?: ErasureDone,
 *   onErased: (done: ErasureDone) => Promise<void> }} actions
 */
async function personPanel(ctx, held, { showReadsOf, erased, onErased }) {
  const { kind, id } = held.person;
  const sle = held.views.sle;
  const account = held.views.accounts[0];
  const name = sle?.name ?? account?.name ?? null;
  const email = sle?.email ?? account?.email ?? null;
  const title = kind === 'sle' ? `SLE ${name ?? id}` : `Account of ${name ?? email ?? id}`;
  const ownPage = kind === 'sle' ? `#/sles/${id}` : `#/users/${id}`;
  const subject = `${kind}:${id}`;
  const downloadButton = h(
    'button',
    {
      type: 'button',
      // Named by kind and id: a file name is seen in download lists and mail attachments.
      onclick: () => download(`${kind}-${id}.json`, JSON.stringify(held, null, 2), 'application/json'),
    },
    'Download what we hold',
  );
  const readsButton = h(
    'button',
    { type: 'button', class: 'secondary', onclick: () => showReadsOf(subject) },
    'Show who read their data',
  );
  return h(
    'div',
    {},
    panel(
      h('h2', { tabindex: '-1' }, title),
      summaryList([
        ['Kind', kind === 'sle' ? 'SLE' : 'Account'],
        ['Id', id],
        ['Name', name],
        ['Email', email],
        ['Accounts', kind === 'sle' ? String(held.views.accounts.length) : null],
        ['Events naming them', String(held.events.length)],
        ['Deployments', String(held.views.deployments.length)],
        ['Notifications', String(held.notifications.length)],
        ['Mails sent', String(held.mails.length)],
        ['Read on', dateEl(held.exportedOn)],
      ]),
      h(
        'p',
        { class: 'hint' },
        'The download is one JSON file of everything held about them and nothing about anyone else (other ',
        'people’s names in it read “[another person]”): send it to them in answer to a subject access request.',
      ),
      h('div', { class: 'form-actions' }, downloadButton, readsButton, h('a', { href: ownPage }, 'Open their page')),
    ),
    erased
      ? erasedPanel(held, erased)
      : name === ERASED && email === ERASED
        ? panel(h('h2', {}, 'Erased'), h('p', {}, 'Their name and email are already erased.'))
        : erasurePanel(ctx, held, { title, email, onErased }),
  );
}

/**
 * The erasure form: why, what it does, a confirmation, and (after a 409 for an active deployment) erasing anyway.
 * @param {PageContext} ctx
 * @param {DataSubjectExport} held
 * @param {{ title: string, email: string | null,
 *   onErased: (done: ErasureDone) => Promise<void> }} about
 */
function erasurePanel(ctx, held, { title, email, onErased }) {
  const { kind, id } = held.person;
  const forceBox = h('input', { type: 'checkbox', id: `force-${id}` });
  const forceNotice = h('div', { class: 'warning', hidden: true, tabindex: '-1' });
  const shown = [email, id].filter((v) => v && v !== ERASED);
  const form = apiForm({
    label: `Erase ${title}`,
    submitLabel: 'Erase for good',
    className: 'erasure',
    fields: [
      field({
        label: 'Why they are erased',
        path: 'reason',
        type: 'textarea',
        wide: true,
        hint: 'Kept with the erasure, for the record: say who asked and when. Do not name anyone.',
      }),
      field({
        label: `Type ${shown.join(' or ')} to confirm`,
        path: 'confirm',
        wide: true,
        attrs: { autocomplete: 'off', spellcheck: 'false' },
      }),
      forceNotice,
    ],
    submit: async (body) => {
      const { confirm, ...rest } = body;
      const typed = String(confirm ?? '').toLowerCase();
      if (!shown.some((v) => v?.toLowerCase() === typed))
        throw new ApiError(400, {
          message: ['confirm: type it as shown, to confirm it is this person'],
          fields: { confirm: ['type it as shown, to confirm it is this person'] },
        });
      /** @type {ErasureDone} */
      let done;
      try {
        done = await post(`/data-subjects/${id}/erasure`, { ...rest, ...(forceBox.checked ? { force: true } : {}) });
      } catch (error) {
        const active = error instanceof ApiError && error.status === 409 ? error.body.activeDeployments : undefined;
        if (!Array.isArray(active)) throw error;
        showForce(active.map(String));
        return;
      }
      ctx.changed();
      await onErased(done);
    },
  });
  form.querySelector('button[type="submit"]')?.classList.add('danger');

  /** @param {string[]} active */
  const showForce = (active) => {
    const deployments = new Map(held.views.deployments.map((d) => [d.deploymentId, d]));
    forceNotice.replaceChildren(
      h('h3', {}, `They are working on ${countOf(active.length, 'active deployment')}`),
      h(
        'ul',
        {},
        active.map((deploymentId) => {
          const d = deployments.get(deploymentId);
          return h(
            'li',
            {},
            h(
              'a',
              { href: `#/deployments/${deploymentId}` },
              d ? `${labelOf(d.status)} at ${d.schoolName}` : `Deployment ${deploymentId}`,
            ),
          );
        }),
      ),
      h(
        'p',
        {},
        'Erasing now leaves the work going on, with their name and its notes reading “[erased]”. Wait until it ',
        'ends if you can. To erase now, tick the box and send again: the reason is recorded with it.',
      ),
      h('label', { class: 'check', for: forceBox.id }, forceBox, 'Erase although a deployment is active'),
    );
    forceNotice.hidden = false;
    forceNotice.focus();
  };

  const container = panel(
    h('h2', {}, `Erase ${title}`),
    h('p', {}, 'Erasure deletes the keys that open their personal data, wherever it was copied. Afterwards:'),
    h(
      'ul',
      {},
      kind === 'sle'
        ? [
            h(
              'li',
              {},
              'their name and email, and their accounts, read “[erased]” on every page, report, CSV and export;',
            ),
            h(
              'li',
              {},
              'so do the contact notes and evaluation summaries of their deployments, and the names of everyone at ',
              'those deployments’ brokerage meetings;',
            ),
          ]
        : h('li', {}, 'the account’s name and email read “[erased]” on every page, report, CSV and export;'),
      h(
        'li',
        {},
        'where their name was typed into an attendee list without a link, that whole list is erased (a half-term ',
        'review’s notes with it);',
      ),
      h('li', {}, 'they can no longer sign in, and nothing more is mailed to them;'),
      h('li', {}, 'days, dates, outcomes, ratings and every figure of the reports stay as they are.'),
    ),
    h('p', { class: 'warning' }, h('strong', {}, 'It cannot be undone.'), ' Mails already sent cannot be recalled.'),
    form,
  );
  return container;
}

/**
 * What an erasure did, in words.
 * @param {DataSubjectExport} held
 * @param {ErasureDone} done
 */
function erasedPanel(held, done) {
  const { kind, id } = held.person;
  const deployments = new Map(held.views.deployments.map((d) => [d.deploymentId, d]));
  /**
   * `attendees:{deploymentId}` or `review:{year}-{halfTerm}`, in words.
   * @param {string} list
   */
  const typedInList = (list) => {
    const at = list.indexOf(':');
    const [listKind, key] = [list.slice(0, at), list.slice(at + 1)];
    if (listKind === 'attendees') {
      const d = deployments.get(key);
      return [
        'the attendees of the brokerage meeting of ',
        h('a', { href: `#/deployments/${key}` }, d ? `the deployment at ${d.schoolName}` : 'a deployment'),
      ];
    }
    if (listKind === 'review') {
      const halfTerm = key.slice(8);
      return `the attendees and notes of the ${HALF_TERM_LABELS[halfTerm] ?? halfTerm} ${key.slice(0, 7)} half-term review`;
    }
    return list;
  };
  return h(
    'section',
    { class: 'panel erased' },
    h('h2', { tabindex: '-1' }, 'Erased'),
    h(
      'p',
      { class: 'notice', role: 'status' },
      `${countOf(done.subjects, 'key')} deleted: what they opened now reads “[erased]”.`,
      done.forced ? ' Erased although a deployment was active, as you confirmed.' : '',
    ),
    done.typedInLists.length
      ? [
          h('p', {}, 'Their name was typed into these lists without a link, so each was erased whole:'),
          h(
            'ul',
            {},
            done.typedInLists.map((list) => h('li', {}, typedInList(list))),
          ),
        ]
      : h('p', {}, 'No attendee list had their name typed in without a link.'),
    h(
      'p',
      {},
      h('a', { href: kind === 'sle' ? `#/sles/${id}` : `#/users/${id}` }, 'Open their page'),
      ' to see what it shows now.',
    ),
  );
}

/**
 * The read audit: a filter form and the reads, newest first. Filters stay on the page, out of the address (a
 * subject may be typed as an email).
 */
function auditPanel() {
  const results = h('div', { 'aria-live': 'polite' });
  /** @param {Record<string, unknown>} filters */
  const show = async (filters) => {
    /** @type {AuditedRead[]} */
    const reads = await get(`/audit/reads${query(/** @type {Record<string, string>} */ (filters))}`);
    results.replaceChildren(auditTable(reads));
  };
  const subjectField = field({
    label: 'Whose data',
    path: 'subject',
    filter: true,
    hint: 'sle:{id}, user:{id}, school:{URN} or deployment:{id}',
    attrs: { autocomplete: 'off', spellcheck: 'false' },
  });
  const form = apiForm({
    label: 'Filter the read audit',
    submitLabel: 'Show reads',
    fields: [
      subjectField,
      field({ label: 'Read by (user id)', path: 'user', filter: true, attrs: { autocomplete: 'off' } }),
      field({ label: 'From', path: 'from', type: 'date', filter: true }),
      field({ label: 'To', path: 'to', type: 'date', filter: true }),
    ],
    submit: (body) => show(body),
  });
  return {
    element: panel(
      h('h2', {}, 'Read audit'),
      h('p', { class: 'hint' }, 'Who read a school’s or a person’s data, newest first (at most 1,000 reads).'),
      form,
      results,
    ),
    /** @param {string} subject */
    showReadsOf: async (subject) => {
      /** @type {HTMLInputElement} */ (subjectField.querySelector('input')).value = subject;
      form.requestSubmit();
      form.scrollIntoView();
    },
  };
}

/** @param {AuditedRead[]} reads */
function auditTable(reads) {
  /**
   * @param {string} userId
   * @param {string | null} name
   */
  const userLink = (userId, name) => h('a', { href: `#/users/${userId}` }, name ?? userId);
  /** @param {AuditedRead} read */
  const whose = ({ subject, subjectName }) => {
    const at = subject.indexOf(':');
    if (at < 0) return subject;
    const [kind, key] = [subject.slice(0, at), subject.slice(at + 1)];
    if (kind === 'sle') return h('a', { href: `#/sles/${key}` }, `SLE ${subjectName ?? key}`);
    if (kind === 'school') return h('a', { href: `#/schools/${key}` }, subjectName ?? `School ${key}`);
    if (kind === 'deployment') return h('a', { href: `#/deployments/${key}` }, `Deployment ${key.slice(0, 8)}`);
    if (kind === 'user') return ['Account of ', userLink(key, subjectName)];
    return subject;
  };
  /** @type {TableColumn<AuditedRead>[]} */
  const columns = [
    {
      label: 'When',
      value: (r) => h('time', { datetime: r.at }, `${fmtDate(r.at.slice(0, 10))}, ${r.at.slice(11, 19)} UTC`),
    },
    { label: 'Who', value: (r) => [userLink(r.userId, r.readerName), ` (${labelOf(r.role)})`] },
    { label: 'Route', value: (r) => h('code', {}, r.route) },
    { label: 'Whose data', value: (r) => whose(r) },
  ];
  return table({
    caption: `${countOf(reads.length, 'read')}, newest first`,
    columns,
    rows: reads,
    empty: 'No reads match.',
  });
}
