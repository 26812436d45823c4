import { useState } from 'react';
import { Group, Loader, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollRegion } from '../../components/ScrollRegion';
import { ReportSparkline } from '../../components/ReportCharts';
import { formatNumber, formatPercent, timeZone } from '../../format';
import { t } from '../../i18n';
import { Freshness } from './Freshness';
import { monthName, monthOf, monthsBefore, recentMonths } from './period';

/** Per programme owner: open referrals, overdue, response time, acceptance rate, monthly trend. */
export default function OwnerBoardPage() {
  const api = useApi();
  const now = monthOf(new Date(), timeZone());
  const [fromMonth, setFrom] = useState(monthsBefore(now, 5));
  const [toMonth, setTo] = useState(now);
  const board = useQuery({
    queryKey: ['owner-board', fromMonth, toMonth],
    queryFn: async () =>
      unwrap(await api.GET('/v1/reports/owner-board', { params: { query: { fromMonth, toMonth } } })),
  });
  const monthOptions = recentMonths(now, 24).map((m) => ({ value: m, label: monthName(m) }));

  return (
    <Stack>
      <Title order={2}>{t('reports.ownerBoard.title')}</Title>
      <Text>{t('reports.ownerBoard.intro')}</Text>
      <Group align="end">
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
      </Group>
      <ProblemAlert error={board.error} />
      {board.isLoading && <Loader aria-label={t('app.loading')} />}
      {board.data && <Freshness freshness={board.data.freshness} workingDays={board.data.workingDays} />}
      {board.data && board.data.rows.length === 0 && <Text>{t('reports.noData')}</Text>}
      {board.data && board.data.rows.length > 0 && (
        <Paper withBorder p="md">
          <ScrollRegion label={t('reports.ownerBoard.title')} minWidth={900}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('reports.col.owner')}</Table.Th>
                  <Table.Th scope="col">{t('reports.col.sent')}</Table.Th>
                  <Table.Th scope="col">{t('reports.col.open')}</Table.Th>
                  <Table.Th scope="col">{t('reports.col.overdue')}</Table.Th>
                  <Table.Th scope="col">{t('reports.col.responseMedian')}</Table.Th>
                  <Table.Th scope="col">{t('reports.col.acceptance')}</Table.Th>
                  <Table.Th scope="col">{t('reports.col.trend')}</Table.Th>
                  <Table.Th scope="col">{t('reports.col.reasons')}</Table.Th>
                  <Table.Th scope="col">{t('reports.col.outcomes')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {board.data.rows.map((r) => (
                  <Table.Tr key={r.ownerCode}>
                    <Table.Th scope="row">{r.ownerCode}</Table.Th>
                    <Table.Td>{formatNumber(r.sent)}</Table.Td>
                    <Table.Td>{formatNumber(r.openReferrals)}</Table.Td>
                    <Table.Td>
                      <Text span fw={r.overdue > 0 ? 700 : undefined} c={r.overdue > 0 ? 'red.9' : undefined}>
                        {formatNumber(r.overdue)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {r.responseDays.median === null || r.responseDays.median === undefined
                        ? '—'
                        : t('reports.days', { value: formatNumber(r.responseDays.median, 1) })}
                    </Table.Td>
                    <Table.Td>{formatPercent(r.acceptanceRate ?? null)}</Table.Td>
                    <Table.Td>
                      <ReportSparkline
                        label={t('reports.trend.label', {
                          owner: r.ownerCode,
                          values: r.trend.map((m) => `${monthName(m.month)} ${m.sent}`).join(', '),
                        })}
                        values={r.trend.map((m) => m.sent)}
                      />
                    </Table.Td>
                    <Table.Td>
                      {r.rejectionReasons
                        .slice(0, 3)
                        .map((x) => `${x.reasonCode} (${formatNumber(x.count)})`)
                        .join(', ') || '—'}
                    </Table.Td>
                    <Table.Td>
                      {t('reports.outcomes.value', {
                        verified: formatNumber(r.outcomes.verified),
                        disputed: formatNumber(r.outcomes.disputed),
                        unverified: formatNumber(r.outcomes.unverified),
                      })}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        </Paper>
      )}
    </Stack>
  );
}
