import { useState, type FormEvent } from 'react';
import { Alert, Button, FileInput, Group, Paper, Progress, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useSearch } from 'wouter';
import type { operations, Schemas } from '@slrt/api-client';
import { useApi, useSession } from '../../api/context';
import { saveDownload } from '../../api/download';
import { asApiError, unwrap, type ApiError } from '../../api/problem';
import { uploadWithProgress, type UploadProgress } from '../../api/upload';
import { JobStatusBadge } from '../../components/JobStatusBadge';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime, formatNumber, formatPercent } from '../../format';
import { t } from '../../i18n';
import { currentPeriod, rememberJob, rememberedJobs } from './jobs';
import { RecentJobs, UploadBar } from './JobParts';

type ImportJob = Schemas['ImportJobV1'];
type ImportQuery = operations['importRegistrySnapshot']['parameters']['query'];

const ROWS_KEY = (jobId: string) => `slrt.import.rows.${jobId}`;

/** Data rows of a CSV (lines after the header), counted while it uploads; XLSX: unknown. */
async function countCsvRows(file: File): Promise<number | null> {
  if (!/\.csv$/i.test(file.name)) return null;
  const reader = file.stream().getReader();
  let lines = 0;
  let last = 10;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const byte of value) if (byte === 10) lines++;
    if (value.length) last = value[value.length - 1] ?? 10;
  }
  if (last !== 10) lines++;
  return Math.max(0, lines - 1);
}

/**
 * Impor DTKS/DTSEN: the secretariat uploads a registry snapshot (CSV/XLSX) with its column profile
 * and data period. The upload shows its progress (XMLHttpRequest), then the import job's rows as
 * the registry reads them; the job id is in the address, so the page can be left and come back to.
 */
export default function ImportSnapshotPage() {
  const jobId = new URLSearchParams(useSearch()).get('job');
  return jobId ? <ImportJobView jobId={jobId} /> : <ImportForm />;
}

