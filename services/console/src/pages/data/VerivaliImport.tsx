import { useState, type FormEvent } from 'react';
import { Alert, Button, FileInput, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useSearch } from 'wouter';
import type { Schemas } from '@slrt/api-client';
import { useApi, useSession } from '../../api/context';
import { asApiError, unwrap, type ApiError } from '../../api/problem';
import { uploadWithProgress, type UploadProgress } from '../../api/upload';
import { JobStatusBadge } from '../../components/JobStatusBadge';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime, formatNumber } from '../../format';
import { t } from '../../i18n';
import { rememberJob, rememberedJobs } from './jobs';
import { RecentJobs, UploadBar } from './JobParts';

type VerivaliImport = Schemas['VerivaliImportV1'];

/**
 * Hasil verivali: the secretariat uploads the SIKS-NG verification result file; the registry
 * applies it in the background and reports applied / unchanged / refused / invalid lines with the
 * errors per line. The job id is in the address.
 */
export default function VerivaliImportPage() {
  const jobId = new URLSearchParams(useSearch()).get('job');
  return jobId ? <VerivaliJobView jobId={jobId} /> : <VerivaliForm />;
}

function VerivaliForm() {
  const session = useSession();
  const [, navigate] = useLocation();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const recent = rememberedJobs('verivali');

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    if (!file) return;
    setError(null);
    setProgress({ loaded: 0, total: file.size });
    try {
      const job = await uploadWithProgress<VerivaliImport, Record<string, never>>(session, {
        path: '/v1/siks/verivali-imports',
        query: {},
        file,
        fileName: file.name,
        onProgress: setProgress,
      });
      rememberJob('verivali', job.jobId, job.fileName);
      navigate(`/data/verivali?job=${encodeURIComponent(job.jobId)}`);
    } catch (e) {
      setError(asApiError(e));
      setProgress(null);
    }
  }

  return (
    <Stack maw={720}>
      <Title order={2}>{t('data.verivali.title')}</Title>
      <Text>{t('data.verivali.intro')}</Text>
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <ProblemAlert error={error} />
            <FileInput
              id="field-file"
              label={t('data.verivali.file')}
              description={t('data.import.fileHint')}
              required
              accept=".csv,.xlsx"
              value={file}
              onChange={setFile}
              clearable
              disabled={progress !== null}
            />
            {progress && <UploadBar progress={progress} />}
            <Group>
              <Button type="submit" loading={progress !== null} disabled={!file}>
                {t('data.verivali.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <RecentJobs id="recent-verivali" jobs={recent} href={(id) => `/data/verivali?job=${encodeURIComponent(id)}`} />
    </Stack>
  );
}

function VerivaliJobView({ jobId }: { jobId: string }) {
  const api = useApi();
  const job = useQuery({
    queryKey: ['verivali-import', jobId],
    queryFn: async () => unwrap(await api.GET('/v1/siks/verivali-imports/{id}', { params: { path: { id: jobId } } })),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1_000 : false),
  });
  const j = job.data;
  const done = j && j.status !== 'running';
  const handled = j ? j.applied + j.unchanged + j.refused + j.invalid : 0;
  const ratio = !j ? 0 : done ? 1 : j.lines > 0 ? Math.min(0.99, handled / j.lines) : 0;
  return (
    <Stack maw={900}>
      <Title order={2}>{t('data.verivali.jobTitle')}</Title>
      <ProblemAlert error={job.error} />
      {j && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Group justify="space-between">
              <Text fw={600}>{j.fileName}</Text>
              <JobStatusBadge status={j.status} />
            </Group>
            <Text size="sm">{t('data.verivali.started', { started: formatDateTime(j.startedAt) })}</Text>
            <Progress.Root size="xl">
              <Progress.Section
                value={ratio * 100}
                color={j.status === 'failed' ? 'red.8' : j.status === 'succeeded' ? 'green.8' : 'blue.8'}
                striped={!done}
                animated={!done}
                aria-label={t('data.verivali.progress')}
              />
            </Progress.Root>
            <Text aria-live="polite">
              {j.status === 'running'
                ? t('data.verivali.running', { done: formatNumber(handled), lines: formatNumber(j.lines) })
                : j.status === 'succeeded'
                  ? t('data.verivali.finished', { finished: formatDateTime(j.finishedAt) })
                  : t('data.import.failed', { finished: formatDateTime(j.finishedAt) })}
            </Text>
            <Group gap="xl">
              <Text size="sm">{t('data.verivali.applied', { n: formatNumber(j.applied) })}</Text>
              <Text size="sm">{t('data.verivali.unchanged', { n: formatNumber(j.unchanged) })}</Text>
              <Text size="sm">{t('data.verivali.refused', { n: formatNumber(j.refused) })}</Text>
              <Text size="sm">{t('data.verivali.invalid', { n: formatNumber(j.invalid) })}</Text>
            </Group>
            {j.error && (
              <Alert color="red" title={t('data.import.failedTitle')}>
                {j.error}
              </Alert>
            )}
            {j.errors.length > 0 && (
              <section aria-labelledby="verivali-errors">
                <Title order={3} size="h5" id="verivali-errors" mb="xs">
                  {t('data.verivali.errors')}
                </Title>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('data.verivali.line')}</Table.Th>
                      <Table.Th>{t('data.verivali.column')}</Table.Th>
                      <Table.Th>{t('data.verivali.message')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {j.errors.map((e, i) => (
                      <Table.Tr key={i}>
                        <Table.Td>{e.baris}</Table.Td>
                        <Table.Td>{e.kolom}</Table.Td>
                        <Table.Td>{e.pesan}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </section>
            )}
            <Group>
              <Button component={Link} href="/data/verivali" variant="default">
                {t('data.verivali.another')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
