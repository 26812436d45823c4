import { useState } from 'react';
import { Group, Loader, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Schemas } from '@slrt/api-client';
import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollRegion } from '../../components/ScrollRegion';
import { ReportBarChart } from '../../components/ReportCharts';
import { formatNumber, formatPercent, timeZone } from '../../format';
import { t, tOr } from '../../i18n';
import { Freshness } from './Freshness';
import { InformedAndPrelist } from './InformedAndPrelist';
import { monthName, monthOf, monthsBefore, recentMonths } from './period';

type GroupBy = Schemas['KpisV1']['groupBy'];
const GROUPS: GroupBy[] = ['kecamatan', 'desa', 'month', 'channel-group', 'category', 'programme', 'owner'];

function days(stats: Schemas['DurationStatsV1']): string {
  if (stats.median === null || stats.median === undefined) return '—';
  return `${formatNumber(stats.median, 1)} / ${formatNumber(stats.p90 ?? null, 1)}`;
}

/** KPIs of the caller's region scope: headline figures, a chart and the full table by a dimension. */
export default function DashboardPage() {
  const api = useApi();
  const now = monthOf(new Date(), timeZone());
  const months = recentMonths(now, 24);
  const [fromMonth, setFrom] = useState(monthsBefore(now, 5));
  const [toMonth, setTo] = useState(now);
  const [groupBy, setGroupBy] = useState<GroupBy>('kecamatan');

  const total = useQuery({
    queryKey: ['kpis', fromMonth, toMonth, 'none'],
    queryFn: async () =>
      unwrap(await api.GET('/v1/reports/kpis', { params: { query: { fromMonth, toMonth, groupBy: 'none' } } })),
  });
  const grouped = useQuery({
    queryKey: ['kpis', fromMonth, toMonth, groupBy],
    queryFn: async () =>
      unwrap(await api.GET('/v1/reports/kpis', { params: { query: { fromMonth, toMonth, groupBy } } })),
  });
  // Names of the kecamatan and desa in the user's scope (the read model holds codes only).
  const regions = useQuery({
    queryKey: ['scope-regions'],
    staleTime: 3_600_000,
    queryFn: async () => unwrap(await api.GET('/v1/regions')),
  });
  const regionName = new Map<string, string>();
  for (const d of regions.data?.items ?? []) {
    regionName.set(d.code, d.name);
    regionName.set(d.kecamatanCode, `Kec. ${d.kecamatanName}`);
  }
  const head = total.data?.rows[0];
  const groupLabel = t(`reports.groupBy.${groupBy}` as 'reports.groupBy.kecamatan');
  const label = (key: string) => {
    if (groupBy === 'month') return monthName(key);
    if ((groupBy === 'kecamatan' || groupBy === 'desa') && regionName.has(key))
      return `${regionName.get(key)} (${key})`;
    return tOr(`reports.key.${groupBy}.${key}`, key);
  };
  const monthOptions = months.map((m) => ({ value: m, label: monthName(m) }));

  return (
    <Stack>
      <Title order={2}>{t('reports.dashboard.title')}</Title>
      <Group align="end" wrap="wrap">
        <Select
          label={t('reports.period.from')}
          data={monthOptions}
          value={fromMonth}
          onChange={(v) => v && setFrom(v)}
          allowDeselect={false}
          w={200}
        />
        <Select
          label={t('reports.period.to')}
          data={monthOptions}
          value={toMonth}
          onChange={(v) => v && setTo(v)}
          allowDeselect={false}
          w={200}
        />
        <Select
          label={t('reports.groupBy')}
          data={GROUPS.map((g) => ({ value: g, label: t(`reports.groupBy.${g}` as 'reports.groupBy.kecamatan') }))}
          value={groupBy}
          onChange={(v) => v && setGroupBy(v as GroupBy)}
          allowDeselect={false}
          w={220}
        />
      </Group>
      <ProblemAlert error={total.error ?? grouped.error} />
      {total.data && <Freshness freshness={total.data.freshness} workingDays={total.data.workingDays} />}
      {total.isLoading && <Loader aria-label={t('app.loading')} />}
      {head && (
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
          <Figure label={t('reports.dashboard.received')} value={formatNumber(head.complaintsReceived)} />
          <Figure label={t('reports.dashboard.autoTriaged')} value={formatPercent(head.autoTriagedShare ?? null)} />
          <Figure
            label={t('reports.dashboard.closeMedian')}
            value={
              head.closeDays.median === null || head.closeDays.median === undefined
                ? '—'
                : t('reports.days', { value: formatNumber(head.closeDays.median, 1) })
            }
          />
          <Figure label={t('reports.dashboard.breached')} value={formatNumber(head.sla.breached)} />
          <Figure label={t('reports.dashboard.resolvedLocally')} value={formatNumber(head.resolvedLocally)} />
        </SimpleGrid>
      )}
      {total.data && <InformedAndPrelist kpis={total.data} />}
      {grouped.data && grouped.data.rows.length === 0 && <Text>{t('reports.noData')}</Text>}
      {grouped.data && grouped.data.rows.length > 0 && (
        <>
          <Paper withBorder p="md" component="section" aria-labelledby="chart-title">
            <Title order={3} size="h4" id="chart-title" mb="sm">
              {t('reports.dashboard.chart', { group: groupLabel.toLowerCase() })}
            </Title>
            <ReportBarChart
              title={t('reports.dashboard.chart', { group: groupLabel.toLowerCase() })}
              rows={grouped.data.rows.slice(0, 15).map((r) => ({ label: label(r.key), value: r.complaintsReceived }))}
            />
          </Paper>
          <Paper withBorder p="md" component="section" aria-labelledby="table-title">
            <Title order={3} size="h4" id="table-title" mb="sm">
              {t('reports.dashboard.table', { group: groupLabel.toLowerCase() })}
            </Title>
            <ScrollRegion label={t('reports.dashboard.table', { group: groupLabel.toLowerCase() })} minWidth={900}>
              <Table striped withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{groupLabel}</Table.Th>
                    <Table.Th scope="col">{t('reports.col.received')}</Table.Th>
                    <Table.Th scope="col">{t('reports.col.autoShare')}</Table.Th>
                    <Table.Th scope="col">{t('reports.col.triage')}</Table.Th>
                    <Table.Th scope="col">{t('reports.col.referral')}</Table.Th>
                    <Table.Th scope="col">{t('reports.col.answer')}</Table.Th>
                    <Table.Th scope="col">{t('reports.col.close')}</Table.Th>
                    <Table.Th scope="col">{t('reports.col.sla')}</Table.Th>
                    <Table.Th scope="col">{t('reports.col.referrals')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {grouped.data.rows.map((r) => (
                    <Table.Tr key={r.key}>
                      <Table.Th scope="row">{label(r.key)}</Table.Th>
                      <Table.Td>{formatNumber(r.complaintsReceived)}</Table.Td>
                      <Table.Td>{formatPercent(r.autoTriagedShare ?? null)}</Table.Td>
                      <Table.Td>{days(r.triageDays)}</Table.Td>
                      <Table.Td>{days(r.referralDays)}</Table.Td>
                      <Table.Td>{days(r.ownerAnswerDays)}</Table.Td>
                      <Table.Td>{days(r.closeDays)}</Table.Td>
                      <Table.Td>{`${formatNumber(r.sla.onTrack)} / ${formatNumber(r.sla.atRisk)} / ${formatNumber(r.sla.breached)}`}</Table.Td>
                      <Table.Td>{`${formatNumber(r.referrals.sent)} / ${formatNumber(r.referrals.accepted)} / ${formatNumber(r.referrals.rejected)}`}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          </Paper>
        </>
      )}
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </Paper>
  );
}
