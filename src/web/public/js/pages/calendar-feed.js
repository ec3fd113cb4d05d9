import { get, post } from '../api.js';
import { h } from '../dom.js';
import { pageHead, panel } from './common.js';
/**
 * @import { CalendarFeed, CalendarFeedIssued } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 */

/** @param {string} at An ISO instant. */
const fmtInstant = (at) =>
  new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

/**
 * The signed-in person's private calendar feed: make an address to subscribe to in Outlook or Google Calendar,
 * copy it, or make a new one (the old one then stops working). The address is shown only when made.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function calendarFeedPage(view, ctx) {
  ctx.setTitle('Calendar feed');
  /** @type {CalendarFeed} */
  const feed = await get('/calendar-feed');
  const shown = h('div', { class: 'feed-address', 'aria-live': 'polite' });
  const status = h(
    'p',
    {},
    feed.issuedAt
      ? `You made a feed address on ${fmtInstant(feed.issuedAt)}. It is shown only when made: to see one again, make a new address; the old one then stops working.`
      : 'You have no feed address yet.',
  );

  const make = h(
    'button',
    {
      type: 'button',
      onclick: async () => {
        make.disabled = true;
        try {
          /** @type {CalendarFeedIssued} */
          const issued = await post('/calendar-feed', {});
          showAddress(shown, issued.url, ctx);
          status.textContent = `Made on ${fmtInstant(issued.issuedAt)}. Any address made before no longer works.`;
          make.textContent = 'Make a new address (stops this one)';
        } finally {
          make.disabled = false;
        }
      },
    },
    feed.issuedAt ? 'Make a new address (stops the old one)' : 'Make my feed address',
  );

  view.append(
    pageHead('Calendar feed'),
    h(
      'p',
      { class: 'lede' },
      ctx.can.readAll
        ? 'Visits and contacts, brokerage meetings, agreed end dates, evaluations due and half-term reviews, in your own calendar.'
        : 'Visits and contacts, brokerage meetings, agreed end dates and evaluations due for your deployments, in your own calendar.',
    ),
    panel(h('h2', {}, 'Your private address'), status, make, shown),
    panel(
      h('h2', {}, 'Subscribing'),
      h(
        'ul',
        {},
        h('li', {}, 'Outlook: Add calendar, then Subscribe from web, and paste the address.'),
        h('li', {}, 'Google Calendar: Other calendars, then From URL, and paste the address.'),
        h('li', {}, 'Anyone with the address can read the feed: keep it to yourself, and make a new one if it leaks.'),
      ),
    ),
  );
}

/**
 * @param {HTMLElement} into
 * @param {string} url
 * @param {PageContext} ctx
 */
function showAddress(into, url, ctx) {
  const input = h('input', { type: 'text', id: 'feed-url', readonly: true, value: url, class: 'wide-input' });
  into.replaceChildren(
    h('label', { for: 'feed-url' }, 'Feed address (shown this once)'),
    input,
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: async () => {
          input.select();
          try {
            await navigator.clipboard.writeText(url);
            ctx.announce('The address is copied.');
          } catch {
            ctx.announce('Select the address and copy it.');
          }
        },
      },
      'Copy the address',
    ),
  );
  input.focus();
  input.select();
}
