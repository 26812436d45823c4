import { useMemo, useState } from 'react';
import { Badge, Group, Loader, Paper, Select, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Schemas } from '@slrt/api-client';
import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollRegion } from '../../components/ScrollRegion';
import { formatDate, formatNumber, timeZone } from '../../format';
import { t, type MessageKey } from '../../i18n';
import { Freshness } from './Freshness';
import { monthName, monthOf, recentMonths } from './period';

type Row = Schemas['PuskesosActivityRowV1'];
type SortKey =
  | 'desaName'
  | 'kecamatanName'
  | 'complaintsReceived'
  | 'complaintsByFs'
  | 'backlogAtEnd'
  | 'casesOpen'
  | 'casesOverdue'
  | 'complaintsClosed'
  | 'lastActivityAt';

/** Columns that sort, in table order; the first sort of a number column is descending (the busiest or most behind first). */
const COLUMNS: Array<{ key: SortKey; label: MessageKey; numeric: boolean }> = [
  { key: 'desaName', label: 'reports.puskesos.col.desa', numeric: false },
  { key: 'kecamatanName', label: 'reports.puskesos.col.kecamatan', numeric: false },
  { key: 'complaintsReceived', label: 'reports.puskesos.col.received', numeric: true },
  { key: 'complaintsByFs', label: 'reports.puskesos.col.byFs', numeric: true },
  { key: 'backlogAtEnd', label: 'reports.puskesos.col.backlog', numeric: true },
  { key: 'casesOpen', label: 'reports.puskesos.col.open', numeric: true },
  { key: 'casesOverdue', label: 'reports.puskesos.col.overdue', numeric: true },
  { key: 'complaintsClosed', label: 'reports.puskesos.col.closed', numeric: true },
  { key: 'lastActivityAt', label: 'reports.puskesos.col.lastActivity', numeric: true },
];

function compare(a: Row, b: Row, key: SortKey): number {
  const x = a[key];
  const y = b[key];
  if (x === y) return a.desaCode.localeCompare(b.desaCode);
  if (x === null || x === undefined) return -1;
  if (y === null || y === undefined) return 1;
  return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'id');
}

/**
 * Pemantauan Puskesos (seed 001: the kab/kota monitors the Puskesos of its desa/kelurahan with the
 * kecamatan): per Puskesos the month's complaints, the backlog, open and overdue cases, the last
 * activity, flagged when nothing happened this month or the backlog grew. Sortable by any column,
 * filtered by kecamatan; the API limits it to the caller's region.
 */
