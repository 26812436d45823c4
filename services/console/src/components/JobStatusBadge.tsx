import { Badge } from '@mantine/core';
import { t } from '../i18n';

const COLOURS = { running: 'blue', succeeded: 'green', failed: 'red' } as const;
const WORDS = {
  running: 'job.status.running',
  succeeded: 'job.status.succeeded',
  failed: 'job.status.failed',
} as const;

/** The state of a background job (import, verivali) as a word and a colour. */
export function JobStatusBadge({ status }: { status: keyof typeof COLOURS }) {
  return (
    <Badge color={COLOURS[status]} variant="dot" miw="max-content" size="lg">
      {t(WORDS[status])}
    </Badge>
  );
}
