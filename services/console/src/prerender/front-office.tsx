// Rendered at build time only (`vite.config.ts`, `prerender()`), in Node: the registration form as a
// signed-in front office sees it, written into `dist/prerendered/keluhan/baru.html`. On a slow link
// that page paints and takes typing before the application's JavaScript has arrived; the
// application then takes the typed values over (`src/prerender/takeover.ts`). Not part of the
// browser bundle.
import { renderToString } from 'react-dom/server';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Router } from 'wouter';
import { SessionProvider } from '../api/context';
import { REFRESH_KEY, Session } from '../api/session';
import { Shell } from '../layout/Shell';
import RegisterPage from '../pages/front-office/Register';
import { DRAFT_KEY } from '../pages/front-office/model';
import { consoleTheme as theme, cssVariables } from '../theme';
import { PRERENDERED_PATH } from './takeover';

/** The page's address: the gateway serves the file written for it there. */
export const PATH = PRERENDERED_PATH;

/** The storage keys the page's guard script reads (vite.config.ts `markupGuard`). */
export const GUARD_KEYS = { session: REFRESH_KEY, draft: DRAFT_KEY };

/**
 * The page's markup. The user is a front office without a name (the header shows the name once the
 * application has taken over); no query runs (server rendering does not fetch), so the programme
 * and desa lists are empty until the application has taken over.
 */
export function render(): string {
  const session = new Session();
  session.me = {
    id: '',
    kind: 'user',
    username: '',
    displayName: '',
    roles: ['FO'],
    regionScope: [],
    ownerCode: null,
    deployment: 'kab-kota',
  };
  return renderToString(
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
      <SessionProvider session={session}>
        <QueryClientProvider client={new QueryClient()}>
          <Router ssrPath={PATH} ssrSearch="">
            <Shell>
              <RegisterPage />
            </Shell>
          </Router>
        </QueryClientProvider>
      </SessionProvider>
    </MantineProvider>,
  );
}
