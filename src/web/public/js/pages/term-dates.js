import { get, put, query } from '../api.js';
import { dateEl, h, table } from '../dom.js';
import { apiForm, field, filterValues } from '../forms.js';
import { academicYearsAround, HALF_TERM_LABELS, pageHead, panel } from './common.js';
/**
 * @import { TermDates } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 */

/** @type {Record<TermDates['source'], (t: TermDates) => string>} */
const SOURCE_WORDS = {
  default: (t) =>
    `A typical English year: the alliance has not defined the dates of ${t.academicYear}. Define them below, or import them from a CSV.`,
  alliance: (t) => `The alliance's term dates for ${t.academicYear}.`,
  'local-authority': (t) => `${t.localAuthority}'s own term dates for ${t.academicYear}, which its schools keep.`,
};

/**
 * A year's term dates: each half term's first and last teaching day and the holidays between, the alliance's or
 * one local authority's; facilitators and admins define and edit them. School days, and so reminders and
 * "days since contact", are counted by these.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function termDatesPage(view, ctx) {
  ctx.setTitle('Term dates');
  const vocab = await ctx.vocab();
  const academicYear = ctx.query.academicYear ?? vocab.academicYear;
  const localAuthority = ctx.query.localAuthority ?? '';
  /** @type {TermDates} */
  const dates = await get(`/term-dates${query({ academicYear, localAuthority })}`);
  const authorities = dates.localAuthorities;

  const years = academicYearsAround(vocab.academicYear, 2, 2);
  if (!years.includes(academicYear)) years.push(academicYear);
  const picker = h(
    'form',
    { class: 'panel no-print', 'aria-label': 'Choose a year' },
    h(
      'div',
      { class: 'fields' },
      field({ label: 'Academic year', path: 'academicYear', type: 'select', value: academicYear, options: years }),
      field({
        label: 'Local authority',
        path: 'localAuthority',
        type: 'select',
        value: localAuthority,
        options: [
          { value: '', label: "The alliance's dates" },
          ...authorities.map((a) => ({
            value: a,
            label: dates.localAuthoritiesWithOwnDates.includes(a) ? `${a} (own dates)` : a,
          })),
        ],
      }),
    ),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Show the dates')),
  );
  picker.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.go(`/term-dates${query(filterValues(picker))}`);
  });

  const holidayAfter = new Map(dates.holidays.map((d) => [d.after, d]));
  view.append(
    pageHead(
      `Term dates ${academicYear}${localAuthority ? `: ${localAuthority}` : ''}`,
      ctx.can.import
        ? h('a', { class: 'button secondary', href: '#/import?kind=term-dates' }, 'Import from a CSV')
        : null,
    ),
    h(
      'p',
      { class: 'lede' },
      SOURCE_WORDS[dates.source](dates),
      ' Reminders and days since contact count only the teaching days of these half terms.',
    ),
    picker,
    table({
      caption: `Half terms and holidays, ${academicYear}`,
      columns: [
        { label: 'Half term', value: (t) => HALF_TERM_LABELS[t.halfTerm] },
        { label: 'First day', value: (t) => dateEl(t.from) },
        { label: 'Last day', value: (t) => dateEl(t.to) },
        {
          label: 'Holiday after',
          value: (t) => {
            const holiday = holidayAfter.get(t.halfTerm);
            return holiday ? [dateEl(holiday.from), ' to ', dateEl(holiday.to)] : 'The summer holiday';
          },
        },
      ],
      rows: dates.halfTerms,
    }),
  );
  if (ctx.can.broker) view.append(panel(h('h2', {}, 'Change these dates'), editForm(ctx, dates, localAuthority)));
}

/**
 * Six half terms, each with its first and last teaching day; saved as the year's (or the authority's) dates.
 * @param {PageContext} ctx
 * @param {TermDates} dates
 * @param {string} localAuthority
 */
function editForm(ctx, dates, localAuthority) {
  return apiForm({
    label: 'Change the term dates',
    submitLabel: 'Save the term dates',
    fields: [
      field({ type: 'hidden', path: 'academicYear', value: dates.academicYear }),
      localAuthority ? field({ type: 'hidden', path: 'localAuthority', value: localAuthority }) : null,
      dates.halfTerms.map((t, i) =>
        h(
          'fieldset',
          { class: 'term-dates-row', dataset: { field: `halfTerms.${i}` } },
          h('legend', {}, HALF_TERM_LABELS[t.halfTerm]),
          field({ type: 'hidden', path: `halfTerms.${i}.halfTerm`, value: t.halfTerm }),
          field({ label: 'First day', path: `halfTerms.${i}.from`, type: 'date', value: t.from }),
          field({ label: 'Last day', path: `halfTerms.${i}.to`, type: 'date', value: t.to }),
        ),
      ),
    ],
    submit: async (body, { idempotencyKey }) => {
      await put('/term-dates', body, { 'Idempotency-Key': idempotencyKey });
      ctx.flash(`The term dates of ${dates.academicYear}${localAuthority ? ` for ${localAuthority}` : ''} are saved.`);
      ctx.reload();
    },
  });
}
