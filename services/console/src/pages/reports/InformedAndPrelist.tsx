import { List, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import type { Schemas } from '@slrt/api-client';
import { formatNumber } from '../../format';
import { t, tOr } from '../../i18n';

/** Citizens informed (messages delivered, FS visits done) and the prelist pipeline of the period, from the KPIs. */
export function InformedAndPrelist({ kpis }: { kpis: Schemas['KpisV1'] }) {
  const informed = kpis.citizensInformed[0];
  const p = kpis.prelistPipeline;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Paper withBorder p="md" component="section" aria-labelledby="informed-title">
        <Title order={3} size="h4" id="informed-title" mb="sm">
          {t('reports.informed.title')}
        </Title>
        <SimpleGrid cols={3}>
          <Figure label={t('reports.informed.delivered')} value={formatNumber(informed?.messagesDelivered ?? 0)} />
          <Figure label={t('reports.informed.fsVisits')} value={formatNumber(informed?.fsVisitsDone ?? 0)} />
          <Figure label={t('reports.informed.failed')} value={formatNumber(informed?.messagesFailed ?? 0)} />
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="prelist-title">
        <Title order={3} size="h4" id="prelist-title" mb="sm">
          {t('reports.prelist.title')}
        </Title>
        <List spacing={4} size="sm" aria-label={t('reports.prelist.title')}>
          {p.stages.map((s) => (
            <List.Item key={s.stage}>
              {t('reports.prelist.line', {
                stage: tOr(`reports.prelist.stage.${s.stage}`, s.stage),
                reached: formatNumber(s.reached),
                now: formatNumber(s.now),
              })}
            </List.Item>
          ))}
        </List>
        <Text size="sm" mt="xs">
          {t('reports.prelist.out', {
            declined: formatNumber(p.declined),
            rejected: formatNumber(p.rejected),
            withdrawn: formatNumber(p.withdrawn),
          })}
        </Text>
      </Paper>
    </SimpleGrid>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="sm">{label}</Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </div>
  );
}
