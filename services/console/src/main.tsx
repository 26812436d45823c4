import './styles';
import './focus.css';
import { StrictMode, Suspense, lazy, useEffect, useLayoutEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Center, Loader, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { SessionProvider, useSession } from './api/context';
import { ApiError } from './api/problem';
import { REFRESH_KEY, Session } from './api/session';
import { ROUTES, homeFor, routesFor } from './desks';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Shell } from './layout/Shell';
import NotFoundPage from './pages/NotFound';
import { t } from './i18n';
import { consoleTheme as theme, cssVariables } from './theme';
import { PRERENDERED_PATH, dropPrerendered } from './prerender/takeover';

// Signing in and signing in again (a dialog, its focus trap and scroll lock) are not on the first
// load of a signed-in tab: their own chunks, fetched at start when the tab has no session, else
// after the first page has painted (`Shell`).
const loadLogin = () => import('./pages/Login');
const loadRelogin = () => import('./components/ReloginDialog');
const LoginPage = lazy(loadLogin);
const ReloginDialog = lazy(() => loadRelogin().then((m) => ({ default: m.ReloginDialog })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) will not change by asking again; a lost connection might.
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
  },
});

function Loading() {
  return (
    <Center mih="100vh">
      <Loader aria-label={t('app.loading')} />
    </Center>
  );
}

/**
 * The page this address opens, fetched now rather than after the session is resumed (a refresh and
 * `/v1/me`: two round trips on a slow link): the first route whose pattern matches, as `<Switch>`
 * picks it. Without a session in this tab, the sign-in page instead.
 */
function preloadFirstPage(): void {
  let signedIn = false;
  try {
    signedIn = sessionStorage.getItem(REFRESH_KEY) !== null;
  } catch {
    signedIn = false;
  }
  if (!signedIn) {
    void loadLogin();
    return;
  }
  const path = window.location.pathname;
  const route = ROUTES.find((r) => new RegExp(`^${r.path.replace(/:[^/]+/g, '[^/]+')}/?$`).test(path));
  void route?.component.preload().catch(() => undefined); // a failure shows when the page renders
}

function App() {
  const session = useSession();
  const [ready, setReady] = useState(false);

  useEffect(() => {
    void resumed.finally(() => setReady(true));
  }, []);

  // Another user (or nobody) now: nothing cached for the previous one may show.
  useEffect(() => queryClient.clear(), [session.generation]);

  // The page arrived with the registration form's markup in it (src/prerender): it stays (and the
  // application hidden) until the registration page takes over, unless this user gets another
  // page first (sign-in, no front-office role): then it goes, and what was typed is kept.
  const [location] = useLocation();
  const me = session.me;
  useLayoutEffect(() => {
    if (!ready) return;
    if (!me || location !== PRERENDERED_PATH || !routesFor(me).some((r) => r.path === location)) dropPrerendered();
  }, [ready, me, location]);

  if (!ready) return <Loading />;
  if (!session.me)
    return (
      <Suspense fallback={<Loading />}>
        <LoginPage />
      </Suspense>
    );

  const routes = routesFor(session.me);
  return (
    <>
      <Shell>
        <Switch>
          <Route path="/">
            <Redirect to={homeFor(session.me)} replace />
          </Route>
          {routes.map((r) => (
            <Route key={r.path} path={r.path} component={r.component} />
          ))}
          <Route component={NotFoundPage} />
        </Switch>
      </Shell>
      {session.needsRelogin && (
        <Suspense fallback={null}>
          <ReloginDialog />
        </Suspense>
      )}
    </>
  );
}

const session = new Session();
// The session's refresh and /v1/me are already on their way (src/early.ts, index.html's first
// script); without it (the dev server) they go out now, before the page's files are asked for (the
// browser opens six connections per server over HTTP/1.1: a refresh queued behind files waits).
const resumed = session.resume();
setTimeout(preloadFirstPage, 0);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
      <ErrorBoundary>
        <SessionProvider session={session}>
          <QueryClientProvider client={queryClient}>
            <App />
          </QueryClientProvider>
        </SessionProvider>
      </ErrorBoundary>
    </MantineProvider>
  </StrictMode>,
);
