// The Kartla browser UI: a Preact app on the JSON API with hash routing
// (#/process/3), so the server needs no fallback route. The layout holds the
// navigation, the search box and the language switch; each screen is a
// module under screens/.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, post, setCsrf } from './api.js';
import { t, getLang, setWorkspaceLang } from './i18n.js';
import { A, go, LangSwitch, mayLeave, useLoad } from './common.jsx';
import { Login } from './screens/login.jsx';
import { MyPage } from './screens/mypage.jsx';
import { Architecture } from './screens/architecture.jsx';
import { ProcessPage, VersionPage } from './screens/process.jsx';
import { Editor } from './screens/editor.jsx';
import { Approval } from './screens/approval.jsx';
import { Search } from './screens/search.jsx';
import { Organisation } from './screens/org.jsx';
import { Assignments, Assignment } from './screens/assignments.jsx';
import { ActivityPlan } from './screens/activity_plan.jsx';
import { Handbook } from './screens/handbook.jsx';
import { Admin } from './screens/admin.jsx';
import { RiskPortfolio } from './screens/risk_portfolio.jsx';
import { Reviews } from './screens/reviews.jsx';

function parseHash() {
  const h = location.hash.replace(/^#/, '') || '/';
  const [p, q] = h.split('?');
  return { parts: p.split('/').filter(Boolean), query: new URLSearchParams(q || '') };
}

/*
 * Every route, once: what it matches (the parts of the hash path and the user),
 * the screen it shows, and whether an anonymous visitor (the workspace allows
 * anonymous reading) may open it. The first match wins; a match an anonymous
 * visitor may not open asks them to sign in.
 */
const ROUTES = [
  { when: ([a], me) => !me.anonymous && (!a || a === 'login'), show: (r, me) => <MyPage me={me} /> },
  { when: ([a]) => !a || a === 'processes', anon: true, show: (r, me) => <Architecture me={me} /> },
  { when: ([a, , c]) => a === 'process' && c === 'edit', show: ([, b, , d], me) => <Editor pid={Number(b)} vid={d ? Number(d) : null} me={me} /> },
  { when: ([a, , c]) => a === 'process' && c === 'approve', show: ([, b, , d], me) => <Approval pid={Number(b)} vid={Number(d)} me={me} /> },
  { when: ([a, , c]) => a === 'process' && c === 'version', anon: true, show: ([, b, , d]) => <VersionPage pid={Number(b)} vid={Number(d)} /> },
  { when: ([a]) => a === 'process', anon: true, show: ([, b, c], me) => <ProcessPage id={Number(b)} tab={c || 'overview'} me={me} /> },
  { when: ([a]) => a === 'search', anon: true, show: (r, me, query) => <Search q={query.get('q') || ''} /> },
  { when: ([a]) => a === 'org', show: ([, b, c], me) => <Organisation tab={b || 'units'} sub={c ? Number(c) : null} me={me} /> },
  { when: ([a, b, c]) => a === 'assignments' && b && c === 'plan', show: ([, b]) => <ActivityPlan id={Number(b)} /> },
  { when: ([a, b]) => a === 'assignments' && b, show: ([, b], me) => <Assignment id={Number(b)} me={me} /> },
  { when: ([a]) => a === 'assignments', show: (r, me) => <Assignments me={me} /> },
  { when: ([a]) => a === 'handbook', anon: true, show: ([, b], me) => <Handbook id={b ? Number(b) : null} me={me} /> },
  { when: ([a]) => a === 'risks', show: () => <RiskPortfolio /> },
  { when: ([a]) => a === 'reviews', show: (r, me) => <Reviews me={me} /> },
  { when: ([a]) => a === 'admin', show: ([, b], me) => <Admin me={me} tab={b || 'users'} /> },
];

function Screen({ route, me }) {
  const r = ROUTES.find((x) => x.when(route.parts, me));
  if (r && (r.anon || !me.anonymous)) return r.show(route.parts, me, route.query);
  if (me.anonymous)
    return (
      <p>
        {t('Sign in to see this page.')} <A to="/login">{t('Sign in')}</A>
      </p>
    );
  return <p>{t('Page not found.')}</p>;
}

/*
 * The signed-in user's menu: a button with the name (cut short with an
 * ellipsis, the whole name in the panel), opening a panel with the language
 * and Sign out, so the header stays on one line. A disclosure: the button
 * says whether it is open (aria-expanded); Escape closes it and gives the
 * focus back to the button, as do a click or the focus going elsewhere.
 */
function UserMenu({ me, onLogout }) {
  const [open, setOpen] = useState(false);
  const box = useRef(null);
  const button = useRef(null);
  const name = me.display_name || me.login;
  useEffect(() => {
    if (!open) return undefined;
    const onClick = (e) => {
      if (box.current && !box.current.contains(e.target)) setOpen(false);
    };
    const onKey = (e) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('click', onClick);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('click', onClick);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div
      class="user-menu"
      ref={box}
      onFocusOut={(e) => {
        if (open && e.relatedTarget && box.current && !box.current.contains(e.relatedTarget)) setOpen(false);
      }}
    >
      <button
        type="button"
        class="user-button"
        ref={button}
        aria-expanded={open ? 'true' : 'false'}
        aria-controls="user-menu-panel"
        title={name}
        onClick={() => setOpen(!open)}
      >
        <span class="sr-only">{t('Account menu')}: </span>
        <span class="user-name">{name}</span>
        <span aria-hidden="true" class="caret">
          ▾
        </span>
      </button>
      <div id="user-menu-panel" class="user-panel" hidden={!open}>
        <p class="user-full">
          {t('Signed in as {name}', { name })}
          {me.display_name && me.display_name !== me.login ? ` (${me.login})` : ''}
        </p>
        <LangSwitch />
        <button type="button" class="sign-out" onClick={onLogout}>
          {t('Sign out')}
        </button>
      </div>
    </div>
  );
}

function Layout({ me, route, onLogout, children }) {
  const [q, setQ] = useState(route.parts[0] === 'search' ? route.query.get('q') || '' : '');
  const nav = me.anonymous
    ? [
        ['/processes', t('Processes')],
        ['/handbook', t('Handbook')],
      ]
    : [
        ['/', t('My page')],
        ['/processes', t('Processes')],
        ['/org', t('Organisation')],
        ['/assignments', t('Mapping assignments')],
        ['/risks', t('Risks')],
        ['/handbook', t('Handbook')],
      ];
  // The workspace-wide lists, for those whose role covers them (my page's "sees").
  const [mine] = useLoad(() => (me.anonymous ? Promise.resolve(null) : get('/api/me/overview')), [me.id]);
  if (mine?.sees?.workspace) nav.push(['/reviews', t('Reviews')]);
  if (me.is_admin) nav.push(['/admin', t('Administration')]);
  const cur = me.anonymous && !route.parts[0] ? '/processes' : `/${route.parts[0] || ''}`;
  return (
    <div class="layout">
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main').focus();
        }}
      >
        {t('Skip to content')}
      </a>
      <header class="top">
        <A to="/" class="brand">
          Kartla
        </A>
        <nav aria-label={t('Main menu')}>
          <ul>
            {nav.map(([to, label]) => (
              <li key={to}>
                <A to={to} aria-current={cur === to || (to === '/processes' && cur === '/process') ? 'page' : undefined}>
                  {label}
                </A>
              </li>
            ))}
          </ul>
        </nav>
        <form
          role="search"
          class="search"
          onSubmit={(e) => {
            e.preventDefault();
            go(`/search?q=${encodeURIComponent(q)}`);
          }}
        >
          <label for="global-search" class="sr-only">
            {t('Search')}
          </label>
          <input
            id="global-search"
            type="search"
            value={q}
            placeholder={t('Search…')}
            title={t('Search processes, activities, roles, people, pages')}
            onInput={(e) => setQ(e.currentTarget.value)}
          />
          <button type="submit">{t('Search')}</button>
        </form>
        {me.anonymous ? (
          <>
            <LangSwitch />
            <A to="/login" class="signin">
              {t('Sign in')}
            </A>
          </>
        ) : (
          <UserMenu me={me} onLogout={onLogout} />
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/*
 * The account this browser signed in with last ({id, login, display_name,
 * is_admin}; never the CSRF token) is kept in localStorage, so a signed-in
 * user's screen starts asking for its data at once, beside GET /api/me,
 * instead of after it. An anonymous first visit makes no request that fails
 * (a 401 shows as a console error).
 */
function remember(m) {
  try {
    if (m) localStorage.setItem('kartla.session', JSON.stringify({ id: m.id, login: m.login, display_name: m.display_name, is_admin: m.is_admin }));
    else localStorage.removeItem('kartla.session');
  } catch {
    /* storage disabled */
  }
}

function remembered() {
  try {
    const m = JSON.parse(localStorage.getItem('kartla.session') || 'null');
    return m && typeof m.id === 'number' ? m : null;
  } catch {
    return null;
  }
}

/* The visitor who has not signed in, when the workspace allows anonymous reading. */
const ANON = Object.freeze({ id: 0, login: '', display_name: '', is_admin: false, anonymous: true });

/*
 * Nobody is signed in: GET /api/health (public) says whether the workspace
 * allows anonymous reading; then the portal opens read-only, else the sign-in
 * screen. Either way no request fails.
 */
const anonymousOrNull = () =>
  get('/api/health').then(
    (h) => (h.anonymous_read ? ANON : null),
    () => null,
  );

function App() {
  const [route, setRoute] = useState(parseHash());
  const [me, setMe] = useState(() => remembered() || undefined);
  const [, setLangTick] = useState(0);
  useEffect(() => {
    const onHash = (e) => {
      if (!mayLeave(e)) return; // unsaved work, and the user chose to stay
      setRoute(parseHash());
      // A new screen: keyboard and screen-reader users start at its content,
      // not at the link they followed.
      requestAnimationFrame(() => {
        const main = document.getElementById('main');
        if (main && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
      });
    };
    const onLang = () => setLangTick((x) => x + 1);
    addEventListener('hashchange', onHash);
    addEventListener('kartla-lang', onLang);
    // The workspace's default language, for a browser that has not chosen one.
    // (window.__kartla.workspaceLang: read, for the browser tests to wait on)
    get('/api/health').then(
      (h) => {
        setWorkspaceLang(h.language);
        window.__kartla.workspaceLang = h.language ?? null;
      },
      () => {},
    );
    // Back from the identity provider (#/?oidc=signed-in): a new session to read.
    const fromProvider = /[?&]oidc=signed-in/.test(location.hash);
    (remembered() || fromProvider ? get('/api/me') : Promise.reject(new Error('anonymous'))).then(
      (m) => {
        setCsrf(m.csrf_token);
        remember(m);
        if (fromProvider) go('/');
        setMe((old) => (old && old.id === m.id && old.is_admin === m.is_admin && old.display_name === m.display_name ? old : m));
      },
      () => {
        remember(null);
        anonymousOrNull().then(setMe);
      },
    );
    return () => {
      removeEventListener('hashchange', onHash);
      removeEventListener('kartla-lang', onLang);
    };
  }, []);
  useEffect(() => {
    document.documentElement.lang = getLang();
  });
  if (me === undefined) return null;
  if (!me || (me.anonymous && route.parts[0] === 'login'))
    return (
      <Login
        anonymous={!!me}
        onLogin={(m) => {
          remember(m);
          setCsrf(m.csrf_token);
          setMe(m);
          if (route.parts[0] === 'login') go('/');
        }}
      />
    );
  const logout = async () => {
    let out = null;
    try {
      // With the provider's single logout the server answers where to go next.
      out = await post('/api/logout', {});
    } finally {
      if (out && out.logout_url) {
        remember(null);
        location.assign(out.logout_url);
      } else {
        remember(null);
        setCsrf(null);
        // Nothing renders until it is known whether to read anonymously, so no
        // screen asks for data with the ended session.
        setMe(undefined);
        const next = await anonymousOrNull();
        go('/');
        setMe(next);
      }
    }
  };
  return (
    <Layout me={me} route={route} onLogout={logout}>
      <Screen key={(route.parts[2] === 'edit' ? '' : getLang()) + location.hash} route={route} me={me} />
    </Layout>
  );
}

window.__kartla = window.__kartla || {};
render(<App />, document.getElementById('app'));
