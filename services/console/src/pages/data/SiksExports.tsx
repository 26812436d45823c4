import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Code,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation, useSearch } from 'wouter';
import type { Schemas } from '@slrt/api-client';
import { useApi, useMe } from '../../api/context';
import { saveDownload } from '../../api/download';
import { asApiError, unwrap, type ApiError } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime, formatNumber } from '../../format';
import { t, tOr } from '../../i18n';
import { currentPeriod } from './jobs';

type Kind = Schemas['CreateSiksExportRequestV1']['kind'];
type Batch = Schemas['SiksExportBatchV1'];
const KINDS: Kind[] = ['prelist', 'data-change', 'ppks'];
const PAGE_SIZE = 20;

/**
 * Ekspor SIKS-NG: proposals ready to send (by kind, period, region, column profile) are frozen
 * into a batch; the batches of the user's region are listed with their CSV/XLSX downloads.
 */
export default function SiksExportsPage() {
  const api = useApi();
  const me = useMe();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const selected = new URLSearchParams(useSearch()).get('batch');
  const [kind, setKind] = useState<Kind>('prelist');
  const [dataPeriod, setDataPeriod] = useState(currentPeriod());
  const [regionCode, setRegionCode] = useState(me.regionScope[0] ?? '');
  const [picked, setProfile] = useState<string | null>(null);
  const [page, setPage] = useState(1);

  const profiles = useQuery({
    queryKey: ['siks-export-profiles'],
    queryFn: async () => unwrap(await api.GET('/v1/siks/export-profiles')).items,
  });
  const batches = useQuery({
    queryKey: ['siks-exports', page],
    queryFn: async () =>
      unwrap(await api.GET('/v1/siks/exports', { params: { query: { page, pageSize: PAGE_SIZE } } })),
  });
  const kindProfiles = (profiles.data ?? []).filter((p) => p.kind === kind);

  // The chosen profile while it fits the kind, else the kind's first.
  const profile = kindProfiles.some((p) => p.code === picked) ? picked : (kindProfiles[0]?.code ?? null);

  const create = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/v1/siks/exports', { body: { kind, dataPeriod, regionCode, profile: profile ?? '' } })),
    onSuccess: async (batch) => {
      await queryClient.invalidateQueries({ queryKey: ['siks-exports'] });
      navigate(`/data/ekspor-siks?batch=${encodeURIComponent(batch.batchId)}`);
    },
  });

  function submit(ev: FormEvent) {
    ev.preventDefault();
    create.mutate();
  }

  const error = create.error ? asApiError(create.error) : null;
  const fieldErrors = error?.fieldErrors() ?? {};
  const pages = batches.data ? Math.max(1, Math.ceil(batches.data.total / PAGE_SIZE)) : 1;
  return (
    <Stack>
      <Title order={2}>{t('data.siks.title')}</Title>
      <Text maw={760}>{t('data.siks.intro')}</Text>
      <Paper withBorder p="md" maw={760}>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <ProblemAlert
              error={error}
              fieldLabels={{
                kind: t('data.siks.kind'),
                dataPeriod: t('data.siks.period'),
                regionCode: t('data.siks.region'),
                profile: t('data.siks.profile'),
              }}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                id="field-kind"
                label={t('data.siks.kind')}
                required
                allowDeselect={false}
                data={KINDS.map((k) => ({ value: k, label: tOr(`data.kind.${k}`, k) }))}
                value={kind}
                onChange={(v) => v && setKind(v as Kind)}
                error={fieldErrors.kind}
              />
              <Select
                id="field-profile"
                label={t('data.siks.profile')}
                required
                allowDeselect={false}
                data={kindProfiles.map((p) => ({ value: p.code, label: `${p.code} — ${p.description}` }))}
                value={profile}
                onChange={setProfile}
                error={fieldErrors.profile}
              />
              <TextInput
                id="field-dataPeriod"
                label={t('data.siks.period')}
                description={t('data.import.periodHint')}
                required
                value={dataPeriod}
                onChange={(e) => setDataPeriod(e.currentTarget.value)}
                error={fieldErrors.dataPeriod}
              />
              <TextInput
                id="field-regionCode"
                label={t('data.siks.region')}
                description={t('data.siks.regionHint')}
                required
                value={regionCode}
                onChange={(e) => setRegionCode(e.currentTarget.value)}
                error={fieldErrors.regionCode}
              />
            </SimpleGrid>
            <Group>
              <Button type="submit" loading={create.isPending} disabled={!profile}>
                {t('data.siks.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {selected && <BatchDetail batchId={selected} />}
      <Paper withBorder p="md" component="section" aria-labelledby="siks-batches">
        <Title order={3} size="h4" id="siks-batches" mb="sm">
          {t('data.siks.batches')}
        </Title>
        <ProblemAlert error={batches.error} />
        {batches.data && batches.data.items.length === 0 && <Text>{t('data.siks.none')}</Text>}
        {batches.data && batches.data.items.length > 0 && (
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('data.siks.createdAt')}</Table.Th>
                  <Table.Th>{t('data.siks.kind')}</Table.Th>
                  <Table.Th>{t('data.siks.period')}</Table.Th>
                  <Table.Th>{t('data.siks.region')}</Table.Th>
                  <Table.Th>{t('data.siks.profile')}</Table.Th>
                  <Table.Th ta="right">{t('data.siks.proposals')}</Table.Th>
                  <Table.Th ta="right">{t('data.siks.rows')}</Table.Th>
                  <Table.Th>{t('data.siks.files')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {batches.data.items.map((b) => (
                  <Table.Tr key={b.batchId}>
                    <Table.Td>{formatDateTime(b.createdAt)}</Table.Td>
                    <Table.Td>{tOr(`data.kind.${b.kind}`, b.kind)}</Table.Td>
                    <Table.Td>{b.dataPeriod}</Table.Td>
                    <Table.Td>{b.regionCode}</Table.Td>
                    <Table.Td>{b.profile}</Table.Td>
                    <Table.Td ta="right">{formatNumber(b.proposalCount)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(b.rowCount)}</Table.Td>
                    <Table.Td>
                      <DownloadButtons batch={b} compact />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {pages > 1 && (
          <Group mt="sm">
            <Button variant="default" size="xs" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t('common.previous')}
            </Button>
            <Text size="sm">{t('common.page', { page, pages })}</Text>
            <Button variant="default" size="xs" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              {t('common.next')}
            </Button>
          </Group>
        )}
      </Paper>
    </Stack>
  );
}

function BatchDetail({ batchId }: { batchId: string }) {
  const api = useApi();
  const batch = useQuery({
    queryKey: ['siks-export', batchId],
    queryFn: async () => unwrap(await api.GET('/v1/siks/exports/{id}', { params: { path: { id: batchId } } })),
  });
  const b = batch.data;
  return (
    <Paper withBorder p="md" maw={760} component="section" aria-labelledby="siks-batch">
      <Title order={3} size="h4" id="siks-batch" mb="sm">
        {t('data.siks.batchTitle')}
      </Title>
      <ProblemAlert error={batch.error} />
      {b && (
        <Stack gap="xs">
          <Alert color="green" role="status">
            {t('data.siks.batchSummary', {
              kind: tOr(`data.kind.${b.kind}`, b.kind),
              proposals: formatNumber(b.proposalCount),
              rows: formatNumber(b.rowCount),
              region: b.regionCode,
              period: b.dataPeriod,
            })}
          </Alert>
          <Text size="sm">
            {t('data.siks.batchMeta', { created: formatDateTime(b.createdAt), profile: b.profile })}
          </Text>
          {b.csvSha256 && (
            <Text size="sm">
              {t('data.siks.sha', { format: 'CSV' })}: <Code>{b.csvSha256}</Code>
            </Text>
          )}
          {b.xlsxSha256 && (
            <Text size="sm">
              {t('data.siks.sha', { format: 'XLSX' })}: <Code>{b.xlsxSha256}</Code>
            </Text>
          )}
          <DownloadButtons batch={b} />
        </Stack>
      )}
    </Paper>
  );
}

function DownloadButtons({ batch, compact = false }: { batch: Batch; compact?: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<'csv' | 'xlsx' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function download(format: 'csv' | 'xlsx') {
    setBusy(format);
    setError(null);
    try {
      saveDownload(
        await api.GET('/v1/siks/exports/{id}/file', {
          params: { path: { id: batch.batchId }, query: { format } },
          parseAs: 'blob',
        }),
        `siks-${batch.kind}-${batch.batchId}.${format}`,
      );
      // The file's checksum is known after the first download.
      void queryClient.invalidateQueries({ queryKey: ['siks-export', batch.batchId] });
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(null);
    }
  }

  const label = (format: string) =>
    compact
      ? t('data.siks.downloadRow', {
          format,
          period: batch.dataPeriod,
          region: batch.regionCode,
          created: formatDateTime(batch.createdAt),
        })
      : undefined;
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap">
        <Button
          size={compact ? 'xs' : 'sm'}
          variant={compact ? 'default' : 'filled'}
          loading={busy === 'csv'}
          onClick={() => void download('csv')}
          aria-label={label('CSV')}
        >
          {t('data.siks.download', { format: 'CSV' })}
        </Button>
        <Button
          size={compact ? 'xs' : 'sm'}
          variant="default"
          loading={busy === 'xlsx'}
          onClick={() => void download('xlsx')}
          aria-label={label('XLSX')}
        >
          {t('data.siks.download', { format: 'XLSX' })}
        </Button>
      </Group>
      <ProblemAlert error={error} />
    </Stack>
  );
}
