// The single-page app: hash routes, the signed-in user's role decides the home page, the menu and the pages.
import { ApiError, del, get, session } from './api.js';
import { append, clear, find, h, labelOf } from './dom.js';
import { loginPage } from './pages/login.js';
import { deskPage } from './pages/desk.js';
import { deploymentsPage } from './pages/deployments.js';
import { deploymentPage } from './pages/deployment.js';
import { requestPage } from './pages/request.js';
import { slesPage } from './pages/sles.js';
import { impactPage } from './pages/impact.js';
import { needsPage } from './pages/needs.js';
import { schoolsPage } from './pages/schools.js';
import { schoolPage } from './pages/school.js';
import { reviewPage } from './pages/review.js';
import { importPage } from './pages/import.js';
import { usersPage } from './pages/users.js';
import { userPage } from './pages/user.js';
import { accountPage } from './pages/account.js';
import { invitationPage } from './pages/invitation.js';
import { forgotPasswordPage, resetPasswordPage } from './pages/password-reset.js';
import { slePage } from './pages/sle.js';
import { notificationsPage } from './pages/notifications.js';
import { calendarFeedPage } from './pages/calendar-feed.js';
import { termDatesPage } from './pages/term-dates.js';
import { programmesPage } from './pages/programmes.js';
import { dataProtectionPage } from './pages/data-protection.js';
/**
 * @import { Role } from '../../../../events/vocabulary.js'
 * @import { Programme, SignedIn, User, Vocabulary } from './api-types.js'
 */

/** @type {Role[]} */
const STAFF = ['admin', 'facilitator', 'core-team'];
/** @type {Role[]} */
const BROKERS = ['admin', 'facilitator'];
/** @type {Role[]} */
const EVERYONE = ['admin', 'facilitator', 'core-team', 'school', 'sle'];

/**
 * What a page is given: the signed-in user, what they may do, the address's parts, and the app's services.
 * @typedef {ReturnType<typeof context>} PageContext
 */
/**
 * What a public page is given: no user, as it may be opened signed out.
 * @typedef {Omit<PageContext, 'user'>} PublicPageContext
 */
/** @typedef {(view: HTMLElement, ctx: PageContext) => Promise<void>} Page */
/**
 * A page at an address, open to the roles named, or to anyone signed out (`public`; with `anyone`, signed in too:
 * a mailed link's page).
 * @typedef {{ path: RegExp, page: Page, nav?: string }
 *   & ({ roles: Role[], public?: never, anyone?: never } | { public: true, anyone?: true })} Route
 */

const UUID = '([0-9a-fA-F-]{36})';

/** @type {Route[]} */
const ROUTES = [
  { path: /^\/login$/, page: loginPage, public: true },
  // Opened from a mailed link, signed in or not.
  { path: /^\/invitation$/, page: invitationPage, public: true, anyone: true },
  { path: /^\/forgot-password$/, page: forgotPasswordPage, public: true },
  { path: /^\/reset-password$/, page: resetPasswordPage, public: true, anyone: true },
  { path: /^\/account$/, page: accountPage, roles: EVERYONE },
  { path: /^\/notifications$/, page: notificationsPage, roles: EVERYONE, nav: '/notifications' },
  { path: /^\/calendar-feed$/, page: calendarFeedPage, roles: EVERYONE },
  { path: /^\/users$/, page: usersPage, roles: BROKERS, nav: '/users' },
  { path: new RegExp(`^/users/${UUID}$`), page: userPage, roles: BROKERS, nav: '/users' },
  { path: /^\/desk$/, page: deskPage, roles: STAFF, nav: '/desk' },
  { path: /^\/deployments$/, page: deploymentsPage, roles: EVERYONE, nav: '/deployments' },
  { path: /^\/deployments\/([0-9a-fA-F-]{36})$/, page: deploymentPage, roles: EVERYONE, nav: '/deployments' },
  { path: /^\/requests\/new$/, page: requestPage, roles: [...BROKERS, 'school'], nav: '/requests/new' },
  { path: /^\/sles$/, page: slesPage, roles: STAFF, nav: '/sles' },
  { path: new RegExp(`^/sles/${UUID}$`), page: slePage, roles: [...STAFF, 'sle'], nav: '/sles' },
  { path: /^\/schools$/, page: schoolsPage, roles: STAFF, nav: '/schools' },
  { path: /^\/schools\/([^/]+)$/, page: schoolPage, roles: [...STAFF, 'school'], nav: '/schools' },
  { path: /^\/review$/, page: reviewPage, roles: STAFF, nav: '/review' },
  { path: /^\/import$/, page: importPage, roles: BROKERS, nav: '/import' },
  { path: /^\/term-dates$/, page: termDatesPage, roles: STAFF, nav: '/term-dates' },
  { path: /^\/programmes$/, page: programmesPage, roles: STAFF, nav: '/programmes' },
  { path: /^\/impact$/, page: impactPage, roles: STAFF, nav: '/impact' },
  { path: /^\/needs$/, page: needsPage, roles: STAFF, nav: '/needs' },
  { path: /^\/data-protection$/, page: dataProtectionPage, roles: ['admin'], nav: '/data-protection' },
];

