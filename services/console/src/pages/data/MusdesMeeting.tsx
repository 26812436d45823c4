/* eslint-disable max-lines -- one page: the meeting's attendance, agenda and decisions share one form state */
import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  FileInput,
  Group,
  Loader,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'wouter';
import type { paths } from '@slrt/api-client';
import { useApi, useSession } from '../../api/context';
import { saveDownload } from '../../api/download';
import { asApiError, unwrap, type ApiError } from '../../api/problem';
import { uploadWithProgress } from '../../api/upload';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollRegion } from '../../components/ScrollRegion';
import { formatDate, formatDateTime } from '../../format';
import { t, tOr } from '../../i18n';
import { PrelistStatusBadge } from './Prelist';
import { MeetingStatusBadge, OFFICIAL_ROLES, type OfficialRole } from './MusdesMeetings';

type Decision = 'agreed' | 'not-agreed' | 'postponed';
interface Official {
  name: string;
  role: OfficialRole | null;
  witness: boolean;
}

/**
 * One musdes/muskel: attendance (officials by name and role, citizens as a count), the households
 * of the desa with a decision each (setuju, tidak setuju, ditunda with a reason), the Berita Acara
 * to download and print, and the signed scan to upload, which makes the meeting final. What the
 * user may do comes from the API's `allowedActions`.
 */
