import { useState, type FormEvent } from 'react';
import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  NumberInput,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'wouter';
import { useApi } from '../../api/context';
import { asApiError, unwrap, type ApiError } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollRegion } from '../../components/ScrollRegion';
import { formatDate, formatDateTime } from '../../format';
import { t, tOr } from '../../i18n';
import { FieldVerificationForm, FieldVerificationSummary } from './FieldVerification';
import { PrelistStatusBadge } from './Prelist';

/**
 * One prelist entry: the household (members masked as the API gives them), its history, and the
 * musdes/muskel decision and then the field verification when the user may record them (the API's
 * `allowedActions`), sent with the version read so a concurrent change is explained rather than
 * overwritten.
 */
export default function PrelistEntryPage() {
  const { id } = useParams<{ id: string }>();
  const api = useApi();
  const queryClient = useQueryClient();
  const entry = useQuery({
    queryKey: ['prelist-entry', id],
    queryFn: async () => unwrap(await api.GET('/v1/prelist-entries/{id}', { params: { path: { id } } })),
  });
  const [date, setDate] = useState('');
  const [minutesNumber, setMinutes] = useState('');
  const [attendance, setAttendance] = useState<number | ''>('');
  const [decision, setDecision] = useState<'agreed' | 'not-agreed' | ''>('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [verified, setVerified] = useState(false);

  if (entry.isPending) return <Loader aria-label={t('app.loading')} />;
  if (!entry.data) return <ProblemAlert error={entry.error} />;
  const e = entry.data;
  const canRecord = e.allowedActions.includes('record-musdes');
  const canVerify = e.allowedActions.includes('record-verification');
  const anyOutcome = e.members.some((m) => m.verificationOutcome);
  async function refresh() {
    await queryClient.invalidateQueries({ queryKey: ['prelist-entry', id] });
    await queryClient.invalidateQueries({ queryKey: ['prelist'] });
  }

  async function record(ev: FormEvent) {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    try {
      unwrap(
        await api.POST('/v1/prelist-entries/{id}/musdes', {
          params: { path: { id } },
          body: {
            expectedVersion: e.version,
            date,
            minutesNumber: minutesNumber.trim(),
            attendance: attendance === '' ? 0 : attendance,
            decision: decision as 'agreed' | 'not-agreed',
            note: note.trim() || null,
          },
        }),
      );
      setSaved(true);
    } catch (err) {
      const problem = asApiError(err);
      setError(problem);
      // A stale version: show the entry as it is now; what was typed stays in the form.
      if (problem.status === 409) await queryClient.invalidateQueries({ queryKey: ['prelist-entry', id] });
    } finally {
      setBusy(false);
      await refresh();
    }
  }

  const fieldErrors = error?.fieldErrors() ?? {};
  const head = e.members.find((m) => m.relationship === 'kepala-keluarga') ?? e.members[0];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('data.prelist.entry.title', { name: head?.name ?? '—' })}</Title>
        <PrelistStatusBadge status={e.status} />
      </Group>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Text size="sm">
            {t('data.prelist.col.desa')}: {e.desaCode}
          </Text>
          <Text size="sm">
            {t('data.prelist.entry.members')}: {e.memberCount}
          </Text>
          <Text size="sm">
            {t('data.prelist.entry.source')}: {tOr(`data.prelist.source.${e.source}`, e.source)}
          </Text>
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="members-title">
        <Title order={3} size="h4" id="members-title" mb="xs">
          {t('data.prelist.entry.members')}
        </Title>
        <ScrollRegion label={t('data.prelist.entry.members')} minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('data.prelist.member.name')}</Table.Th>
                <Table.Th scope="col">{t('data.prelist.member.relationship')}</Table.Th>
                <Table.Th scope="col">NIK</Table.Th>
                <Table.Th scope="col">{t('data.prelist.member.birthDate')}</Table.Th>
                {anyOutcome && <Table.Th scope="col">{t('data.prelist.member.verification')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {e.members.map((m) => (
                <Table.Tr key={m.memberId}>
                  <Table.Th scope="row">{m.name}</Table.Th>
                  <Table.Td>{tOr(`data.prelist.relationship.${m.relationship}`, m.relationship)}</Table.Td>
                  <Table.Td>{m.nik ?? '—'}</Table.Td>
                  <Table.Td>{m.birthDate ? formatDate(m.birthDate) : '—'}</Table.Td>
                  {anyOutcome && (
                    <Table.Td>
                      {m.verificationOutcome ? t(`data.prelist.verify.outcome.${m.verificationOutcome}`) : '—'}
                      {m.verificationNote ? ` (${m.verificationNote})` : ''}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
        <FieldVerificationSummary entry={e} />
      </Paper>
      {e.musdes && (
        <Paper withBorder p="md" component="section" aria-labelledby="musdes-title">
          <Title order={3} size="h4" id="musdes-title" mb="xs">
            {t('data.prelist.musdes.recorded')}
          </Title>
          <Text size="sm">
            {t('data.prelist.musdes.summary', {
              date: formatDate(e.musdes.date),
              number: e.musdes.minutesNumber,
              attendance: e.musdes.attendance,
              decision: t(`data.prelist.musdes.decision.${e.musdes.decision}`),
            })}
          </Text>
          {e.musdes.meetingId && (
            <Anchor component={Link} href={`/data/musdes/${e.musdes.meetingId}`} size="sm">
              {t('data.prelist.musdes.meeting')}
            </Anchor>
          )}
        </Paper>
      )}
      {canRecord && (
        <Paper withBorder p="md" component="section" aria-labelledby="record-title">
          <Title order={3} size="h4" id="record-title" mb="xs">
            {t('data.prelist.musdes.title')}
          </Title>
          <form onSubmit={record} noValidate>
            <Stack>
              <ProblemAlert
                error={error}
                fieldLabels={{
                  date: t('data.prelist.musdes.date'),
                  minutesNumber: t('data.prelist.musdes.minutes'),
                  attendance: t('data.prelist.musdes.attendance'),
                  decision: t('data.prelist.musdes.decision'),
                }}
              />
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  id="field-date"
                  type="date"
                  label={t('data.prelist.musdes.date')}
                  required
                  value={date}
                  onChange={(ev) => setDate(ev.currentTarget.value)}
                  error={fieldErrors.date}
                />
                <TextInput
                  id="field-minutesNumber"
                  label={t('data.prelist.musdes.minutes')}
                  required
                  value={minutesNumber}
                  onChange={(ev) => setMinutes(ev.currentTarget.value)}
                  error={fieldErrors.minutesNumber}
                />
                <NumberInput
                  id="field-attendance"
                  label={t('data.prelist.musdes.attendance')}
                  required
                  min={1}
                  max={10000}
                  value={attendance}
                  onChange={(v) => setAttendance(typeof v === 'number' ? v : '')}
                  error={fieldErrors.attendance}
                />
              </SimpleGrid>
              <Radio.Group
                id="field-decision"
                label={t('data.prelist.musdes.decision')}
                required
                value={decision}
                onChange={(v) => setDecision(v as 'agreed' | 'not-agreed')}
                error={fieldErrors.decision}
              >
                <Group mt={4}>
                  <Radio value="agreed" label={t('data.prelist.musdes.decision.agreed')} />
                  <Radio value="not-agreed" label={t('data.prelist.musdes.decision.not-agreed')} />
                </Group>
              </Radio.Group>
              <Textarea
                id="field-note"
                label={t('data.prelist.musdes.note')}
                maxLength={500}
                value={note}
                onChange={(ev) => setNote(ev.currentTarget.value)}
                error={fieldErrors.note}
              />
              <Text size="sm">
                {decision === 'not-agreed' ? t('data.prelist.musdes.finalDeclined') : t('data.prelist.musdes.next')}
              </Text>
              <Group>
                <Button
                  type="submit"
                  loading={busy}
                  disabled={!date || !minutesNumber.trim() || attendance === '' || !decision}
                >
                  {t('data.prelist.musdes.submit')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
      {saved && (
        <Alert color="green" role="status">
          {t('data.prelist.musdes.saved')}
        </Alert>
      )}
      {canVerify && (
        <FieldVerificationForm
          key={e.version}
          entry={e}
          onDone={async (ok) => {
            setVerified(ok);
            await refresh();
          }}
        />
      )}
      {verified && (
        <Alert color="green" role="status">
          {t('data.prelist.verify.saved')}
        </Alert>
      )}
      <Paper withBorder p="md" component="section" aria-labelledby="history-title">
        <Title order={3} size="h4" id="history-title" mb="xs">
          {t('data.prelist.entry.history')}
        </Title>
        <Stack gap={4}>
          {e.history.map((h, i) => (
            <Text key={i} size="sm">
              {formatDateTime(h.at)} — {tOr(`data.prelist.status.${h.toStatus}`, h.toStatus)} (
              {tOr(`role.${h.actorRole}`, h.actorRole)}){h.reason ? `: ${h.reason}` : ''}
            </Text>
          ))}
        </Stack>
      </Paper>
    </Stack>
  );
}
