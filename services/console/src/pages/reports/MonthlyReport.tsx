import { useState } from 'react';
import { Alert, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useApi, useMe } from '../../api/context';
import { ApiError, asApiError, unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { timeZone } from '../../format';
import { t } from '../../i18n';
import { monthName, monthOf, monthsBefore, recentMonths } from './period';

/** Saves a blob under a name through a temporary link (no new window, no personal data in the URL). */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The monthly SLRT activity report of a kab/kota: XLSX or PDF, byte-identical on every download. */
export default function MonthlyReportPage() {
  const api = useApi();
  const me = useMe();
  const kabKotas = [
    ...new Set(me.regionScope.map((code) => code.slice(0, 5)).filter((code) => /^\d{2}\.\d{2}$/.test(code))),
  ];
  const previous = monthsBefore(monthOf(new Date(), timeZone()), 1);
  const [kabKotaCode, setKabKota] = useState(kabKotas[0] ?? '');
  const [month, setMonth] = useState(previous);
  const [error, setError] = useState<ApiError | null>(null);

  const [busy, setBusy] = useState<'xlsx' | 'pdf' | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function download(format: 'xlsx' | 'pdf') {
    setBusy(format);
    setError(null);
    setDone(null);
    try {
      const data = unwrap(
        await api.GET('/v1/reports/monthly', { params: { query: { format, kabKotaCode, month } }, parseAs: 'blob' }),
      );
      const name = `laporan-slrt-${kabKotaCode.replace('.', '')}-${month}.${format}`;
      save(data as Blob, name);
      setDone(name);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(null);
    }
  }

  const fieldErrors = error?.fieldErrors() ?? {};
  return (
    <Stack maw={640}>
      <Title order={2}>{t('reports.monthly.title')}</Title>
      <Text>{t('reports.monthly.intro')}</Text>
      <Paper withBorder p="md">
        <Stack>
          <ProblemAlert
            error={error}
            fieldLabels={{ kabKotaCode: t('reports.monthly.kabKota'), month: t('reports.monthly.month') }}
          />
          {done && (
            <Alert color="green" role="status">
              {t('reports.monthly.downloaded', { name: done })}
            </Alert>
          )}
          {kabKotas.length > 0 ? (
            <Select
              id="field-kabKotaCode"
              label={t('reports.monthly.kabKota')}
              data={kabKotas}
              value={kabKotaCode}
              onChange={(v) => v && setKabKota(v)}
              allowDeselect={false}
              error={fieldErrors.kabKotaCode}
            />
          ) : (
            <TextInput
              id="field-kabKotaCode"
              label={t('reports.monthly.kabKotaCode')}
              value={kabKotaCode}
              onChange={(e) => setKabKota(e.currentTarget.value)}
              error={fieldErrors.kabKotaCode}
            />
          )}
          <Select
            id="field-month"
            label={t('reports.monthly.month')}
            data={recentMonths(previous, 24).map((m) => ({ value: m, label: monthName(m) }))}
            value={month}
            onChange={(v) => v && setMonth(v)}
            allowDeselect={false}
            error={fieldErrors.month}
          />
          <Group>
            <Button onClick={() => void download('xlsx')} loading={busy === 'xlsx'} disabled={!kabKotaCode}>
              {t('reports.monthly.xlsx')}
            </Button>
            <Button
              variant="default"
              onClick={() => void download('pdf')}
              loading={busy === 'pdf'}
              disabled={!kabKotaCode}
            >
              {t('reports.monthly.pdf')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