export default function MusdesMeetingPage() {
  const { id } = useParams<{ id: string }>();
  const api = useApi();
  const session = useSession();
  const queryClient = useQueryClient();
  const meeting = useQuery({
    queryKey: ['musdes-meeting', id],
    queryFn: async () => unwrap(await api.GET('/v1/musdes-meetings/{id}', { params: { path: { id } } })),
  });
  const [officials, setOfficials] = useState<Official[] | null>(null);
  const [citizens, setCitizens] = useState<number | ''>('');
  const [choices, setChoices] = useState<Record<string, { decision: Decision | null; reason: string }>>({});
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  if (meeting.isPending) return <Loader aria-label={t('app.loading')} />;
  if (!meeting.data) return <ProblemAlert error={meeting.error} />;
  const m = meeting.data;
  const can = (a: string) => m.allowedActions.includes(a);
  const rows = [...m.decisions, ...m.candidates];
  const editable = (d: (typeof rows)[number]) =>
    can('record-decisions') && (d.decision === null || d.decision === 'postponed');
  const list: Official[] =
    officials ??
    (m.officials.length
      ? m.officials.map((o) => ({ name: o.name, role: o.role as OfficialRole, witness: o.witness ?? false }))
      : [{ name: '', role: null, witness: false }]);
  const citizenCount = citizens === '' ? m.citizenCount : citizens;

  async function run(what: string, action: () => Promise<unknown>, message: string) {
    setBusy(what);
    setError(null);
    setDone(null);
    try {
      await action();
      setDone(message);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(null);
      await queryClient.invalidateQueries({ queryKey: ['musdes-meeting', id] });
      await queryClient.invalidateQueries({ queryKey: ['musdes-meetings'] });
    }
  }

  const saveAttendance = (ev: FormEvent) => {
    ev.preventDefault();
    void run(
      'attendance',
      async () => {
        unwrap(
          await api.PUT('/v1/musdes-meetings/{id}/attendance', {
            params: { path: { id } },
            body: {
              expectedVersion: m.version,
              officials: list.map((o) => ({ name: o.name, role: o.role ?? ('' as OfficialRole), witness: o.witness })),
              citizenCount,
            },
          }),
        );
        setOfficials(null);
        setCitizens('');
      },
      t('data.musdes.attendance.saved'),
    );
  };
  const sent = rows.filter((r) => editable(r) && choices[r.entryId]?.decision);
  const saveDecisions = (ev: FormEvent) => {
    ev.preventDefault();
    void run(
      'decisions',
      async () => {
        unwrap(
          await api.POST('/v1/musdes-meetings/{id}/decisions', {
            params: { path: { id } },
            body: {
              decisions: sent.map((r) => ({
                entryId: r.entryId,
                decision: choices[r.entryId]!.decision!,
                reason: choices[r.entryId]!.reason.trim() || undefined,
              })),
            },
          }),
        );
        setChoices({});
      },
      t('data.musdes.decisions.saved'),
    );
  };
  const download = () =>
    void run(
      'download',
      async () =>
        saveDownload(
          await api.GET('/v1/musdes-meetings/{id}/berita-acara', { params: { path: { id } }, parseAs: 'blob' }),
          'berita-acara.pdf',
        ),
      t('data.musdes.minutes.downloaded'),
    );
  const upload = (ev: FormEvent) => {
    ev.preventDefault();
    if (!file) return;
    void run(
      'upload',
      async () => {
        await uploadWithProgress(session, {
          path: `/v1/musdes-meetings/${id}/berita-acara-signed` as keyof paths,
          query: {},
          file,
          fileName: file.name,
          onProgress: () => undefined,
        });
        setFile(null);
      },
      t('data.musdes.signed.saved'),
    );
  };
  // Field errors of a decision are shown on its row: `decisions.<index in the request>.<field>`.
  const fe = error?.fieldErrors() ?? {};
  const rowError = (entryId: string, field: string) => {
    const i = sent.findIndex((r) => r.entryId === entryId);
    return i >= 0 ? fe[`decisions.${i}.${field}`] : undefined;
  };
  // Field errors named in words: the household's or the official's own label.
  const labels: Record<string, string> = {
    citizenCount: t('data.musdes.attendance.citizens'),
    officials: t('data.musdes.attendance.title'),
    decisions: t('data.musdes.decisions.title'),
    file: t('data.musdes.signed.file'),
  };
  sent.forEach((r, i) => {
    labels[`decisions.${i}.entryId`] = t('data.musdes.decisions.decisionFor', { name: r.headName });
    labels[`decisions.${i}.decision`] = t('data.musdes.decisions.decisionFor', { name: r.headName });
    labels[`decisions.${i}.reason`] = t('data.musdes.decisions.reasonFor', { name: r.headName });
  });
  list.forEach((_, i) => {
    labels[`officials.${i}.name`] = t('data.musdes.attendance.name', { n: i + 1 });
    labels[`officials.${i}.role`] = t('data.musdes.attendance.role', { n: i + 1 });
  });
  const rowId = (entryId: string, field: string) => {
    const i = sent.findIndex((r) => r.entryId === entryId);
    return i >= 0 ? `field-decisions.${i}.${field}` : undefined;
  };
  const setOfficial = (i: number, patch: Partial<Official>) =>
    setOfficials(list.map((o, j) => (j === i ? { ...o, ...patch } : o)));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          {t('data.musdes.meeting.title', {
            kind: t(`data.musdes.kind.${m.kind}`),
            desa: m.desaName,
            date: formatDate(m.date),
          })}
        </Title>
        <MeetingStatusBadge status={m.status} />
      </Group>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Text size="sm">
            {t('data.musdes.col.number')}: {m.number}
          </Text>
          <Text size="sm">
            {t('data.musdes.field.place')}: {m.place}
          </Text>
          <Text size="sm">
            {t('data.musdes.field.agenda')}: {m.agenda}
          </Text>
          <Text size="sm">
            {t('data.musdes.field.chair')}: {m.chairName} ({tOr(`data.musdes.role.${m.chairRole}`, m.chairRole)})
          </Text>
        </SimpleGrid>
      </Paper>
      <ProblemAlert error={error} fieldLabels={labels} />
      {done && (
        <Alert color="green" role="status">
          {done}
        </Alert>
      )}
      <Paper withBorder p="md" component="section" aria-labelledby="attendance-title">
        <Title order={3} size="h4" id="attendance-title" mb="xs">
          {t('data.musdes.attendance.title')}
        </Title>
        {can('record-attendance') ? (
          <form onSubmit={saveAttendance} noValidate>
            <Stack>
              {list.map((o, i) => (
                <Group key={i} align="flex-end" wrap="wrap">
                  <TextInput
                    id={`field-officials.${i}.name`}
                    label={t('data.musdes.attendance.name', { n: i + 1 })}
                    required
                    value={o.name}
                    onChange={(e) => setOfficial(i, { name: e.currentTarget.value })}
                    error={fe[`officials.${i}.name`]}
                    w={240}
                  />
                  <Select
                    id={`field-officials.${i}.role`}
                    label={t('data.musdes.attendance.role', { n: i + 1 })}
                    required
                    data={OFFICIAL_ROLES.map((r) => ({ value: r, label: t(`data.musdes.role.${r}`) }))}
                    value={o.role}
                    onChange={(v) => setOfficial(i, { role: v as OfficialRole | null })}
                    error={fe[`officials.${i}.role`]}
                    w={240}
                  />
                  <Checkbox
                    label={t('data.musdes.attendance.witness', { n: i + 1 })}
                    checked={o.witness}
                    onChange={(e) => setOfficial(i, { witness: e.currentTarget.checked })}
                    mb={8}
                  />
                  {list.length > 1 && (
                    <Button variant="subtle" color="red" onClick={() => setOfficials(list.filter((_, j) => j !== i))}>
                      {t('data.musdes.attendance.remove', { n: i + 1 })}
                    </Button>
                  )}
                </Group>
              ))}
              <Group>
                <Button
                  variant="default"
                  onClick={() => setOfficials([...list, { name: '', role: null, witness: false }])}
                >
                  {t('data.musdes.attendance.add')}
                </Button>
              </Group>
              <NumberInput
                id="field-citizenCount"
                label={t('data.musdes.attendance.citizens')}
                min={0}
                max={10000}
                value={citizenCount}
                onChange={(v) => setCitizens(typeof v === 'number' ? v : '')}
                error={fe.citizenCount}
                w={240}
              />
              <Group>
                <Button type="submit" loading={busy === 'attendance'}>
                  {t('data.musdes.attendance.submit')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <Stack gap={4}>
            {m.officials.map((o, i) => (
              <Text key={i} size="sm">
                {o.name} — {tOr(`data.musdes.role.${o.role}`, o.role)}
                {o.witness ? ` (${t('data.musdes.attendance.witnessShort')})` : ''}
              </Text>
            ))}
            <Text size="sm">{t('data.musdes.attendance.citizensCount', { count: m.citizenCount })}</Text>
          </Stack>
        )}
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="decisions-title">
        <Title order={3} size="h4" id="decisions-title" mb="xs">
          {t('data.musdes.decisions.title')}
        </Title>
        {rows.length === 0 && <Text>{t('data.musdes.decisions.empty')}</Text>}
        {rows.length > 0 && (
          <form onSubmit={saveDecisions} noValidate>
            <Stack>
              <ScrollRegion label={t('data.musdes.decisions.title')} minWidth={820}>
                <Table striped withTableBorder>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('data.musdes.decisions.household')}</Table.Th>
                      <Table.Th scope="col">NIK</Table.Th>
                      <Table.Th scope="col">{t('data.musdes.decisions.status')}</Table.Th>
                      <Table.Th scope="col">{t('data.musdes.decisions.decision')}</Table.Th>
                      <Table.Th scope="col">{t('data.musdes.decisions.reason')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((r) => (
                      <Table.Tr key={r.entryId}>
                        <Table.Th scope="row">
                          {r.headName}
                          <Text size="xs" c="dimmed">
                            {t('data.musdes.decisions.rtrw', {
                              rt: r.rt ?? '—',
                              rw: r.rw ?? '—',
                              members: r.memberCount,
                            })}
                            {r.profileComplete ? '' : ` · ${t('data.musdes.decisions.incomplete')}`}
                          </Text>
                        </Table.Th>
                        <Table.Td>{r.maskedNik ?? '—'}</Table.Td>
                        <Table.Td>
                          <PrelistStatusBadge status={r.status} />
                        </Table.Td>
                        {editable(r) ? (
                          <>
                            <Table.Td>
                              <Select
                                id={rowId(r.entryId, 'decision')}
                                aria-label={t('data.musdes.decisions.decisionFor', { name: r.headName })}
                                placeholder={
                                  r.decision
                                    ? t(`data.musdes.decision.${r.decision}`)
                                    : t('data.musdes.decisions.choose')
                                }
                                data={(['agreed', 'not-agreed', 'postponed'] as const).map((d) => ({
                                  value: d,
                                  label: t(`data.musdes.decision.${d}`),
                                }))}
                                value={choices[r.entryId]?.decision ?? null}
                                onChange={(v) =>
                                  setChoices({
                                    ...choices,
                                    [r.entryId]: {
                                      decision: v as Decision | null,
                                      reason: choices[r.entryId]?.reason ?? '',
                                    },
                                  })
                                }
                                error={rowError(r.entryId, 'entryId') ?? rowError(r.entryId, 'decision')}
                                clearable
                                w={170}
                              />
                            </Table.Td>
                            <Table.Td>
                              <TextInput
                                id={rowId(r.entryId, 'reason')}
                                aria-label={t('data.musdes.decisions.reasonFor', { name: r.headName })}
                                value={choices[r.entryId]?.reason ?? ''}
                                onChange={(e) =>
                                  setChoices({
                                    ...choices,
                                    [r.entryId]: {
                                      decision: choices[r.entryId]?.decision ?? null,
                                      reason: e.currentTarget.value,
                                    },
                                  })
                                }
                                error={rowError(r.entryId, 'reason')}
                                maxLength={500}
                              />
                            </Table.Td>
                          </>
                        ) : (
                          <>
                            <Table.Td>{r.decision ? t(`data.musdes.decision.${r.decision}`) : '—'}</Table.Td>
                            <Table.Td>{r.reason ?? '—'}</Table.Td>
                          </>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollRegion>
              {can('record-decisions') && (
                <Group>
                  <Text size="sm">{t('data.musdes.decisions.once')}</Text>
                  <Button type="submit" loading={busy === 'decisions'} disabled={sent.length === 0}>
                    {t('data.musdes.decisions.submit', { count: sent.length })}
                  </Button>
                </Group>
              )}
            </Stack>
          </form>
        )}
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="minutes-title">
        <Title order={3} size="h4" id="minutes-title" mb="xs">
          {t('data.musdes.minutes.title')}
        </Title>
        <Stack>
          <Text size="sm">
            {m.status === 'final' ? t('data.musdes.minutes.final') : t('data.musdes.minutes.intro')}
          </Text>
          {can('download-minutes') && (
            <Group>
              <Button variant="default" onClick={download} loading={busy === 'download'}>
                {t('data.musdes.minutes.download')}
              </Button>
            </Group>
          )}
          {m.signed && (
            <Text size="sm">
              {t('data.musdes.signed.info', { name: m.signed.fileName, at: formatDateTime(m.signed.uploadedAt) })}
            </Text>
          )}
          {can('upload-signed') && (
            <form onSubmit={upload} noValidate>
              <Stack>
                <FileInput
                  id="field-file"
                  label={t('data.musdes.signed.file')}
                  description={t('data.musdes.signed.hint')}
                  accept="application/pdf,image/jpeg"
                  value={file}
                  onChange={setFile}
                  error={fe.file}
                  clearable
                  w={360}
                />
                <Text size="sm">{t('data.musdes.signed.confirm')}</Text>
                <Group>
                  <Button type="submit" loading={busy === 'upload'} disabled={!file}>
                    {t('data.musdes.signed.submit')}
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
          {m.status === 'open' && can('download-minutes') && !m.minutesGenerated && (
            <Text size="sm">{t('data.musdes.minutes.downloadFirst')}</Text>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
