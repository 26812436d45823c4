import { useState } from 'react';
import {
  Anchor,
  Badge,
  Center,
  Group,
  Loader,
  Pagination,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime, formatNumber } from '../../format';
import { t } from '../../i18n';
import { CHANNELS } from './model';
import { ComplaintStatusBadge, RegistryCheckBadge, useProgrammes } from './ui';

const PAGE_SIZE = 25;
const STATUSES = ['registered', 'triaged', 'withdrawn'] as const;
const CHECKS = ['pending', 'in-registry', 'not-in-registry', 'no-identity'] as const;

interface Filters {
  status: string;
  registryCheck: string;
  channel: string;
  programmeCode: string;
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { status: '', registryCheck: '', channel: '', programmeCode: '', from: '', to: '' };

/** Riwayat keluhan: the complaints of the user's region, newest first, with filters and pages. */
export default function HistoryPage() {
  const api = useApi();
  const programmes = useProgrammes();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const set = (key: keyof Filters, value: string | null) => {
    setFilters((f) => ({ ...f, [key]: value ?? '' }));
    setPage(1);
  };
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== '')) as Partial<Filters>;
  const list = useQuery({
    queryKey: ['complaints', query, page],
    queryFn: async () =>
      unwrap(await api.GET('/v1/complaints', { params: { query: { ...query, page, pageSize: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
  const any = { value: '', label: t('fo.history.any') };
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  return (
    <Stack maw={1200}>
      <Title order={2}>{t('fo.history.title')}</Title>
      <Paper withBorder p="md" component="section" aria-label={t('fo.history.filters')}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 6 }}>
          <Select
            id="filter-status"
            label={t('fo.history.status')}
            data={[any, ...STATUSES.map((s) => ({ value: s, label: t(`fo.status.${s}`) }))]}
            value={filters.status}
            onChange={(v) => set('status', v)}
            allowDeselect={false}
          />
          <Select
            id="filter-registryCheck"
            label={t('fo.history.registryCheck')}
            data={[any, ...CHECKS.map((s) => ({ value: s, label: t(`fo.check.${s}`) }))]}
            value={filters.registryCheck}
            onChange={(v) => set('registryCheck', v)}
            allowDeselect={false}
          />
          <Select
            id="filter-channel"
            label={t('fo.history.channel')}
            data={[any, ...CHANNELS.map((c) => ({ value: c, label: t(`fo.channel.${c}`) }))]}
            value={filters.channel}
            onChange={(v) => set('channel', v)}
            allowDeselect={false}
          />
          <Select
            id="filter-programme"
            label={t('fo.history.programme')}
            data={[any, ...(programmes.data?.items ?? []).map((p) => ({ value: p.code, label: p.code }))]}
            value={filters.programmeCode}
            onChange={(v) => set('programmeCode', v)}
            allowDeselect={false}
            searchable
          />
          <TextInput
            id="filter-from"
            type="date"
            label={t('fo.history.from')}
            value={filters.from}
            onChange={(e) => set('from', e.currentTarget.value)}
          />
          <TextInput
            id="filter-to"
            type="date"
            label={t('fo.history.to')}
            value={filters.to}
            onChange={(e) => set('to', e.currentTarget.value)}
          />
        </SimpleGrid>
      </Paper>
      <ProblemAlert error={list.error} />
      {list.isLoading && (
        <Center p="md">
          <Loader aria-label={t('app.loading')} />
        </Center>
      )}
      {list.data && (
        <>
          <Text size="sm" role="status">
            {t('common.total', { count: formatNumber(list.data.total) })}
          </Text>
          {list.data.items.length === 0 ? (
            <Text>{t('fo.history.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={760}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('fo.history.number')}</Table.Th>
                    <Table.Th>{t('fo.history.date')}</Table.Th>
                    <Table.Th>{t('fo.history.subject')}</Table.Th>
                    <Table.Th>{t('fo.history.programme')}</Table.Th>
                    <Table.Th>{t('fo.history.channel')}</Table.Th>
                    <Table.Th>{t('fo.history.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((c) => (
                    <Table.Tr key={c.complaintId}>
                      <Table.Td>
                        <Anchor
                          component={Link}
                          href={`/keluhan/${c.complaintId}`}
                          aria-label={t('fo.history.open', { number: c.receiptNumber })}
                          style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
                        >
                          {c.receiptNumber}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{formatDateTime(c.registeredAt)}</Table.Td>
                      <Table.Td>{c.subjectName}</Table.Td>
                      <Table.Td>{c.programmeCodes.join(', ')}</Table.Td>
                      <Table.Td>{t(`fo.channel.${c.channel as (typeof CHANNELS)[number]}`)}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          <ComplaintStatusBadge status={c.status} />
                          <RegistryCheckBadge check={c.registryCheck} />
                          {c.possibleDuplicateOf && (
                            <Badge c="dark.9" color="orange" variant="light">
                              {t('fo.history.duplicate')}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {pages > 1 && (
            <Pagination
              total={pages}
              value={page}
              onChange={setPage}
              getControlProps={(c) => ({
                'aria-label': c === 'previous' ? t('common.previous') : c === 'next' ? t('common.next') : c,
              })}
              getItemProps={(p) => ({ 'aria-label': t('common.page', { page: p, pages }) })}
            />
          )}
        </>
      )}
    </Stack>
  );
}
