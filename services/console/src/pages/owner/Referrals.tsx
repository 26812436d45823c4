import { useState } from 'react';
import { Anchor, Group, Loader, Pagination, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { OwnerReferralStatusBadge } from '../../components/OwnerReferralStatusBadge';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, formatDateTime, formatNumber } from '../../format';
import { t, tOr } from '../../i18n';

const STATUSES = ['sent', 'accepted', 'rejected', 'review-requested', 'resolved', 'withdrawn'] as const;
type Status = (typeof STATUSES)[number];
const PAGE_SIZE = 50;

/** The referrals addressed to the signed-in programme owner, newest first as the API lists them. */
export default function OwnerReferralsPage() {
  const api = useApi();
  const [status, setStatus] = useState<Status | null>(null);
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['owner-referrals', status, page],
    refetchInterval: 60_000,
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/owner/referrals', {
          params: { query: { ...(status ? { status } : {}), page, pageSize: PAGE_SIZE } },
        }),
      ),
  });
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  return (
    <Stack gap="sm">
      <Title order={2}>{t('owner.list.title')}</Title>
      <Group>
        <Select
          label={t('owner.list.filter.status')}
          placeholder={t('owner.list.filter.all')}
          data={STATUSES.map((s) => ({ value: s, label: tOr(`owner.status.${s}`, s) }))}
          value={status}
          onChange={(v) => {
            setStatus((v as Status | null) ?? null);
            setPage(1);
          }}
          clearable
          w={240}
        />
      </Group>
      <ProblemAlert error={list.error} />
      {list.isPending ? (
        <Loader role="status" aria-label={t('app.loading')} />
      ) : !list.data?.items.length ? (
        <Text>{t('owner.list.empty')}</Text>
      ) : (
        <>
          <Text size="sm">{t('owner.list.count', { count: formatNumber(list.data.total) })}</Text>
          <Table.ScrollContainer minWidth={640}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('owner.list.col.receipt')}</Table.Th>
                  <Table.Th>{t('owner.list.col.status')}</Table.Th>
                  <Table.Th>{t('owner.list.col.programmes')}</Table.Th>
                  <Table.Th>{t('owner.list.col.sentAt')}</Table.Th>
                  <Table.Th>{t('owner.list.col.dueAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((r) => (
                  <Table.Tr key={r.referralId}>
                    <Table.Td>
                      <Anchor component={Link} href={`/rujukan-masuk/${r.referralId}`} fw={600}>
                        {r.receiptNumber}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <OwnerReferralStatusBadge status={r.status} />
                    </Table.Td>
                    <Table.Td>{r.programmeCodes.join(', ')}</Table.Td>
                    <Table.Td>{formatDateTime(r.sentAt)}</Table.Td>
                    <Table.Td>{formatDate(r.dueAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pages > 1 && (
            <Pagination
              total={pages}
              value={page}
              onChange={setPage}
              getControlProps={(control) => ({
                'aria-label':
                  control === 'previous' ? t('common.previous') : control === 'next' ? t('common.next') : undefined,
              })}
            />
          )}
        </>
      )}
    </Stack>
  );
}
