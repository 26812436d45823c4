import { useState, type FormEvent } from 'react';
import {
  Anchor,
  Badge,
  Button,
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
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { useApi, useMe } from '../../api/context';
import { asApiError, unwrap, type ApiError } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollRegion } from '../../components/ScrollRegion';
import { formatDate, formatNumber } from '../../format';
import { t, tOr } from '../../i18n';

const PAGE_SIZE = 50;
/** Roles of the officials, in the API's order (labels in data.json `data.musdes.role.*`). */
export const OFFICIAL_ROLES = [
  'kepala-desa',
  'lurah',
  'sekretaris-desa',
  'perangkat-desa',
  'bpd',
  'lpm',
  'camat',
  'tokoh-masyarakat',
  'tokoh-agama',
  'pendamping-sosial',
  'tksk',
  'fasilitator-slrt',
  'puskesos',
  'lainnya',
] as const;
export type OfficialRole = (typeof OFFICIAL_ROLES)[number];

/** A meeting status as a word and a colour. */
export function MeetingStatusBadge({ status }: { status: string }) {
  return (
    <Badge variant="light" color={status === 'final' ? 'green' : 'blue'} tt="none">
      {tOr(`data.musdes.status.${status}`, status)}
    </Badge>
  );
}

/**
 * Musyawarah desa/kelurahan: the meetings of the user's region (newest first) and, for FO, FS and
 * BO, a form to open one for a desa and date (the same desa and date gives the same meeting).
 */
export default function MusdesMeetingsPage() {
  const api = useApi();
  const me = useMe();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [page, setPage] = useState(1);
  const ownDesa =
    me.regionScope.length === 1 && /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(me.regionScope[0] ?? '')
      ? me.regionScope[0]!
      : '';
  const [desaCode, setDesa] = useState(ownDesa);
  const [date, setDate] = useState('');
  const [agenda, setAgenda] = useState('');
  const [place, setPlace] = useState('');
  const [chairName, setChair] = useState('');
  const [chairRole, setChairRole] = useState<OfficialRole | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useQuery({
    queryKey: ['musdes-meetings', page],
    queryFn: async () =>
      unwrap(await api.GET('/v1/musdes-meetings', { params: { query: { page, pageSize: PAGE_SIZE } } })),
  });
  const canCreate = me.has('FO', 'FS', 'BO');
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  async function create(ev: FormEvent) {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const meeting = unwrap(
        await api.POST('/v1/musdes-meetings', {
          body: {
            desaCode: desaCode.trim(),
            date,
            agenda,
            place,
            chairName,
            chairRole: chairRole ?? ('' as OfficialRole),
          },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: ['musdes-meetings'] });
      navigate(`/data/musdes/${meeting.meetingId}`);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const fe = error?.fieldErrors() ?? {};
  return (
    <Stack>
      <Title order={2}>{t('data.musdes.title')}</Title>
      <Text>{t('data.musdes.intro')}</Text>
      {canCreate && (
        <Paper withBorder p="md" component="section" aria-labelledby="musdes-new-title">
          <Title order={3} size="h4" id="musdes-new-title" mb="xs">
            {t('data.musdes.new.title')}
          </Title>
          <form onSubmit={create} noValidate>
            <Stack>
              <ProblemAlert
                error={error}
                fieldLabels={{
                  desaCode: t('data.musdes.field.desa'),
                  date: t('data.musdes.field.date'),
                  agenda: t('data.musdes.field.agenda'),
                  place: t('data.musdes.field.place'),
                  chairName: t('data.musdes.field.chairName'),
                  chairRole: t('data.musdes.field.chairRole'),
                }}
              />
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  id="field-desaCode"
                  label={t('data.musdes.field.desa')}
                  description={t('data.musdes.field.desaHint')}
                  required
                  value={desaCode}
                  onChange={(e) => setDesa(e.currentTarget.value)}
                  error={fe.desaCode}
                />
                <TextInput
                  id="field-date"
                  type="date"
                  label={t('data.musdes.field.date')}
                  required
                  value={date}
                  onChange={(e) => setDate(e.currentTarget.value)}
                  error={fe.date}
                />
                <TextInput
                  id="field-place"
                  label={t('data.musdes.field.place')}
                  required
                  value={place}
                  onChange={(e) => setPlace(e.currentTarget.value)}
                  error={fe.place}
                />
              </SimpleGrid>
              <TextInput
                id="field-agenda"
                label={t('data.musdes.field.agenda')}
                required
                value={agenda}
                onChange={(e) => setAgenda(e.currentTarget.value)}
                error={fe.agenda}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  id="field-chairName"
                  label={t('data.musdes.field.chairName')}
                  required
                  value={chairName}
                  onChange={(e) => setChair(e.currentTarget.value)}
                  error={fe.chairName}
                />
                <Select
                  id="field-chairRole"
                  label={t('data.musdes.field.chairRole')}
                  required
                  data={OFFICIAL_ROLES.map((r) => ({ value: r, label: t(`data.musdes.role.${r}`) }))}
                  value={chairRole}
                  onChange={(v) => setChairRole(v as OfficialRole | null)}
                  error={fe.chairRole}
                />
              </SimpleGrid>
              <Group>
                <Button type="submit" loading={busy}>
                  {t('data.musdes.new.submit')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
      <ProblemAlert error={list.error} />
      {list.isPending && <Loader aria-label={t('app.loading')} />}
      {list.data && list.data.items.length === 0 && <Text>{t('data.musdes.empty')}</Text>}
      {list.data && list.data.items.length > 0 && (
        <>
          <Text size="sm">{t('data.musdes.count', { count: formatNumber(list.data.total) })}</Text>
          <ScrollRegion label={t('data.musdes.list')} minWidth={640}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('data.musdes.col.date')}</Table.Th>
                  <Table.Th scope="col">{t('data.musdes.col.desa')}</Table.Th>
                  <Table.Th scope="col">{t('data.musdes.col.number')}</Table.Th>
                  <Table.Th scope="col">{t('data.musdes.col.decided')}</Table.Th>
                  <Table.Th scope="col">{t('data.musdes.col.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((m) => (
                  <Table.Tr key={m.meetingId}>
                    <Table.Th scope="row">
                      <Anchor component={Link} href={`/data/musdes/${m.meetingId}`}>
                        {formatDate(m.date)} · {m.desaName}
                      </Anchor>
                    </Table.Th>
                    <Table.Td>{m.desaCode}</Table.Td>
                    <Table.Td>{m.number}</Table.Td>
                    <Table.Td>
                      {t('data.musdes.decidedCount', { decided: m.decidedCount, agreed: m.agreedCount })}
                    </Table.Td>
                    <Table.Td>
                      <MeetingStatusBadge status={m.status} />
                    </Table.Td>
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
