import { Suspense, useEffect, type ReactNode } from 'react';
import {
  AppShell,
  Burger,
  Group,
  Loader,
  NavLink,
  ScrollArea,
  Text,
  Title,
  UnstyledButton,
  Center,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, useLocation } from 'wouter';
import { useMe, useSession } from '../api/context';
import { DESKS, routesFor } from '../desks';
import { loadDeferred } from '../desks/types';
import { t, tOr } from '../i18n';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { InboxNavLink } from '../components/InboxNavLink';
import classes from './Shell.module.css';

/**
 * Rendered beside the page once it no longer suspends (its chunk arrived): then fetches what the
 * first load left out (the rest of Mantine's styles, the other desks' wording, the re-login dialog),
 * so it does not compete with the page on a slow link and is there before the next page is opened.
 */
function AfterPaint() {
  useEffect(() => {
    void loadDeferred().catch(() => undefined); // fetched again by the page that needs it
    void import('../components/ReloginDialog').catch(() => undefined);
  }, []);
  return null;
}

/**
 * The frame of every page: a header with the user and sign-out, the menu of the desks the user's
 * roles may use (a drawer on a phone), and the page in an error boundary.
 */
export function Shell({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const me = useMe();
  const session = useSession();
  const [location] = useLocation();
  const allowed = routesFor(me);
  const routes = allowed.filter((r) => r.nav !== false);
  // The staff inbox (the notification service) is not served on a hub.
  const inbox = allowed.some((r) => r.path === '/kotak-masuk');

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className={classes.skip}>
        {t('app.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('app.menu.open')} />
            <Title order={1} size="h4">
              <Link href="/" className={classes.brand}>
                {t('app.name')}
              </Link>
            </Title>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {/* No name: the page's markup rendered at build time (src/prerender). */}
            {(me.displayName || me.username) && (
              <Text size="sm" visibleFrom="xs" truncate maw={260}>
                {t('app.signedInAs', { name: me.displayName || me.username || '' })}
              </Text>
            )}
            <UnstyledButton className={classes.logout} onClick={() => void session.logout()}>
              {t('nav.logout')}
            </UnstyledButton>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.label')} component="nav">
        <ScrollArea>
          {DESKS.map((desk) => {
            const items = routes.filter((r) => r.desk === desk);
            if (!items.length) return null;
            return (
              <div key={desk} className={classes.desk}>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" py={4} component="h2">
                  {tOr(`desk.${desk}`)}
                </Text>
                {items.map((r) => (
                  <NavLink
                    key={r.path}
                    component={Link}
                    href={r.path}
                    label={t(r.label)}
                    active={location === r.path}
                    variant="filled"
                    onClick={close}
                  />
                ))}
              </div>
            );
          })}
          <div className={classes.desk}>
            {inbox && <InboxNavLink onClick={close} />}
            <NavLink
              component={Link}
              href="/akun"
              label={t('nav.account')}
              active={location === '/akun'}
              variant="filled"
              onClick={close}
            />
          </div>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <ErrorBoundary resetKey={location}>
          <Suspense
            fallback={
              <Center p="xl">
                <Loader aria-label={t('app.loading')} />
              </Center>
            }
          >
            {children}
            <AfterPaint />
          </Suspense>
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}