/**
 * What each role may do, as the API's role rules say; the pages offer nothing else.
 * @param {User | undefined} user
 */
export function abilities(user) {
  const role = user?.role;
  /** @param {Role[]} roles */
  const oneOf = (roles) => role !== undefined && roles.includes(role);
  return {
    broker: oneOf(BROKERS),
    readAll: oneOf(STAFF),
    review: oneOf(STAFF),
    recordReview: oneOf(STAFF),
    requestSupport: oneOf(BROKERS) || role === 'school',
    logContact: oneOf(BROKERS) || role === 'sle',
    /** Only a school takes back its own request; facilitators cancel instead. */
    withdrawRequest: role === 'school',
    import: oneOf(BROKERS),
    readSchools: oneOf(STAFF) || role === 'school',
    /** Invite school and SLE users, and see who has access (an admin: anyone, and change roles). */
    invite: oneOf(BROKERS),
    manageUsers: role === 'admin',
  };
}

/** @param {User | undefined} user */
export function homeOf(user) {
  if (!user) return '/login';
  if (user.role === 'school') return `/schools/${user.schoolUrn}`;
  if (user.role === 'sle') return '/deployments';
  if (user.role === 'core-team') return '/review';
  return '/desk';
}

/** @type {[path: string, label: string][]} */
const BROKER_NAV = [
  ['/desk', 'Brokerage queue'],
  ['/deployments', 'Deployments'],
  ['/sles', 'SLEs'],
  ['/schools', 'Schools'],
  ['/review', 'Half-term review'],
  ['/impact', 'Impact'],
  ['/needs', 'Needs'],
  ['/users', 'People'],
  ['/term-dates', 'Term dates'],
  ['/programmes', 'Programmes'],
  ['/import', 'Import'],
];

/**
 * @param {User} user
 * @returns {[path: string, label: string][]}
 */
function navItems(user) {
  switch (user.role) {
    case 'admin':
      return [...BROKER_NAV, ['/data-protection', 'Data protection']];
    case 'facilitator':
      return BROKER_NAV;
    case 'core-team':
      return [
        ['/review', 'Half-term review'],
        ['/impact', 'Impact'],
        ['/needs', 'Needs'],
        ['/desk', 'Brokerage queue'],
        ['/deployments', 'Deployments'],
        ['/sles', 'SLEs'],
        ['/schools', 'Schools'],
        ['/term-dates', 'Term dates'],
      ];
    case 'school':
      return [
        [`/schools/${user.schoolUrn}`, 'Our school'],
        ['/deployments', 'Our deployments'],
        ['/requests/new', 'Request support'],
      ];
    case 'sle':
      return [['/deployments', 'My deployments']];
    default:
      return [];
  }
}

function parseHash() {
  const raw = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
  const [path, search = ''] = raw.split('?');
  return { path: path || '/', query: Object.fromEntries(new URLSearchParams(search)) };
}

/** @param {string} path */
export function go(path) {
  if (location.hash === `#${path}`) render();
  else location.hash = path;
}

/** @type {string | null} */
let flashMessage = null;
let renderCount = 0;
let shownBefore = false;
/** @type {Map<string, Promise<unknown>>} */
const cache = new Map();

/** @param {string} message */
function announce(message) {
  const region = find(document, '#announcer');
  region.textContent = '';
  setTimeout(() => (region.textContent = message), 50);
}

