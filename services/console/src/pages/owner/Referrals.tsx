import { Anchor, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { OwnerReferralStatusBadge } from '../../components/OwnerReferralStatusBadge';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, formatDateTime, formatNumber } from '../../format';
import { t } from '../../i18n';

/** The referrals addressed to the signed-in programme owner, newest first as the API lists them. */
export default function OwnerReferralsPage() {
  const api = useApi();
  const list = useQuery({ queryKey: ['owner-referrals'], refetchInterval: 60_000, queryFn: async () => unwrap(await api.GET('/v1/owner/referrals')) });
  return (
    <Stack gap="sm">
      <Title order={2}>{t('owner.list.title')}</Title>
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
        </>
      )}
    </Stack>
  );
}