function ImportForm() {
  const api = useApi();
  const session = useSession();
  const [, navigate] = useLocation();
  const [picked, setProfile] = useState<string | null>(null);
  const [dataPeriod, setDataPeriod] = useState(currentPeriod());
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const profiles = useQuery({
    queryKey: ['column-profiles'],
    queryFn: async () => unwrap(await api.GET('/v1/registry/column-profiles')).items,
  });
  const recent = rememberedJobs('import');

  // DTSEN, the current national format, unless another profile is chosen.
  const profile = picked ?? profiles.data?.find((p) => p.code === 'dtsen')?.code ?? profiles.data?.[0]?.code ?? null;

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    if (!file || !profile) return;
    setError(null);
    setProgress({ loaded: 0, total: file.size });
    try {
      const rows = countCsvRows(file).catch(() => null);
      const job = await uploadWithProgress<ImportJob, ImportQuery>(session, {
        path: '/v1/registry/imports',
        query: { profile, dataPeriod },
        file,
        fileName: file.name,
        onProgress: setProgress,
      });
      const total = await rows;
      try {
        if (total !== null) sessionStorage.setItem(ROWS_KEY(job.jobId), String(total));
      } catch {
        /* storage disabled: the bar shows rows read without a total */
      }
      rememberJob('import', job.jobId, job.fileName);
      navigate(`/data/impor?job=${encodeURIComponent(job.jobId)}`);
    } catch (e) {
      setError(asApiError(e));
      setProgress(null);
    }
  }

  const fieldErrors = error?.fieldErrors() ?? {};
  const uploading = progress !== null;
  return (
    <Stack maw={720}>
      <Title order={2}>{t('data.import.title')}</Title>
      <Text>{t('data.import.intro')}</Text>
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <ProblemAlert
              error={error}
              fieldLabels={{ profile: t('data.import.profile'), dataPeriod: t('data.import.period') }}
            />
            <Select
              id="field-profile"
              label={t('data.import.profile')}
              required
              data={(profiles.data ?? []).map((p) => ({ value: p.code, label: `${p.code} — ${p.description}` }))}
              value={profile}
              onChange={setProfile}
              error={fieldErrors.profile}
              allowDeselect={false}
              disabled={uploading}
            />
            <TextInput
              id="field-dataPeriod"
              label={t('data.import.period')}
              description={t('data.import.periodHint')}
              required
              value={dataPeriod}
              onChange={(e) => setDataPeriod(e.currentTarget.value)}
              error={fieldErrors.dataPeriod}
              disabled={uploading}
            />
            <FileInput
              id="field-file"
              label={t('data.import.file')}
              description={t('data.import.fileHint')}
              required
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              value={file}
              onChange={setFile}
              clearable
              disabled={uploading}
              error={fieldErrors.file}
            />
            {uploading && progress && <UploadBar progress={progress} />}
            <Group>
              <Button type="submit" loading={uploading} disabled={!file || !profile}>
                {t('data.import.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <RecentJobs id="recent-imports" jobs={recent} href={(id) => `/data/impor?job=${encodeURIComponent(id)}`} />
    </Stack>
  );
}

function ImportJobView({ jobId }: { jobId: string }) {
  const api = useApi();
  const [downloadError, setDownloadError] = useState<ApiError | null>(null);
  const [downloading, setDownloading] = useState(false);
  const job = useQuery({
    queryKey: ['import-job', jobId],
    queryFn: async () => unwrap(await api.GET('/v1/registry/imports/{jobId}', { params: { path: { jobId } } })),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1_000 : false),
  });
  let total: number | null = null;
  try {
    const stored = sessionStorage.getItem(ROWS_KEY(jobId));
    total = stored === null ? null : Number(stored);
  } catch {
    total = null;
  }

  async function downloadErrors() {
    setDownloadError(null);
    setDownloading(true);
    try {
      saveDownload(
        await api.GET('/v1/registry/imports/{jobId}/errors', { params: { path: { jobId } }, parseAs: 'blob' }),
        `impor-${jobId}-kesalahan.csv`,
      );
    } catch (e) {
      setDownloadError(asApiError(e));
    } finally {
      setDownloading(false);
    }
  }

  const j = job.data;
  const done = j && j.status !== 'running';
  const ratio = !j ? 0 : done ? 1 : total ? Math.min(0.99, j.rowsRead / total) : 0;
  return (
    <Stack maw={720}>
      <Title order={2}>{t('data.import.jobTitle')}</Title>
      <ProblemAlert error={job.error} />
      {j && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Group justify="space-between">
              <Text fw={600}>{j.fileName}</Text>
              <JobStatusBadge status={j.status} />
            </Group>
            <Text size="sm">
              {t('data.import.jobMeta', {
                profile: j.profile,
                period: j.dataPeriod,
                started: formatDateTime(j.startedAt),
              })}
            </Text>
            <Progress.Root size="xl">
              <Progress.Section
                value={ratio * 100}
                color={j.status === 'failed' ? 'red.8' : j.status === 'succeeded' ? 'green.8' : 'blue.8'}
                striped={!done}
                animated={!done}
                aria-label={t('data.import.jobProgress')}
              />
            </Progress.Root>
            <Text aria-live="polite">
              {j.status === 'running'
                ? total
                  ? t('data.import.readingOf', {
                      read: formatNumber(j.rowsRead),
                      total: formatNumber(total),
                      percent: formatPercent(ratio),
                    })
                  : t('data.import.reading', { read: formatNumber(j.rowsRead) })
                : j.status === 'succeeded'
                  ? t('data.import.finished', {
                      accepted: formatNumber(j.rowsAccepted),
                      rejected: formatNumber(j.rowsRejected),
                      finished: formatDateTime(j.finishedAt),
                    })
                  : t('data.import.failed', { finished: formatDateTime(j.finishedAt) })}
            </Text>
            <Group gap="xl">
              <Text size="sm">{t('data.import.rowsRead', { n: formatNumber(j.rowsRead) })}</Text>
              <Text size="sm">{t('data.import.rowsAccepted', { n: formatNumber(j.rowsAccepted) })}</Text>
              <Text size="sm">{t('data.import.rowsRejected', { n: formatNumber(j.rowsRejected) })}</Text>
            </Group>
            {j.status === 'failed' && j.error && (
              <Alert color="red" title={t('data.import.failedTitle')}>
                {j.error}
              </Alert>
            )}
            {j.status === 'succeeded' && (
              <Alert color={j.current ? 'green' : 'yellow'} role="status">
                {j.current ? t('data.import.current') : t('data.import.notCurrent')}
              </Alert>
            )}
            <ProblemAlert error={downloadError} />
            <Group>
              {done && j.rowsRejected > 0 && (
                <Button onClick={() => void downloadErrors()} loading={downloading}>
                  {t('data.import.downloadErrors')}
                </Button>
              )}
              <Button component={Link} href="/data/impor" variant={done && j.rowsRejected > 0 ? 'default' : 'filled'}>
                {t('data.import.another')}
              </Button>
            </Group>
            {!done && <Text size="sm">{t('data.import.leaveHint')}</Text>}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