/**
 * Lists most pages need, fetched once per page view or after a change.
 * @template T
 * @param {string} key
 * @param {() => Promise<T>} load
 * @returns {Promise<T>}
 */
async function cached(key, load) {
  if (!cache.has(key))
    cache.set(
      key,
      load().catch((error) => {
        cache.delete(key);
        throw error;
      }),
    );
  // A key always holds what its own loader gave.
  return /** @type {Promise<T>} */ (cache.get(key));
}

/**
 * @param {User | undefined} user
 * @param {RegExpExecArray} match
 * @param {Record<string, string>} query
 */
function context(user, match, query) {
  const can = abilities(user);
  return {
    // Undefined only on a public page (sign-in, invitation, password reset), which takes a PublicPageContext.
    user: /** @type {User} */ (user),
    can,
    params: match.slice(1),
    query,
    go,
    reload: () => render(),
    /** @param {string} message */
    flash: (message) => {
      flashMessage = message;
    },
    announce,
    signedIn,
    /** Forget cached lists after a change. */
    changed: () => cache.clear(),
    /** @returns {Promise<Vocabulary>} */
    vocab: () => cached('vocab', () => get('/vocabulary')),
    /** @returns {Promise<Programme[]>} The SLE programme first. */
    programmes: () => cached('programmes', () => get('/programmes')),
    /** @param {string} title */
    setTitle: (title) => {
      document.title = `${title} – SLE brokerage`;
    },
  };
}

/**
 * @param {User | undefined} user
 * @param {string | undefined} navKey
 */
function renderChrome(user, navKey) {
  const nav = clear(find(document, '#nav'));
  const account = clear(find(document, '#account'));
  if (!user) return;
  nav.append(
    h(
      'ul',
      {},
      navItems(user).map(([path, label]) => {
        const current =
          navKey === path ||
          (navKey === '/schools' && path.startsWith('/schools/') && location.hash.startsWith(`#${path}`));
        return h('li', {}, h('a', { href: `#${path}`, 'aria-current': current ? 'page' : undefined }, label));
      }),
    ),
  );
  account.append(
    h(
      'a',
      {
        class: 'bell',
        id: 'bell',
        href: '#/notifications',
        'aria-current': navKey === '/notifications' ? 'page' : undefined,
      },
      h('img', { class: 'bell-icon', src: '/bell.svg', alt: '', width: 20, height: 20 }),
      h('span', { class: 'visually-hidden' }, 'Notifications'),
      h('span', { class: 'bell-count', 'aria-hidden': 'true', hidden: true }),
    ),
    h('a', { class: 'who', href: '#/account' }, `${user.name ?? user.email} (${labelOf(user.role)})`),
    h('button', { type: 'button', onclick: signOut }, 'Sign out'),
  );
}

/** How often the bell asks for the unread count: new reminders show without reloading the page. */
const BELL_POLL_MS = 15_000;
let bellAsked = 0;

/** Shows the signed-in person's unread notifications on the bell (nothing when there are none). */
async function refreshBell() {
  const bell = document.getElementById('bell');
  if (!bell || !session.user) return;
  const asked = ++bellAsked;
  /** @type {{ count: number }} */
  let unread;
  try {
    unread = await get('/notifications/unread');
  } catch (error) {
    if (error instanceof ApiError) return; // signed out meanwhile, or the server is away: the next poll tries again
    throw error;
  }
  if (asked !== bellAsked) return;
  // Says the count is known (tests wait for it), beside showing it.
  bell.dataset.count = String(unread.count);
  const count = find(bell, '.bell-count');
  count.hidden = unread.count === 0;
  count.textContent = String(unread.count);
  const label = unread.count === 1 ? 'Notifications, 1 unread' : `Notifications, ${unread.count} unread`;
  find(bell, '.visually-hidden').textContent = unread.count ? label : 'Notifications';
  bell.title = unread.count ? label : 'Notifications';
}

setInterval(() => {
  if (document.visibilityState === 'visible') refreshBell();
}, BELL_POLL_MS);
window.addEventListener('notifications-changed', () => refreshBell());
// Back to a tab left in the background: its count may be old.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') refreshBell();
});

