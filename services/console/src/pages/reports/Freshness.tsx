import { Text } from '@mantine/core';
import type { Schemas } from '@slrt/api-client';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';

/** "Data sampai 1 Desember 2026, 10.42 WIB": how far the read model has caught up. */
export function Freshness({
  freshness,
  workingDays,
}: {
  freshness: Schemas['ProjectionFreshnessV1'];
  workingDays?: 'holiday-calendar' | 'weekends-only';
}) {
  return (
    <Text size="sm" c="dimmed" role="status">
      {freshness.dataUpTo ? t('reports.lag', { time: formatDateTime(freshness.dataUpTo) }) : t('reports.lag.none')}
      {workingDays ? `. ${t(`reports.workingDays.${workingDays}`)}` : ''}
    </Text>
  );
}
