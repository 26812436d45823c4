import { Badge, NavLink, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { useApi } from '../api/context';
import { unwrap } from '../api/problem';
import { t } from '../i18n';

/** "Kotak masuk" in the frame's menu, with the number of unread items (checked every minute). */
export function InboxNavLink({ onClick }: { onClick: () => void }) {
  const api = useApi();
  const [location] = useLocation();
  const unread = useQuery({
    queryKey: ['inbox', 'unread'],
    refetchInterval: 60_000,
    queryFn: async () => unwrap(await api.GET('/v1/inbox/unread-count')).unread,
  });
  const count = unread.data ?? 0;
  return (
    <NavLink
      component={Link}
      href="/kotak-masuk"
      label={t('nav.inbox')}
      active={location === '/kotak-masuk'}
      variant="filled"
      onClick={onClick}
      rightSection={
        count > 0 ? (
          <Badge color="red.9" size="sm">
            {count > 99 ? '99+' : count}
            <VisuallyHidden> {t('review.inbox.badge')}</VisuallyHidden>
          </Badge>
        ) : undefined
      }
    />
  );
}