async function signOut() {
  try {
    session.update(await del('/auth/session'));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
  session.user = null;
  cache.clear();
  flashMessage = 'You have signed out.';
  go('/login');
}

/**
 * @param {HTMLElement} view
 * @param {string} title
 * @param {string} message
 * @param {User} [user]
 */
function problemPage(view, title, message, user) {
  append(view, [
    h('h1', { tabindex: '-1' }, title),
    h('p', {}, message),
    user ? h('p', {}, h('a', { href: `#${homeOf(user)}` }, 'Go to your home page')) : null,
  ]);
}

/**
 * The first route whose pattern matches the path, with what the pattern captured.
 * @param {string} path
 */
function routeAt(path) {
  for (const r of ROUTES) {
    const m = r.path.exec(path);
    if (m) return { r, m };
  }
  return undefined;
}

/** @type {Promise<unknown> | undefined} */
let sessionLoaded;

async function render() {
  const count = ++renderCount;
  const { path, query } = parseHash();
  // Once per page load: the cookie may hold a session from another tab.
  sessionLoaded ??= session.load().catch((error) => {
    sessionLoaded = undefined;
    throw error;
  });
  try {
    await sessionLoaded;
  } catch (error) {
    if (count !== renderCount) return;
    const view = h('div', { class: 'view' });
    problemPage(
      view,
      'The service could not be reached',
      error instanceof Error ? error.message : 'Try again in a moment.',
    );
    const main = find(document, '#main');
    clear(main).append(view);
    main.dataset.ready = String(count);
    return;
  }
  const user = session.user ?? undefined;
  const route = routeAt(path);
  if (!user && !route?.r.public) return go('/login');
  if (user && (path === '/' || (route?.r.public && !route.r.anyone))) return go(homeOf(user));

  const main = find(document, '#main');
  renderChrome(user, route?.r.nav);
  refreshBell();
  cache.clear();
  const view = h('div', { class: 'view' });
  const flash = flashMessage;
  flashMessage = null;
  if (flash) view.append(h('div', { class: 'notice', role: 'status', tabindex: '-1' }, flash));

  if (!route) {
    problemPage(view, 'Page not found', 'There is no page at this address.', user);
  } else if (!route.r.public && !(user && route.r.roles.includes(user.role))) {
    problemPage(
      view,
      'You cannot open this page',
      `The ${labelOf(user?.role).toLowerCase()} role does not give access to this page.`,
      user,
    );
  } else {
    try {
      await route.r.page(view, context(user, route.m, query));
    } catch (error) {
      if (count !== renderCount) return;
      clear(view);
      if (error instanceof ApiError && error.status === 403)
        problemPage(view, 'You cannot open this page', error.message, user);
      else if (error instanceof ApiError && error.status === 404) problemPage(view, 'Not found', error.message, user);
      // The session ended: the 'session-ended' handler has gone to the sign-in page, saying so.
      else if (error instanceof ApiError && error.status === 401) return session.user ? go('/login') : undefined;
      else {
        problemPage(
          view,
          'Sorry, something went wrong',
          error instanceof ApiError ? error.message : 'The page could not be shown. Try again.',
          user,
        );
        if (!(error instanceof ApiError)) console.error(error);
      }
    }
  }
  if (count !== renderCount) return; // a newer navigation won
  clear(main).append(view);
  // After a navigation, focus goes to the new page's heading (or its notice) so that it is read out; on the
  // first load it stays at the top of the document, where the skip link is.
  /** @type {HTMLElement | null} */
  const focusTarget = view.querySelector('.notice') ?? (shownBefore ? view.querySelector('h1') : null);
  shownBefore = true;
  if (focusTarget) {
    focusTarget.setAttribute('tabindex', '-1');
    focusTarget.focus({ preventScroll: false });
  }
  if (flash) announce(flash);
  window.scrollTo(0, 0);
  document.body.dataset.page = route ? (route.r.nav ?? path) : 'not-found';
  main.dataset.ready = String(count);
}

window.addEventListener('hashchange', render);
window.addEventListener('session-ended', () => {
  flashMessage = 'Your session has ended. Please sign in again.';
  go('/login');
});
find(document, '#skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  find(document, '#main').focus();
});
render();

/**
 * Signed in (the server has set the session cookie): takes the session's CSRF token and goes to the role's home page.
 * @param {SignedIn} answer
 */
export function signedIn(answer) {
  session.update({ user: answer.user, csrfToken: answer.csrfToken });
  cache.clear();
  go(homeOf(answer.user));
}
