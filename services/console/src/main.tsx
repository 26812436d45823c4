import '@mantine/core/styles.css';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Center, Loader, MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Redirect, Route, Switch } from 'wouter';
import { SessionProvider, useSession } from './api/context';
import { ApiError } from './api/problem';
import { Session } from './api/session';
import { homeFor, routesFor } from './desks';
import { ErrorBoundary } from './components/ErrorBoundary';
import { ReloginDialog } from './components/ReloginDialog';
import { Shell } from './layout/Shell';
import LoginPage from './pages/Login';
import NotFoundPage from './pages/NotFound';
import { t } from './i18n';

// Colours chosen for WCAG AA contrast on white (axe checks them in the browser tests).
const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  defaultRadius: 'sm',
  // Users who ask their system for less motion get no transitions (dialogs open at once).
  respectReducedMotion: true,
});

// Mantine's "dimmed" grey is below 4.5:1 on white; the console's secondary text uses gray.7.
// Light variants (badges, alerts, the active menu entry) and error texts default to shade 6, below
// 4.5:1 on their tints: shade 9 (darker inks for yellow, green and orange, whose shade 9 is still
// too light); light hovers no darker than shade 1; links blue.9 (also inside red alerts).
const LIGHT_COLOURS = ['blue', 'red', 'grape', 'teal', 'cyan', 'gray', 'indigo', 'violet', 'pink', 'lime'];
const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-anchor': 'var(--mantine-color-blue-9)',
    '--mantine-primary-color-light-color': 'var(--mantine-color-blue-9)',
    '--mantine-primary-color-light-hover': 'var(--mantine-color-blue-1)',
    '--mantine-color-blue-light-hover': 'var(--mantine-color-blue-1)',
    ...Object.fromEntries(LIGHT_COLOURS.map((c) => [`--mantine-color-${c}-light-color`, `var(--mantine-color-${c}-9)`])),
    '--mantine-color-yellow-light-color': '#7c4a00',
    '--mantine-color-green-light-color': '#1b6b2e',
    '--mantine-color-orange-light-color': '#8f3a0c',
  },
  dark: {},
});

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

function App() {
  const session = useSession();
  const [ready, setReady] = useState(false);

  useEffect(() => {
    void session.resume().finally(() => setReady(true));
  }, [session]);

  // Another user (or nobody) now: nothing cached for the previous one may show.
  useEffect(() => queryClient.clear(), [session.generation]);

  if (!ready) {
    return (
      <Center mih="100vh">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (!session.me) return <LoginPage />;

  const routes = routesFor(session.me.roles);
  return (
    <>
      <Shell>
        <Switch>
          <Route path="/">
            <Redirect to={homeFor(session.me.roles)} replace />
          </Route>
          {routes.map((r) => (
            <Route key={r.path} path={r.path} component={r.component} />
          ))}
          <Route component={NotFoundPage} />
        </Switch>
      </Shell>
      <ReloginDialog />
    </>
  );
}

const session = new Session();
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
