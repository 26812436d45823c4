import { useState } from 'react';
import { Button, Group, Loader, Modal, Paper, Radio, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { Schemas } from '@slrt/api-client';
import { useApi, useMe } from '../../api/context';
import { unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollRegion } from '../../components/ScrollRegion';
import { formatDate } from '../../format';
import { t } from '../../i18n';

type Verification = Schemas['OutcomeVerificationViewV1'];
type Status = Verification['status'];
const STATUSES: Status[] = ['asked', 'scheduled', 'verified', 'disputed', 'unverified', 'cancelled'];
/** Statuses in which staff may still record the household's answer (referral checks again). */
const OPEN: Status[] = ['asked', 'scheduled', 'unverified'];

/**
 * Verifikasi hasil (issue 19): weeks after an owner said "resolved", was the benefit really
 * received? Staff see the verifications of their region and record an answer the household gave at
 * the counter or to the FS at home; "Tidak" reopens the case (the API says so in the result).
 */
export default function OutcomeVerificationsPage() {
  const api = useApi();
  const me = useMe();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<string | null>('asked');
  const [recording, setRecording] = useState<Verification | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['outcome-verifications', status],
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/outcome-verifications', {
          params: { query: { ...(status && status !== 'all' ? { status: status as Status } : {}), pageSize: 200 } },
        }),
      ),
  });
  const canRecord = me.has('FO', 'FS', 'SPV', 'BO');

  return (
    <Stack>
      <Title order={2}>{t('outcome.title')}</Title>
      <Text>{t('outcome.intro')}</Text>
      <Group align="end">
        <Select
          label={t('outcome.status')}
          data={[
            ...STATUSES.map((s) => ({ value: s, label: t(`outcome.status.${s}`) })),
            { value: 'all', label: t('outcome.status.all') },
          ]}
          value={status}
          onChange={setStatus}
          allowDeselect={false}
          w={260}
        />
      </Group>
      {done && (
        <Text role="status" c="teal.9" fw={600}>
          {done}
        </Text>
      )}
      <ProblemAlert error={list.error} />
      {list.isLoading && <Loader aria-label={t('app.loading')} />}
      {list.data && list.data.items.length === 0 && <Text>{t('outcome.none')}</Text>}
      {list.data && list.data.items.length > 0 && (
        <Paper withBorder p="md">
          <ScrollRegion label={t('outcome.title')} minWidth={900}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('outcome.col.receipt')}</Table.Th>
                  <Table.Th scope="col">{t('outcome.col.owner')}</Table.Th>
                  <Table.Th scope="col">{t('outcome.col.ownerAnswer')}</Table.Th>
                  <Table.Th scope="col">{t('outcome.col.status')}</Table.Th>
                  <Table.Th scope="col">{t('outcome.col.dates')}</Table.Th>
                  {canRecord && <Table.Th scope="col">{t('outcome.col.action')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((v) => (
                  <Table.Tr key={v.verificationId}>
                    <Table.Th scope="row">
                      <Link href={`/kasus/${v.caseId}`}>{v.receiptNumber}</Link>
                      <Text size="xs" c="dimmed">
                        {v.desaCode}
                      </Text>
                    </Table.Th>
                    <Table.Td>{v.ownerCode}</Table.Td>
                    <Table.Td>{v.ownerAnswer ?? '—'}</Table.Td>
                    <Table.Td>{v.statusText}</Table.Td>
                    <Table.Td>
                      {t('outcome.dates', {
                        resolved: formatDate(v.resolvedAt),
                        ask: formatDate(v.askedAt ?? v.askAt),
                      })}
                    </Table.Td>
                    {canRecord && (
                      <Table.Td>
                        {OPEN.includes(v.status) && (
                          <Button
                            size="xs"
                            variant="light"
                            onClick={() => setRecording(v)}
                            aria-label={t('outcome.recordFor', { receipt: v.receiptNumber })}
                          >
                            {t('outcome.record')}
                          </Button>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        </Paper>
      )}
      {recording && (
        <RecordAnswer
          verification={recording}
          fieldWorker={me.has('FS')}
          onClose={() => setRecording(null)}
          onSaved={(v) => {
            setRecording(null);
            setDone(t('outcome.saved', { receipt: v.receiptNumber, status: v.statusText }));
            void queryClient.invalidateQueries({ queryKey: ['outcome-verifications'] });
          }}
        />
      )}
    </Stack>
  );
}

function RecordAnswer({
  verification,
  fieldWorker,
  onClose,
  onSaved,
}: {
  verification: Verification;
  fieldWorker: boolean;
  onClose: () => void;
  onSaved: (v: Verification) => void;
}) {
  const api = useApi();
  const [answer, setAnswer] = useState<'ya' | 'tidak'>('ya');
  const [via, setVia] = useState<'counter' | 'fs-visit'>(fieldWorker ? 'fs-visit' : 'counter');
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/v1/outcome-verifications/{id}/answer', {
          params: { path: { id: verification.verificationId } },
          body: { answer, via, expectedVersion: verification.version, ...(note.trim() ? { note: note.trim() } : {}) },
        }),
      ),
    onSuccess: onSaved,
  });
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      title={t('outcome.modal.title', { receipt: verification.receiptNumber })}
      size="lg"
    >
      <Stack>
        <Text size="sm">{t('outcome.modal.question')}</Text>
        <ProblemAlert error={save.error} fieldLabels={{ note: t('outcome.note'), answer: t('outcome.answer') }} />
        <Radio.Group label={t('outcome.answer')} value={answer} onChange={(v) => setAnswer(v as 'ya' | 'tidak')}>
          <Group mt="xs">
            <Radio value="ya" label={t('outcome.answer.ya')} />
            <Radio value="tidak" label={t('outcome.answer.tidak')} />
          </Group>
        </Radio.Group>
        <Radio.Group label={t('outcome.via')} value={via} onChange={(v) => setVia(v as 'counter' | 'fs-visit')}>
          <Group mt="xs">
            <Radio value="counter" label={t('outcome.via.counter')} />
            <Radio value="fs-visit" label={t('outcome.via.fs-visit')} />
          </Group>
        </Radio.Group>
        <Textarea
          label={t('outcome.note')}
          description={answer === 'tidak' ? t('outcome.note.required') : t('outcome.note.optional')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          required={answer === 'tidak'}
          autosize
          minRows={2}
        />
        {answer === 'tidak' && <Text size="sm">{t('outcome.reopenWarning')}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            {t('outcome.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
