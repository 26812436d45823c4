import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, NumberInput, Pagination, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Schemas } from '@slrt/api-client';
import { useApi, useMe } from '../../api/context';
import { saveDownload } from '../../api/download';
import { asApiError, unwrap, type ApiError } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollRegion } from '../../components/ScrollRegion';
import { formatNumber } from '../../format';
import { t } from '../../i18n';

const PAGE_SIZE = 50;
type Ranked = Schemas['RankCandidatesResponseV1'];

/**
 * Pemeringkatan calon: households of a region ranked by desil and then a preset's criteria (the
 * API masks NIK and KK), page by page, with the whole list as CSV or XLSX for the musdes.
 */
export default function RankingPage() {
  const api = useApi();
  const me = useMe();
  const presets = useQuery({
    queryKey: ['ranking-presets'],
    queryFn: async () => unwrap(await api.GET('/v1/ranking/presets')),
  });
  const regions = useQuery({ queryKey: ['scope-regions'], queryFn: async () => unwrap(await api.GET('/v1/regions')) });
  const kecamatan = [
    ...new Map(
      (regions.data?.items ?? []).map((d) => [d.kecamatanCode, `Kec. ${d.kecamatanName} (${d.kecamatanCode})`]),
    ).entries(),
  ];
  const scopeOptions = [
    ...me.regionScope.map((code) => ({ value: code, label: t('data.ranking.scope', { code }) })),
    ...kecamatan.filter(([code]) => !me.regionScope.includes(code)).map(([value, label]) => ({ value, label })),
  ];
  const [regionCode, setRegion] = useState<string | null>(me.regionScope[0] ?? null);
  const [preset, setPreset] = useState<string | null>(null);
  const [limit, setLimit] = useState<number>(500);
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<Ranked | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'rank' | 'csv' | 'xlsx' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const chosenPreset = preset ?? presets.data?.items[0]?.code ?? null;

  async function rank(toPage: number) {
    if (!regionCode) return;
    setBusy('rank');
    setError(null);
    try {
      setResult(
        unwrap(
          await api.POST('/v1/ranking/candidates', {
            body: { regionCode, preset: chosenPreset, limit, page: toPage, pageSize: PAGE_SIZE },
          }),
        ),
      );
      setPage(toPage);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(null);
    }
  }

  async function exportAs(format: 'csv' | 'xlsx') {
    if (!regionCode) return;
    setBusy(format);
    setError(null);
    setSaved(null);
    try {
      setSaved(
        saveDownload(
          await api.POST('/v1/ranking/candidates/export', {
            body: { regionCode, preset: chosenPreset, limit, format },
            parseAs: 'blob',
          }),
          `peringkat-calon.${format}`,
        ),
      );
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(null);
    }
  }

  const fieldErrors = error?.fieldErrors() ?? {};
  const pages = result ? Math.max(1, Math.ceil(Math.min(result.total, limit) / PAGE_SIZE)) : 1;
  return (
    <Stack>
      <Title order={2}>{t('data.ranking.title')}</Title>
      <Text>{t('data.ranking.intro')}</Text>
      <Paper withBorder p="md">
        <form
          onSubmit={(ev: FormEvent) => {
            ev.preventDefault();
            void rank(1);
          }}
          noValidate
        >
          <Stack>
            <ProblemAlert
              error={error}
              fieldLabels={{
                regionCode: t('data.ranking.region'),
                preset: t('data.ranking.preset'),
                limit: t('data.ranking.limit'),
              }}
            />
            <Group align="end" wrap="wrap">
              <Select
                id="field-regionCode"
                label={t('data.ranking.region')}
                data={scopeOptions}
                value={regionCode}
                onChange={setRegion}
                allowDeselect={false}
                searchable
                w={320}
                error={fieldErrors.regionCode}
              />
              <Select
                id="field-preset"
                label={t('data.ranking.preset')}
                data={(presets.data?.items ?? []).map((p) => ({ value: p.code, label: p.description }))}
                value={chosenPreset}
                onChange={setPreset}
                allowDeselect={false}
                w={360}
                error={fieldErrors.preset}
              />
              <NumberInput
                id="field-limit"
                label={t('data.ranking.limit')}
                min={1}
                max={1_000_000}
                value={limit}
                onChange={(v) => setLimit(typeof v === 'number' ? v : Number(v) || 1)}
                thousandSeparator="."
                decimalSeparator=","
                w={180}
                error={fieldErrors.limit}
              />
            </Group>
            <Group>
              <Button type="submit" loading={busy === 'rank'} disabled={!regionCode}>
                {t('data.ranking.submit')}
              </Button>
              <Button
                variant="default"
                onClick={() => void exportAs('xlsx')}
                loading={busy === 'xlsx'}
                disabled={!regionCode}
              >
                {t('data.ranking.xlsx')}
              </Button>
              <Button
                variant="default"
                onClick={() => void exportAs('csv')}
                loading={busy === 'csv'}
                disabled={!regionCode}
              >
                {t('data.ranking.csv')}
              </Button>
            </Group>
            {saved && (
              <Alert color="green" role="status">
                {t('data.ranking.saved', { name: saved })}
              </Alert>
            )}
          </Stack>
        </form>
      </Paper>
      {result && (
        <Paper withBorder p="md" component="section" aria-labelledby="ranking-result">
          <Title order={3} size="h4" id="ranking-result" mb="xs">
            {t('data.ranking.result', {
              count: formatNumber(Math.min(result.total, limit)),
              period: result.dataPeriod ?? '—',
            })}
          </Title>
          {result.items.length === 0 ? (
            <Text>{t('data.ranking.empty')}</Text>
          ) : (
            <ScrollRegion label={t('data.ranking.title')} minWidth={900}>
              <Table striped withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    {(
                      ['rank', 'head', 'nik', 'kk', 'desa', 'desil', 'size', 'elderly', 'underFive', 'flags'] as const
                    ).map((c) => (
                      <Table.Th key={c} scope="col">
                        {t(`data.ranking.col.${c}`)}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.items.map((h) => (
                    <Table.Tr key={h.householdId}>
                      <Table.Td>{formatNumber(h.rank)}</Table.Td>
                      <Table.Th scope="row">{h.headName}</Table.Th>
                      <Table.Td>{h.headNikMasked}</Table.Td>
                      <Table.Td>{h.noKkMasked}</Table.Td>
                      <Table.Td>{h.desaCode}</Table.Td>
                      <Table.Td>{h.desil ?? '—'}</Table.Td>
                      <Table.Td>{formatNumber(h.householdSize)}</Table.Td>
                      <Table.Td>{formatNumber(h.elderly)}</Table.Td>
                      <Table.Td>{formatNumber(h.underFive)}</Table.Td>
                      <Table.Td>{h.flags.join(', ') || '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          )}
          {pages > 1 && (
            <Pagination
              mt="sm"
              total={pages}
              value={page}
              onChange={(p) => void rank(p)}
              getControlProps={(control) => ({
                'aria-label':
                  control === 'previous' ? t('common.previous') : control === 'next' ? t('common.next') : undefined,
              })}
            />
          )}
        </Paper>
      )}
    </Stack>
  );
}
