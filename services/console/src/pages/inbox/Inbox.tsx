import { useState } from 'react';
import { Anchor, Badge, Button, Checkbox, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useApi, useMe } from '../../api/context';
import { unwrap } from '../../api/problem';
import { CaseStateBadge } from '../../components/CaseStateBadge';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime, formatNumber } from '../../format';
import { t } from '../../i18n';

/** The staff inbox: what the platform asks of me or my role (cases queued, answers, deadlines, imports). */
export default function InboxPage() {
  const api = useApi();
  const me = useMe();
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const mayOpenCases = me.has('FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT');
  const list = useQuery({
    queryKey: ['inbox', 'list', unreadOnly],
    refetchInterval: 60_000,
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/inbox', {
          params: { query: { pageSize: 200, ...(unreadOnly ? { unread: 'true' as const } : {}) } },
        }),
      ),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['inbox'] });
  const markRead = useMutation({
    mutationFn: async (id: string) => unwrap(await api.POST('/v1/inbox/{id}/read', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  const markAll = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/inbox/read-all', { body: {} })),
    onSuccess: refresh,
  });

  return (
    <Stack gap="sm" maw={900}>
      <Title order={2}>{t('review.inbox.title')}</Title>
      <Group justify="space-between" wrap="wrap">
        <Checkbox
          label={t('review.inbox.unreadOnly')}
          checked={unreadOnly}
          onChange={(e) => setUnreadOnly(e.currentTarget.checked)}
        />
        <Button
          variant="outline"
          onClick={() => markAll.mutate()}
          loading={markAll.isPending}
          disabled={!list.data?.unread}
        >
          {t('review.inbox.markAll')}
        </Button>
      </Group>
      <ProblemAlert error={list.error ?? markRead.error ?? markAll.error} />
      {list.isPending ? (
        <Loader role="status" aria-label={t('app.loading')} />
      ) : !list.data?.items.length ? (
        <Text>{t('review.inbox.empty')}</Text>
      ) : (
        <>
          <Text size="sm" role="status">
            {t('review.inbox.count', { unread: formatNumber(list.data.unread), total: formatNumber(list.data.total) })}
          </Text>
          <Stack
            gap="xs"
            component="ul"
            aria-label={t('review.inbox.list')}
            style={{ listStyle: 'none', padding: 0, margin: 0 }}
          >
            {list.data.items.map((item) => (
              <Paper key={item.itemId} component="li" withBorder p="sm" bg={item.readAt ? undefined : 'blue.0'}>
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Group gap="xs">
                    <Badge color={item.readAt ? 'gray.2' : 'blue.8'} autoContrast style={{ textTransform: 'none' }}>
                      {item.readAt ? t('review.inbox.read') : t('review.inbox.unread')}
                    </Badge>
                    <Text fw={item.readAt ? 400 : 700}>{item.title}</Text>
                  </Group>
                  <Text size="sm">{formatDateTime(item.createdAt)}</Text>
                </Group>
                <Text size="sm" mt={4}>
                  {item.body}
                </Text>
                <Group gap="sm" mt={6}>
                  {item.caseState && <CaseStateBadge state={item.caseState} />}
                  {item.caseId && mayOpenCases && (
                    <Anchor
                      component={Link}
                      href={`/kasus/${item.caseId}`}
                      size="sm"
                      onClick={() => !item.readAt && markRead.mutate(item.itemId)}
                    >
                      {t('review.inbox.openCase', { receipt: item.receiptNumber ?? '' })}
                    </Anchor>
                  )}
                  {!item.readAt && (
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      onClick={() => markRead.mutate(item.itemId)}
                      aria-label={`${t('review.inbox.markRead')}: ${item.title}`}
                    >
                      {t('review.inbox.markRead')}
                    </Button>
                  )}
                </Group>
              </Paper>
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}
