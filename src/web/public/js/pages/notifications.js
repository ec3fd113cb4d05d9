import { get, post } from '../api.js';
import { badge, dateEl, h } from '../dom.js';
import { pageHead } from './common.js';
/**
 * @import { AppNotification } from '../api-types.js'
 * @import { PageContext } from '../app.js'
 */

/** @type {Record<AppNotification['kind'], string>} */
const KIND_LABELS = {
  'contact-overdue': 'Contact overdue',
  'evaluation-due': 'Evaluation due',
  'brokerage-waiting': 'Brokerage waiting',
};

/**
 * The signed-in person's notifications (the reminders the jobs raised for them), unread first to read: each
 * links to its deployment and can be marked read. `?show=all` lists the read ones too.
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function notificationsPage(view, ctx) {
  /** @type {AppNotification[]} */
  const all = await get('/notifications');
  ctx.setTitle('Notifications');
  const showAll = ctx.query.show === 'all';
  const unread = all.filter((n) => !n.readAt);
  const shown = showAll ? all : unread;

  /** @param {AppNotification} n */
  const markRead = async (n) => {
    await post(`/notifications/${n.id}/read`, {});
    ctx.flash(`Marked as read: ${n.subject}`);
    window.dispatchEvent(new CustomEvent('notifications-changed'));
    ctx.reload();
  };

  view.append(
    pageHead('Notifications'),
    h(
      'p',
      { class: 'lede' },
      unread.length === 1 ? '1 unread notification.' : `${unread.length} unread notifications.`,
      ' ',
      showAll
        ? h('a', { href: '#/notifications' }, 'Show only unread')
        : h('a', { href: '#/notifications?show=all' }, `Show all ${all.length}, read ones too`),
    ),
    shown.length
      ? h(
          'ul',
          { class: 'cards notifications' },
          shown.map((n) =>
            h(
              'li',
              { class: `card${n.readAt ? ' read' : ''}` },
              h(
                'h2',
                { class: 'card-title' },
                h('a', { href: `#/deployments/${n.deploymentId}` }, n.subject),
                ' ',
                n.readAt ? badge('neutral', 'Read') : badge('unread', 'Unread'),
              ),
              h(
                'p',
                { class: 'muted' },
                KIND_LABELS[n.kind] ?? n.kind,
                ' · ',
                n.schoolName,
                ' · raised on ',
                dateEl(n.raisedOn),
              ),
              h('p', { class: 'notification-body' }, n.body),
              n.readAt
                ? null
                : h(
                    'button',
                    { type: 'button', class: 'secondary', onclick: () => markRead(n) },
                    'Mark as read',
                    h('span', { class: 'visually-hidden' }, `: ${n.subject}`),
                  ),
            ),
          ),
        )
      : h('p', {}, showAll ? 'You have no notifications.' : 'You have no unread notifications.'),
  );
}
