// The app shell: finds out who is signed in, picks the view for the hash, and draws
// the header (navigation, the notification bell) and footer around it. Views behind
// sign-in get the session from SessionProvider; a 401 anywhere lands on sign-in.

import { useCallback, useEffect, useState } from 'preact/hooks';
import { Avatar, Loading, Page } from './components';
import { errorMessage, setUnauthorizedHandler } from './http';
import { BellIcon, Logo } from './icons';
import { currentLocation, href, navigate, useLocation, type Location } from './router';
import { SessionProvider, useSession } from './session';
import * as social from './social';
import { SignIn, SignUp, Waitlist, WaitlistStatusPage } from './views/auth';
import { Generator, forgetGenerations } from './views/generator';
import { NotificationsPage } from './views/notifications';
import { ProfilePage } from './views/profile';
import { SettingsPage } from './views/settings';
import { VideoPage } from './views/video';

type Boot =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'signed-out' }
  | { state: 'signed-in'; me: social.Me; unread: number };

const kPublicViews = ['signin', 'signup', 'waitlist'];

export function App() {
  const location = useLocation();
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });

  const start = useCallback(() => {
    setBoot({ state: 'loading' });
    social.getMe().then(
      (state) =>
        setBoot(
          state
            ? { state: 'signed-in', me: state.user, unread: state.unread_notifications }
            : { state: 'signed-out' },
        ),
      (err: unknown) => setBoot({ state: 'failed', message: errorMessage(err) }),
    );
  }, []);

  useEffect(() => {
    start();
    setUnauthorizedHandler(() => {
      setBoot({ state: 'signed-out' });
      const here = currentLocation();
      if (!kPublicViews.includes(here.segments[0] ?? ''))
        navigate(signInHash(here), { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  const onSignedIn = useCallback((answer: social.SignedIn) => {
    setBoot({ state: 'signed-in', me: answer.user, unread: 0 });
    // Sign-in does not say how much is unread; /api/me does.
    social.getMe().then(
      (state) =>
        state &&
        setBoot({ state: 'signed-in', me: state.user, unread: state.unread_notifications }),
      () => undefined,
    );
    navigate(safeNext(currentLocation().query.get('next')), { replace: true });
  }, []);

  const onMeChange = useCallback(
    (me: social.Me) => setBoot((b) => (b.state === 'signed-in' ? { ...b, me } : b)),
    [],
  );

  const me = boot.state === 'signed-in' ? boot.me : null;
  const onSignOut = useCallback(async () => {
    try {
      await social.signOut();
    } catch {
      // Signed out here either way: the cookie may already be gone.
    }
    if (me) forgetGenerations(me.id);
    setBoot({ state: 'signed-out' });
    navigate(href('signin'));
  }, [me?.id]);

  const view = location.segments[0] ?? '';
  const isPublic = kPublicViews.includes(view);

  // Redirects: signed-out people to sign-in (remembering where they were going),
  // signed-in members away from the sign-in and sign-up forms.
  useEffect(() => {
    if (boot.state === 'signed-out' && !isPublic) navigate(signInHash(location), { replace: true });
    if (boot.state === 'signed-in' && (view === 'signin' || view === 'signup')) {
      navigate(safeNext(location.query.get('next')), { replace: true });
    }
  }, [boot.state, location.raw]);

  if (boot.state === 'loading') {
    return (
      <>
        <Header />
        <Loading />
      </>
    );
  }
  if (boot.state === 'failed') {
    return (
      <>
        <Header />
        <Page title="Kinora">
          <section class="panel notice">
            <h1>Kinora is not answering</h1>
            <p class="form-error" role="alert">
              {boot.message}
            </p>
            <button type="button" class="button" onClick={start}>
              Try again
            </button>
          </section>
        </Page>
      </>
    );
  }

  if (boot.state === 'signed-out') {
    return (
      <>
        <Header />
        {publicView(location, onSignedIn)}
        <Footer />
      </>
    );
  }

  return (
    <SessionProvider
      me={boot.me}
      unread={boot.unread}
      onMeChange={onMeChange}
      onSignOut={onSignOut}
    >
      <Header signedIn />
      {memberView(location, onSignedIn)}
      <Footer />
    </SessionProvider>
  );
}

function publicView(location: Location, onSignedIn: (answer: social.SignedIn) => void) {
  const [view, id] = location.segments;
  switch (view) {
    case 'signup':
      return <SignUp invite={location.query.get('invite') ?? ''} onSignedIn={onSignedIn} />;
    case 'waitlist':
      return id ? <WaitlistStatusPage id={id} /> : <Waitlist />;
    default:
      return <SignIn onSignedIn={onSignedIn} />;
  }
}

function memberView(location: Location, onSignedIn: (answer: social.SignedIn) => void) {
  const [view, id, tab] = location.segments;
  switch (view) {
    case undefined:
      return <Generator />;
    case 'u':
      return id ? <ProfilePage key={id} handle={id} tab={tab} /> : <NotFound />;
    case 'v':
      return id ? <VideoPage key={id} id={id} /> : <NotFound />;
    case 'settings':
      return <SettingsPage />;
    case 'notifications':
      return <NotificationsPage />;
    case 'waitlist':
    case 'signin':
    case 'signup':
      return publicView(location, onSignedIn);
    default:
      return <NotFound />;
  }
}

function NotFound() {
  return (
    <Page title="Not found">
      <section class="panel notice">
        <h1>Nothing here</h1>
        <p class="muted">
          This page does not exist. <a href={href()}>Make a video</a> instead.
        </p>
      </section>
    </Page>
  );
}

function Header(props: { signedIn?: boolean }) {
  return (
    <header class="topbar">
      <a class="brand" href={href()} aria-label="Kinora Studio, home">
        <Logo />
        <span class="brand-name">Kinora</span>
        <span class="brand-tag">Studio</span>
      </a>
      {props.signedIn ? <MemberNav /> : <GuestNav />}
    </header>
  );
}

function GuestNav() {
  return (
    <nav class="topnav" aria-label="Account">
      <a class="nav-link" href={href('signin')}>
        Sign in
      </a>
      <a class="button button-primary button-small" href={href('signup')}>
        Join
      </a>
    </nav>
  );
}

function MemberNav() {
  const { me, unread, signOut } = useSession();
  const view = useLocation().segments;
  const current = (test: boolean) => (test ? ('page' as const) : undefined);
  const bellLabel = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
  return (
    <nav class="topnav" aria-label="Main">
      <a class="nav-link" href={href()} aria-current={current(view.length === 0)}>
        Create
      </a>
      <a
        class="bell"
        href={href('notifications')}
        aria-label={bellLabel}
        aria-current={current(view[0] === 'notifications')}
        data-testid="bell"
        data-unread={unread}
      >
        <BellIcon />
        {unread > 0 && (
          <span class="badge" data-testid="unread-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </a>
      <a
        class="nav-me"
        href={href('u', me.handle)}
        aria-current={current(view[0] === 'u' && view[1] === me.handle)}
        data-testid="nav-profile"
      >
        <Avatar member={me} size={28} />
        <span class="nav-handle">@{me.handle}</span>
      </a>
      <a
        class="nav-link"
        href={href('settings')}
        aria-current={current(view[0] === 'settings')}
        data-testid="nav-settings"
      >
        Settings
      </a>
      <button
        type="button"
        class="nav-link nav-button"
        onClick={() => void signOut()}
        data-testid="sign-out"
      >
        Sign out
      </button>
    </nav>
  );
}

function Footer() {
  return (
    <footer class="footer">
      <span>Kinora</span>
      <span aria-hidden="true">·</span>
      <span>
        OpenAI-compatible API at <code>/v1/videos</code>
      </span>
    </footer>
  );
}

function signInHash(location: Location): string {
  const next =
    location.raw && location.raw !== '/' ? `?next=${encodeURIComponent(location.raw)}` : '';
  return `${href('signin')}${next}`;
}

/** Where to go after signing in: a path inside the app, never an outside address. */
function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return href();
  const view = next.split(/[/?]/)[1] ?? '';
  return kPublicViews.includes(view) ? href() : `#${next}`;
}
