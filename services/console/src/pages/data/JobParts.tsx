import { Anchor, List, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { Link } from 'wouter';
import type { UploadProgress } from '../../api/upload';
import { formatDateTime, formatPercent } from '../../format';
import { t } from '../../i18n';
import { formatBytes, type RememberedJob } from './jobs';

/** A file being sent: the bar and, in words, how much of it has gone ("16 KB dari 131,8 KB (12,1 %)"). */
export function UploadBar({ progress }: { progress: UploadProgress }) {
  const ratio = progress.total > 0 ? progress.loaded / progress.total : 0;
  return (
    <Stack gap={4} aria-live="polite">
      <Progress.Root size="xl">
        <Progress.Section value={ratio * 100} aria-label={t('data.import.uploadProgress')} animated={ratio < 1} />
      </Progress.Root>
      <Text size="sm">
        {ratio < 1
          ? t('data.import.uploading', {
              sent: formatBytes(progress.loaded),
              total: formatBytes(progress.total),
              percent: formatPercent(ratio),
            })
          : t('data.import.uploaded')}
      </Text>
    </Stack>
  );
}

/** The jobs this browser started recently, each a link back to its progress page. */
export function RecentJobs({ id, jobs, href }: { id: string; jobs: RememberedJob[]; href: (jobId: string) => string }) {
  if (jobs.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={3} size="h5" id={id} mb="xs">
        {t('data.import.recent')}
      </Title>
      <List size="sm">
        {jobs.map((j) => (
          <List.Item key={j.id}>
            <Anchor component={Link} href={href(j.id)}>
              {j.label}
            </Anchor>{' '}
            — {formatDateTime(j.at)}
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}
