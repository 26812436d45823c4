import { useState, type FormEvent } from 'react';
import { Alert, Button, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useApi } from '../../api/context';
import { saveDownload } from '../../api/download';
import { asApiError, type ApiError } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFocusBack } from '../../components/focus';
import { t } from '../../i18n';

type PurposeKind = 'complaint' | 'service' | 'document';

/**
 * Surat Keterangan Terdaftar DTKS: the PDF for a NIK found in the current snapshot (asking again in
 * the same data period gives the same letter; the lookup is audited with its purpose). A NIK not
 * in the registry is answered in place, in the API's words.
 */
export default function StatementPage() {
  const api = useApi();
  const [nik, setNik] = useState('');
  const [kind, setKind] = useState<PurposeKind>('document');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submitButton = useFocusBack<HTMLButtonElement>(busy);

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const result = await api.POST('/v1/registry/statements', {
        body: { nik: nik.trim(), purpose: { kind, reference: reference.trim() || null } },
        parseAs: 'blob',
      });
      setSaved(saveDownload(result, 'surat-keterangan-dtks.pdf'));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  const fieldErrors = error?.fieldErrors() ?? {};
  return (
    <Stack maw={640}>
      <Title order={2}>{t('data.statement.title')}</Title>
      <Text>{t('data.statement.intro')}</Text>
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate>
          <Stack>
            <ProblemAlert
              error={error}
              fieldLabels={{
                nik: t('data.statement.nik'),
                'purpose.kind': t('data.statement.purpose'),
                'purpose.reference': t('data.statement.reference'),
              }}
            />
            {saved && (
              <Alert color="green" role="status">
                {t('data.statement.saved', { name: saved })}
              </Alert>
            )}
            <TextInput
              id="field-nik"
              label={t('data.statement.nik')}
              description={t('data.statement.nikHint')}
              inputMode="numeric"
              autoComplete="off"
              maxLength={16}
              required
              value={nik}
              onChange={(e) => setNik(e.currentTarget.value.replace(/\D/g, ''))}
              error={fieldErrors.nik}
            />
            <Select
              id="field-purpose.kind"
              label={t('data.statement.purpose')}
              data={(['document', 'service', 'complaint'] as const).map((k) => ({
                value: k,
                label: t(`data.statement.purpose.${k}`),
              }))}
              value={kind}
              onChange={(v) => v && setKind(v as PurposeKind)}
              allowDeselect={false}
              error={fieldErrors['purpose.kind']}
            />
            <TextInput
              id="field-purpose.reference"
              label={t('data.statement.reference')}
              description={t('data.statement.referenceHint')}
              maxLength={120}
              value={reference}
              onChange={(e) => setReference(e.currentTarget.value)}
              error={fieldErrors['purpose.reference']}
            />
            <Button ref={submitButton} type="submit" loading={busy} disabled={nik.length !== 16}>
              {t('data.statement.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
