import '@mantine/core/styles.css';
import './focus.css';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Center, Loader, MantineProvider } from '@mantine/core';
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
import { consoleTheme as theme, cssVariables } from './theme';

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
