import { api, ApiError, get, post, newIdempotencyKey } from '../api.js';
import { download } from '../csv.js';
import { clear, h, table } from '../dom.js';
import { pageHead, panel } from './common.js';
/**
 * @import { ImportKind, ImportResult, LinkDelivery } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 */

/**
 * Bring records kept in spreadsheets in: download a template, fill it in, check the file (a dry run naming every
 * bad row and why), then import it. The import is all or nothing: one bad row and nothing is imported.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function importPage(view, ctx) {
  ctx.setTitle('Import from CSV');
  /** @type {{ kinds: ImportKind[] }} */
  const { kinds } = await get('/imports');
  const spec = kinds.find((k) => k.kind === ctx.query.kind) ?? kinds[0];

  const chooser = h(
    'fieldset',
    { class: 'no-print' },
    h('legend', {}, 'What to import'),
    h(
      'div',
      { class: 'checks' },
      kinds.map((k) =>
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'radio',
            name: 'import-kind',
            value: k.kind,
            checked: k.kind === spec.kind,
            onchange: () => ctx.go(`/import?kind=${k.kind}`),
          }),
          k.title,
        ),
      ),
    ),
  );

  const downloadTemplate = async () => {
    /** @type {Response} */
    const response = await api(`/imports/templates/${spec.kind}`, { accept: 'text/csv', raw: true });
    download(`${spec.kind}-template.csv`, await response.blob());
    ctx.announce('The template is downloading.');
  };

  const fileId = 'import-file';
  const fileError = h('p', { class: 'field-error', id: `${fileId}-error`, hidden: true });
  const fileInput = h('input', {
    type: 'file',
    id: fileId,
    accept: '.csv,text/csv',
    'aria-describedby': `${fileId}-hint`,
  });
  const results = h('div', { class: 'import-results', 'aria-live': 'polite' });
  const checkButton = h('button', { type: 'button', class: 'secondary' }, 'Check the file');
  const importButton = h('button', { type: 'button' }, `Import ${spec.title.toLowerCase()}`);
  let idempotencyKey = newIdempotencyKey();

  const readFile = async () => {
    fileError.hidden = true;
    fileInput.removeAttribute('aria-invalid');
    const file = fileInput.files?.[0];
    if (!file) {
      fileError.textContent = 'Choose a CSV file';
      fileError.hidden = false;
      fileInput.setAttribute('aria-invalid', 'true');
      fileInput.setAttribute('aria-describedby', `${fileId}-hint ${fileId}-error`);
      fileInput.focus();
      return undefined;
    }
    return file.text();
  };

  /** @param {boolean} dryRun */
  const run = async (dryRun) => {
    const csv = await readFile();
    if (csv === undefined) return;
    clear(results);
    for (const b of [checkButton, importButton]) b.disabled = true;
    try {
      /** @type {ImportResult} */
      const result = dryRun
        ? await post(`/imports/${spec.kind}/dry-run`, { csv })
        : await post(`/imports/${spec.kind}`, { csv }, { 'Idempotency-Key': idempotencyKey });
      if (!dryRun) idempotencyKey = newIdempotencyKey();
      showResult(result, dryRun);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status !== 0) idempotencyKey = newIdempotencyKey();
      // A refused import answers 400 with the result: every bad row and why.
      if (error.status === 400 && Array.isArray(error.body.problems))
        showResult(/** @type {ImportResult} */ (error.body), false);
      else
        results.append(
          h(
            'div',
            { class: 'error-summary', role: 'alert', tabindex: '-1' },
            h('h3', {}, 'The file was not imported'),
            h(
              'ul',
              {},
              error.messages.map((m) => h('li', {}, m)),
            ),
          ),
        );
    } finally {
      for (const b of [checkButton, importButton]) b.disabled = false;
      /** @type {HTMLElement | null} */
      const message = results.querySelector('[tabindex="-1"]');
      message?.focus();
    }
  };

  /**
   * @param {ImportResult} result
   * @param {boolean} dryRun
   */
  const showResult = (result, dryRun) => {
    if (result.problems.length) {
      const rows = new Set(result.problems.map((p) => p.row)).size;
      results.append(
        h(
          'div',
          { class: 'error-summary', role: 'alert', tabindex: '-1' },
          h(
            'h3',
            {},
            dryRun
              ? `The file has problems in ${rows} row${rows === 1 ? '' : 's'}`
              : `Nothing was imported: the file has problems in ${rows} row${rows === 1 ? '' : 's'}`,
          ),
          h(
            'p',
            {},
            'Fix these rows in the spreadsheet, save it as CSV again, then check it again. Row numbers are the spreadsheet row numbers.',
          ),
        ),
        table({
          caption: 'Problems, by row',
          columns: [
            { label: 'Row', value: (p) => `Row ${p.row}` },
            { label: 'Column', value: (p) => p.column ?? '—' },
            { label: 'Problem', value: (p) => p.message },
          ],
          rows: result.problems,
        }),
      );
      return;
    }
    const n = result.created.length;
    if (dryRun) {
      results.append(
        h(
          'div',
          { class: 'notice', role: 'status', tabindex: '-1' },
          `All ${n} row${n === 1 ? ' is' : 's are'} valid and ready to import. Nothing has been imported yet.`,
        ),
      );
      return;
    }
    ctx.changed();
    // A people import always answers its invitations.
    if (spec.kind === 'people') return showInvitations(result.invitations ?? []);
    /** @param {ImportResult['created'][number]} c */
    const link = (c) =>
      spec.kind === 'schools'
        ? h('a', { href: `#/schools/${c.id}` }, c.id)
        : spec.kind === 'deployments'
          ? h('a', { href: `#/deployments/${c.id}` }, 'Open the deployment')
          : h('code', {}, c.id);
    results.append(
      h(
        'div',
        { class: 'notice', role: 'status', tabindex: '-1' },
        `Imported ${n} ${n === 1 ? 'row' : 'rows'} of ${spec.title.toLowerCase()}.`,
      ),
      table({
        caption: 'What each row created',
        columns: [
          { label: 'Row', value: (c) => `Row ${c.row}` },
          { label: spec.kind === 'schools' ? 'URN' : spec.kind === 'sles' ? 'SLE id' : 'Deployment', value: link },
        ],
        rows: result.created,
      }),
    );
    fileInput.value = '';
  };

  /**
   * Who was invited: each one emailed, or (without email) their link, shown this once.
   * @param {NonNullable<ImportResult['invitations']>} invitations
   */
  const showInvitations = (invitations) => {
    /** @param {LinkDelivery} i A repeat of an import whose answer was lost has no links: they were in that answer only. */
    const invitationCell = (i) =>
      i.mailed
        ? 'Emailed'
        : i.link
          ? h('code', { class: 'one-time-link' }, i.link)
          : 'Not shown again: send the invitation again from their page';
    const unsent = invitations.filter((i) => !i.mailed);
    const n = invitations.length;
    results.append(
      h(
        'div',
        { class: 'notice', role: 'status', tabindex: '-1' },
        `Invited ${n} ${n === 1 ? 'person' : 'people'}.`,
        unsent.length
          ? ` ${unsent.length} could not be emailed: give each their link below. The links are shown only this once.`
          : ' Each has been emailed a link to set a password or sign in.',
      ),
      table({
        caption: 'Who was invited',
        columns: [
          { label: 'Row', value: (i) => `Row ${i.row}` },
          { label: 'Email', value: (i) => h('a', { href: `#/users/${i.id}` }, i.email) },
          {
            label: 'Invitation',
            value: invitationCell,
          },
        ],
        rows: invitations,
      }),
    );
    fileInput.value = '';
  };

  checkButton.addEventListener('click', () => run(true));
  importButton.addEventListener('click', () => run(false));

  view.append(
    pageHead('Import from CSV'),
    h(
      'p',
      { class: 'lede' },
      'Bring in schools, SLEs, past deployments and people to invite, kept in spreadsheets. Import schools first, then SLEs, then past deployments or people.',
    ),
    panel(chooser),
    panel(
      h('h2', {}, `1. Get the ${spec.title.toLowerCase()} template`),
      h(
        'p',
        {},
        'Open it in a spreadsheet, replace the example rows with your own and save it as CSV (comma separated). Lines starting with # are notes and may stay.',
      ),
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: downloadTemplate },
        `Download the ${spec.title.toLowerCase()} template`,
      ),
      h(
        'ul',
        {},
        spec.notes.map((n) => h('li', {}, n)),
      ),
      h(
        'details',
        {},
        h('summary', {}, 'The columns'),
        table({
          caption: `Columns of the ${spec.title.toLowerCase()} import`,
          columns: [
            { label: 'Column', value: (c) => h('code', {}, c.name) },
            { label: 'Required', value: (c) => (c.required ? 'Yes' : 'No') },
            { label: 'What to put', value: (c) => c.description },
            { label: 'Example', value: (c) => c.example || '—' },
          ],
          rows: spec.columns,
        }),
      ),
    ),
    panel(
      h('h2', {}, '2. Check and import the file'),
      h(
        'div',
        { class: 'field' },
        h('label', { for: fileId }, 'CSV file'),
        h(
          'p',
          { class: 'hint', id: `${fileId}-hint` },
          'Check it first: every bad row is listed with the reason, and nothing is imported until every row is right.',
        ),
        fileError,
        fileInput,
      ),
      h('div', { class: 'form-actions' }, checkButton, importButton),
      results,
    ),
  );
}