export default function PuskesosMonitoringPage() {
  const api = useApi();
  const now = monthOf(new Date(), timeZone());
  const [month, setMonth] = useState(now);
  const [kecamatan, setKecamatan] = useState<string | null>(null);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'backlogAtEnd', desc: true });
  const [flaggedOnly, setFlaggedOnly] = useState<string | null>('all');
  const report = useQuery({
    queryKey: ['puskesos', month],
    queryFn: async () => unwrap(await api.GET('/v1/reports/puskesos', { params: { query: { month } } })),
  });
  const rows = useMemo(() => report.data?.rows ?? [], [report.data]);
  const kecamatanOptions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const r of rows) seen.set(r.kecamatanCode, r.kecamatanName);
    return [...seen]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([code, name]) => ({ value: code, label: `${name} (${code})` }));
  }, [rows]);
  const shown = useMemo(() => {
    const filtered = rows.filter(
      (r) =>
        (!kecamatan || r.kecamatanCode === kecamatan) &&
        (flaggedOnly === 'all' || r.flags.includes(flaggedOnly as Row['flags'][number])),
    );
    const sorted = [...filtered].sort((a, b) => compare(a, b, sort.key));
    return sort.desc ? sorted.reverse() : sorted;
  }, [rows, kecamatan, sort, flaggedOnly]);
  const flaggedCount = (flag: Row['flags'][number]) =>
    rows.filter((r) => (!kecamatan || r.kecamatanCode === kecamatan) && r.flags.includes(flag)).length;
  const sortBy = (key: SortKey, numeric: boolean) =>
    setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: numeric }));

  return (
    <Stack>
      <Title order={2}>{t('reports.puskesos.title')}</Title>
      <Text>{t('reports.puskesos.intro')}</Text>
      <Group align="end">
        <Select
          label={t('reports.puskesos.month')}
          data={recentMonths(now, 24).map((m) => ({ value: m, label: monthName(m) }))}
          value={month}
          onChange={(v) => v && setMonth(v)}
          allowDeselect={false}
          w={200}
        />
        <Select
          label={t('reports.puskesos.kecamatan')}
          placeholder={t('reports.puskesos.allKecamatan')}
          data={kecamatanOptions}
          value={kecamatan}
          onChange={setKecamatan}
          clearable
          searchable
          w={260}
        />
        <Select
          label={t('reports.puskesos.show')}
          data={[
            { value: 'all', label: t('reports.puskesos.show.all') },
            { value: 'no-activity', label: t('reports.puskesos.flag.no-activity') },
            { value: 'growing-backlog', label: t('reports.puskesos.flag.growing-backlog') },
          ]}
          value={flaggedOnly}
          onChange={setFlaggedOnly}
          allowDeselect={false}
          w={240}
        />
      </Group>
      <ProblemAlert error={report.error} />
      {report.isLoading && <Loader aria-label={t('app.loading')} />}
      {report.data && <Freshness freshness={report.data.freshness} />}
      {report.data && (
        <Text size="sm">
          {t('reports.puskesos.summary', {
            count: formatNumber(shown.length),
            idle: formatNumber(flaggedCount('no-activity')),
            growing: formatNumber(flaggedCount('growing-backlog')),
          })}
          {report.data.citizensInformedCounted ? '' : ` ${t('reports.puskesos.informedPending')}`}
        </Text>
      )}
      {report.data && (
        <Paper withBorder p="md">
          <ScrollRegion label={t('reports.puskesos.table')} minWidth={1100}>
            <Table striped withTableBorder>
              <Table.Caption>{t('reports.puskesos.caption', { month: monthName(month) })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  {COLUMNS.map((c) => (
                    <Table.Th
                      key={c.key}
                      scope="col"
                      aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                    >
                      <UnstyledButton onClick={() => sortBy(c.key, c.numeric)} fw={700} fz="sm">
                        {t(c.label)}
                        {sort.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                      </UnstyledButton>
                    </Table.Th>
                  ))}
                  <Table.Th scope="col">{t('reports.puskesos.col.informed')}</Table.Th>
                  <Table.Th scope="col">{t('reports.puskesos.col.flags')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((r) => (
                  <Table.Tr key={r.desaCode}>
                    <Table.Th scope="row">
                      {r.desaName}{' '}
                      <Text span size="xs" c="dimmed">
                        ({r.desaCode})
                      </Text>
                    </Table.Th>
                    <Table.Td>{r.kecamatanName}</Table.Td>
                    <Table.Td>{formatNumber(r.complaintsReceived)}</Table.Td>
                    <Table.Td>{formatNumber(r.complaintsByFs)}</Table.Td>
                    <Table.Td>
                      {t('reports.puskesos.backlog', {
                        start: formatNumber(r.backlogAtStart),
                        end: formatNumber(r.backlogAtEnd),
                      })}
                    </Table.Td>
                    <Table.Td>{formatNumber(r.casesOpen)}</Table.Td>
                    <Table.Td>
                      <Text
                        span
                        size="sm"
                        fw={r.casesOverdue > 0 ? 700 : undefined}
                        c={r.casesOverdue > 0 ? 'red.9' : undefined}
                      >
                        {formatNumber(r.casesOverdue)}
                      </Text>
                    </Table.Td>
                    <Table.Td>{formatNumber(r.complaintsClosed)}</Table.Td>
                    <Table.Td>{r.lastActivityAt ? formatDate(r.lastActivityAt) : t('reports.puskesos.never')}</Table.Td>
                    <Table.Td>
                      {r.fsVisitsDone === null && r.messagesDelivered === null
                        ? t('reports.puskesos.notCounted')
                        : `${formatNumber(r.fsVisitsDone)} / ${formatNumber(r.messagesDelivered)}`}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {r.flags.map((f) => (
                          <Badge
                            key={f}
                            color={f === 'no-activity' ? 'gray.3' : 'orange.2'}
                            autoContrast
                            variant="filled"
                            radius="sm"
                            style={{ textTransform: 'none' }}
                          >
                            {t(`reports.puskesos.flag.${f}`)}
                          </Badge>
                        ))}
                      </Group>
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
