import { useState } from 'react';
import { Anchor, Badge, Group, Loader, Pagination, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollRegion } from '../../components/ScrollRegion';
import { formatDateTime, formatNumber } from '../../format';
import { t, tOr } from '../../i18n';

export const PRELIST_STATUSES = [
  'draft',
  'deliberated',
  'declined',
  'verified',
  'submitted',
  'ratified',
  'accepted',
  'rejected',
  'withdrawn',
] as const;
const PAGE_SIZE = 50;

/** A prelist status as a word and a colour. */
export function PrelistStatusBadge({ status }: { status: string }) {
  const colour = ['accepted', 'verified', 'ratified'].includes(status)
    ? 'green'
    : ['declined', 'rejected', 'withdrawn'].includes(status)
      ? 'red'
      : status === 'draft'
        ? 'gray'
        : 'blue';
  return (
    <Badge variant="light" color={colour} tt="none">
      {tOr(`data.prelist.status.${status}`, status)}
    </Badge>
  );
}

/**
 * Prelist: households proposed into DTKS/DTSEN (from complaints or directly), through musdes,
 * field verification and SIKS-NG, by status in the user's region.
 */
export default function PrelistPage() {
  const api = useApi();
  const [status, setStatus] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['prelist', status, page],
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/prelist-entries', {
          params: { query: { ...(status ? { status } : {}), page, pageSize: PAGE_SIZE } },
        }),
      ),
  });
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  return (
    <Stack>
      <Title order={2}>{t('data.prelist.title')}</Title>
      <Text>{t('data.prelist.intro')}</Text>
      <Group>
        <Select
          label={t('data.prelist.filter.status')}
          placeholder={t('data.prelist.filter.all')}
          data={PRELIST_STATUSES.map((s) => ({ value: s, label: tOr(`data.prelist.status.${s}`, s) }))}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          clearable
          w={260}
        />
      </Group>
      <ProblemAlert error={list.error} />
      {list.isPending && <Loader aria-label={t('app.loading')} />}
      {list.data && list.data.items.length === 0 && <Text>{t('data.prelist.empty')}</Text>}
      {list.data && list.data.items.length > 0 && (
        <>
          <Text size="sm">{t('data.prelist.count', { count: formatNumber(list.data.total) })}</Text>
          <ScrollRegion label={t('data.prelist.title')} minWidth={720}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('data.prelist.col.household')}</Table.Th>
                  <Table.Th scope="col">{t('data.prelist.col.desa')}</Table.Th>
                  <Table.Th scope="col">{t('data.prelist.col.status')}</Table.Th>
                  <Table.Th scope="col">{t('data.prelist.col.updated')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((p) => (
                  <Table.Tr key={p.proposalId}>
                    <Table.Th scope="row">
                      <Anchor component={Link} href={`/data/prelist/${p.proposalId}`}>
                        {p.name}
                      </Anchor>
                    </Table.Th>
                    <Table.Td>{p.desaCode}</Table.Td>
                    <Table.Td>
                      <PrelistStatusBadge status={p.status} />
                    </Table.Td>
                    <Table.Td>{formatDateTime(p.updatedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
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
