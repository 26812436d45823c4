import { useState } from 'react';
import { Group, Loader, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollRegion } from '../../components/ScrollRegion';
import { formatDateTime, formatNumber, timeZone } from '../../format';
import { t } from '../../i18n';
import { monthName, monthOf, monthsBefore, recentMonths } from './period';

/** The figures of a row, in the table's column order. */
const FIGURES = [
  'received',
  'receivedFo',
  'receivedFs',
  'referralsSent',
  'ownerAnswers',
  'resolved',
  'rejected',
  'resolvedAtPuskesos',
  'openOnTrack',
  'openAtRisk',
  'openBreached',
] as const;
type Figures = Record<(typeof FIGURES)[number], number>;

/**
 * The province hub's view (issue 13): the monthly figures each kab/kota sent, one row each, with
 * when the hub received them; a kab/kota that has not reported the month is said so, not counted.
 * On the national hub (kab/kota of several provinces) the sums per province come first.
 */
export default function ProvinceRollupPage() {
  const api = useApi();
  const now = monthOf(new Date(), timeZone());
  const [month, setMonth] = useState(monthsBefore(now, 1));
  const rollup = useQuery({
    queryKey: ['rollup', month],
    queryFn: async () => unwrap(await api.GET('/v1/reports/rollup', { params: { query: { month } } })),
  });
  const data = rollup.data;
  const cells = (f: Figures) => FIGURES.map((k) => <Table.Td key={k}>{formatNumber(f[k])}</Table.Td>);

  return (
    <Stack>
      <Title order={2}>{t('reports.rollup.title')}</Title>
      <Text>{t('reports.rollup.intro')}</Text>
      <Group align="end">
        <Select
          label={t('reports.rollup.month')}
          data={recentMonths(now, 24).map((m) => ({ value: m, label: monthName(m) }))}
          value={month}
          onChange={(v) => v && setMonth(v)}
          allowDeselect={false}
          w={220}
        />
      </Group>
      <ProblemAlert error={rollup.error} />
      {rollup.isLoading && <Loader aria-label={t('app.loading')} />}
      {data && data.rows.length === 0 && <Text>{t('reports.rollup.none')}</Text>}
      {data && data.provinces.length > 1 && (
        <Paper withBorder p="md">
          <Title order={3} size="h4" mb="sm">
            {t('reports.rollup.provinces.title')}
          </Title>
          <ScrollRegion label={t('reports.rollup.provinces.title')} minWidth={1100}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('reports.rollup.col.province')}</Table.Th>
                  <Table.Th scope="col">{t('reports.rollup.col.reportedOf')}</Table.Th>
                  {FIGURES.map((k) => (
                    <Table.Th scope="col" key={k}>
                      {t(`reports.rollup.col.${k}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.provinces.map((p) => (
                  <Table.Tr key={p.provinceCode}>
                    <Table.Th scope="row">{`${p.name} (${p.provinceCode})`}</Table.Th>
                    <Table.Td>
                      {t('reports.rollup.reportedOf', {
                        reported: formatNumber(p.reported),
                        listed: formatNumber(p.listed),
                      })}
                    </Table.Td>
                    {cells(p.totals as Figures)}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        </Paper>
      )}
      {data && data.rows.length > 0 && (
        <Paper withBorder p="md">
          <Text role="status" mb="sm">
            {t('reports.rollup.reported', {
              reported: formatNumber(data.reported),
              total: formatNumber(data.rows.length),
              month: monthName(data.month),
            })}
          </Text>
          <ScrollRegion label={t('reports.rollup.title')} minWidth={1100}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('reports.rollup.col.kabKota')}</Table.Th>
                  {FIGURES.map((k) => (
                    <Table.Th scope="col" key={k}>
                      {t(`reports.rollup.col.${k}`)}
                    </Table.Th>
                  ))}
                  <Table.Th scope="col">{t('reports.rollup.col.received_at')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.rows.map((r) => (
                  <Table.Tr key={r.kabKotaCode}>
                    <Table.Th scope="row">{`${r.name} (${r.kabKotaCode})`}</Table.Th>
                    {r.totals ? (
                      cells(r.totals as Figures)
                    ) : (
                      <Table.Td colSpan={FIGURES.length}>
                        <Text span fw={700} c="red.9">
                          {t('reports.rollup.notReported')}
                        </Text>
                      </Table.Td>
                    )}
                    <Table.Td>
                      {r.receivedAt
                        ? t('reports.rollup.version', {
                            version: formatNumber(r.version ?? 0),
                            at: formatDateTime(r.receivedAt),
                          })
                        : '—'}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th scope="row">{t('reports.rollup.total')}</Table.Th>
                  {cells(data.totals as Figures)}
                  <Table.Td />
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </ScrollRegion>
        </Paper>
      )}
    </Stack>
  );
}
