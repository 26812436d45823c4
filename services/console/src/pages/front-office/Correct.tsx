import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Group, Loader, Stack, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation, useParams } from 'wouter';
import { useApi } from '../../api/context';
import { ApiError, asApiError, unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { t } from '../../i18n';
import { ComplaintForm } from './ComplaintForm';
import { draftFromDetail, toInput, type ComplaintDraft } from './model';
import { fieldLabels } from './ui';

/** Kept in intake's access audit: the correction page shows the full data because the FO corrects it. */
const CORRECTION_REASON = 'Koreksi data pengaduan oleh petugas (halaman koreksi)';

/**
 * Koreksi: the complaint as recorded (read in full: the correction must send the whole input),
 * edited in the registration's form, saved with the version it was based on. A stale version (someone
 * changed it meanwhile) is explained, the latest version loaded, and the operator's edits kept.
 */
export default function CorrectPage() {
  const { id } = useParams<{ id: string }>();
  const api = useApi();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const complaint = useQuery({
    queryKey: ['complaint', id, 'for-correction'],
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/complaints/{id}', {
          params: { path: { id }, query: { reveal: true, revealReason: CORRECTION_REASON } },
        }),
      ),
    staleTime: 0,
  });
  const [edited, setDraft] = useState<ComplaintDraft | null>(null);
  const [versionSeen, setVersion] = useState<number | null>(null);
  // Until the operator edits, the form shows the complaint as recorded (and its version).
  const draft = edited ?? (complaint.data ? draftFromDetail(complaint.data) : null);
  const version = versionSeen ?? (complaint.data ? (complaint.data.version ?? 1) : null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [stale, setStale] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    if (!draft || version === null) return;
    setBusy(true);
    setError(null);
    setStale(null);
    try {
      const saved = unwrap(
        await api.PUT('/v1/complaints/{id}', {
          params: { path: { id } },
          body: { expectedVersion: version, reason: reason.trim(), complaint: toInput(draft) },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: ['complaint', id] });
      await queryClient.invalidateQueries({ queryKey: ['complaints'] });
      navigate(`/keluhan/${saved.complaintId}?koreksi=${saved.version ?? ''}`);
    } catch (e) {
      const err = asApiError(e);
      if (err.status === 409 && err.code !== 'IDEMPOTENCY_CONFLICT') {
        // Someone changed it meanwhile: the latest version is loaded; the operator's edits stay.
        const latest = await complaint.refetch();
        if (latest.data && (latest.data.version ?? 1) !== version) {
          setStale(latest.data.version ?? 1);
          setVersion(latest.data.version ?? 1);
          setBusy(false);
          return;
        }
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  // The correction's body nests the input under `complaint`: its field errors are named
  // `complaint.subject.nik`; the form's fields are those of the registration (`subject.nik`).
  const shown = error
    ? new ApiError(
        {
          ...error.problem,
          errors: error.problem.errors?.map((e) => ({
            ...e,
            field: e.field.startsWith('complaint.') ? e.field.slice('complaint.'.length) : e.field,
          })),
        },
        error.offline,
      )
    : null;

  if (complaint.isLoading || (complaint.data && !draft)) {
    return (
      <Center p="xl">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (!complaint.data || !draft) return <ProblemAlert error={complaint.error} />;

  return (
    <Stack maw={900}>
      <Title order={2}>{t('fo.form.correctTitle', { number: complaint.data.receiptNumber })}</Title>
      {stale !== null && (
        <Alert
          color="yellow"
          role="alert"
          title={t('error.title')}
          styles={{ title: { color: 'var(--mantine-color-dark-9)' } }}
        >
          {t('fo.correct.stale', { version: stale })}
          <Group mt="xs">
            <Button
              variant="default"
              size="xs"
              onClick={() => complaint.data && setDraft(draftFromDetail(complaint.data))}
            >
              {t('fo.correct.reload')}
            </Button>
          </Group>
        </Alert>
      )}
      <ProblemAlert error={shown} fieldLabels={fieldLabels} />
      <form onSubmit={(ev) => void submit(ev)} noValidate>
        <Stack gap="md">
          <ComplaintForm draft={draft} onChange={setDraft} errors={shown?.fieldErrors() ?? {}} />
          <Textarea
            id="field-reason"
            label={t('fo.form.correctReason')}
            required
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={error?.fieldErrors().reason}
          />
          <Group>
            <Button type="submit" size="md" loading={busy} disabled={reason.trim().length === 0}>
              {t('fo.form.submitCorrection')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
