/* eslint-disable max-lines -- one page: the referral as the programme owner sees it, and the answer form */
import { useState, type FormEvent } from 'react';
import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  Modal,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'wouter';
import { useFocusWhenLost } from '../../components/focus';
import type { Schemas } from '@slrt/api-client';
import { useApi } from '../../api/context';
import { asApiError, unwrap } from '../../api/problem';
import { useIdempotencyKey } from '../../api/idempotency';
import { OwnerReferralStatusBadge } from '../../components/OwnerReferralStatusBadge';
import { ProblemAlert } from '../../components/ProblemAlert';
import { READABLE_ERROR } from '../../components/readableError';
import { ForwardForm } from './ForwardForm';
import { formatDate, formatDateTime } from '../../format';
import { t, tOr } from '../../i18n';

type Referral = Schemas['OwnerReferralViewV1'];
type Answer = Schemas['RespondToReferralBodyV1']['answer'];
type ReasonCode = NonNullable<Schemas['RespondToReferralBodyV1']['reasonCode']>;

const ANSWERS: Answer[] = ['accepted', 'review-requested', 'resolved', 'rejected'];
const REASONS: ReasonCode[] = [
  'NOT_ELIGIBLE',
  'ALREADY_RECIPIENT',
  'INCOMPLETE_DATA',
  'NOT_OUR_PROGRAMME',
  'DUPLICATE',
  'OTHER',
];
const ENDED = ['rejected', 'resolved', 'withdrawn', 'closed', 'forwarded'];
const FINAL_ANSWERS: Answer[] = ['rejected', 'resolved'];

/** One referral for the programme owner: what the SLRT sent (personal data while it is open) and the answer. */
export default function OwnerReferralPage() {
  const { id } = useParams<{ id: string }>();
  const api = useApi();
  const referral = useQuery({
    queryKey: ['owner-referral', id],
    queryFn: async () => unwrap(await api.GET('/v1/owner/referrals/{id}', { params: { path: { id } } })),
  });
  if (referral.isPending) return <Loader role="status" aria-label={t('app.loading')} />;
  if (referral.error) return <ProblemAlert error={referral.error} />;
  const r = referral.data;
  const subject = Object.entries(r.subject ?? {});
  const open = !ENDED.includes(r.status) && !r.closedAt;
  return (
    <Stack gap="md" maw={900}>
      <Anchor component={Link} href="/rujukan-masuk" size="sm">
        {t('owner.detail.back')}
      </Anchor>
      <Group gap="sm">
        <Title order={2}>{t('owner.detail.title', { receipt: r.receiptNumber })}</Title>
        <OwnerReferralStatusBadge status={r.status} />
      </Group>
      <Paper withBorder p="md" component="section" aria-labelledby="ref-summary">
        <Title order={3} size="h4" id="ref-summary" mb="sm">
          {t('owner.detail.summary')}
        </Title>
        <Text>{r.summary}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm" spacing="xs">
          <Field label={t('owner.list.col.programmes')} value={r.programmeCodes.join(', ')} />
          <Field label={t('owner.detail.kabKota')} value={r.kabKotaCode} />
          <Field label={t('owner.list.col.sentAt')} value={formatDateTime(r.sentAt)} />
          <Field label={t('owner.list.col.dueAt')} value={formatDate(r.dueAt)} />
          {r.closedAt && <Field label={t('owner.detail.closedAt')} value={formatDateTime(r.closedAt)} />}
        </SimpleGrid>
        {r.description && (
          <Field
            label={t('owner.detail.description')}
            value={<span style={{ whiteSpace: 'pre-wrap' }}>{r.description}</span>}
          />
        )}
        {r.documentsReceived && r.documentsReceived.length > 0 && (
          <Field label={t('owner.detail.documents')} value={r.documentsReceived.join(', ')} />
        )}
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="ref-subject">
        <Title order={3} size="h4" id="ref-subject" mb="sm">
          {t('owner.detail.subject')}
        </Title>
        {r.personalDataRemoved ? (
          <Text>{t('owner.detail.personalRemoved')}</Text>
        ) : subject.length === 0 ? (
          <Text>{t('owner.detail.subjectNone')}</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            {subject.map(([key, value]) => (
              <Field
                key={key}
                label={tOr(`owner.field.${key}`, key)}
                value={
                  typeof value === 'object' && value !== null
                    ? Object.values(value as Record<string, unknown>)
                        .filter(Boolean)
                        .join(', ')
                    : String(value ?? '')
                }
              />
            ))}
          </SimpleGrid>
        )}
        {r.personalDataUntil && !r.personalDataRemoved && (
          <Text size="sm" mt="xs">
            {t('owner.detail.personalUntil', { date: formatDateTime(r.personalDataUntil) })}
          </Text>
        )}
      </Paper>
      {open ? <RespondForm r={r} /> : <ClosedNotice />}
      {(open || r.status === 'forwarded') && <ForwardForm r={r} />}
    </Stack>
  );
}

/** No answer is awaited; once the answer form gives way to it, it holds the keyboard's focus. */
function ClosedNotice() {
  const ref = useFocusWhenLost<HTMLDivElement>();
  return (
    <Alert color="gray" ref={ref} tabIndex={-1}>
      {t('owner.respond.closed')}
    </Alert>
  );
}

function Field({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed" component="div">
        {label}
      </Text>
      <Text component="div">{value || '—'}</Text>
    </div>
  );
}

function RespondForm({ r }: { r: Referral }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const [answer, setAnswer] = useState<Answer | ''>('');
  const [reasonCode, setReasonCode] = useState<ReasonCode | ''>('');
  const [questions, setQuestions] = useState('');
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const answers = ANSWERS.filter(
    (a) =>
      !(a === 'accepted' && r.status === 'accepted') && !(a === 'review-requested' && r.status === 'review-requested'),
  );

  const mutation = useMutation({
    mutationFn: async () => {
      const questionList = questions
        .split('\n')
        .map((q) => q.trim())
        .filter(Boolean);
      return unwrap(
        await api.POST('/v1/owner/referrals/{id}/responses', {
          params: { path: { id: r.referralId } },
          body: {
            // The same id on a retry (lost connection, re-login): the owner's answer applies once.
            responseId: idempotency.key(),
            answer: answer as Answer,
            ...(answer === 'rejected' ? { reasonCode: reasonCode as ReasonCode } : {}),
            ...(answer === 'review-requested' ? { questions: questionList } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
          },
        }),
      );
    },
    onSuccess: (res) => {
      idempotency.done();
      setConfirming(false);
      setSaved(t('owner.respond.saved', { status: tOr(`owner.status.${res.status}`, res.status) }));
      setAnswer('');
      setNote('');
      setQuestions('');
      setReasonCode('');
      void queryClient.invalidateQueries({ queryKey: ['owner-referral', r.referralId] });
      void queryClient.invalidateQueries({ queryKey: ['owner-referrals'] });
    },
    onError: () => setConfirming(false),
  });
  const error = mutation.error ? asApiError(mutation.error) : null;
  const fieldErrors = { ...(error?.fieldErrors() ?? {}), ...local };

  function check(): boolean {
    const errs: Record<string, string> = {};
    if (!answer) errs.answer = t('owner.respond.answer');
    if (answer === 'rejected' && !reasonCode) errs.reasonCode = t('owner.respond.reasonRequired');
    if (answer === 'review-requested' && !questions.trim()) errs.questions = t('owner.respond.questionsRequired');
    setLocal(errs);
    const first = Object.keys(errs)[0];
    if (first) document.getElementById(`field-${first}`)?.focus();
    return !first;
  }

  function submit(ev: FormEvent) {
    ev.preventDefault();
    setSaved(null);
    if (!check()) return;
    if (FINAL_ANSWERS.includes(answer as Answer)) setConfirming(true);
    else mutation.mutate();
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="respond-title">
      <Title order={3} size="h4" id="respond-title" mb="sm">
        {t('owner.respond.title')}
      </Title>
      {saved && (
        <Alert color="green" role="status" mb="sm">
          {saved}
        </Alert>
      )}
      <ProblemAlert
        error={error}
        fieldLabels={{
          reasonCode: t('owner.respond.reasonCode'),
          questions: t('owner.respond.questions'),
          note: t('owner.respond.note'),
        }}
      />
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Radio.Group
            id="field-answer"
            label={t('owner.respond.answer')}
            value={answer}
            onChange={(v) => setAnswer(v as Answer)}
            withAsterisk
            styles={READABLE_ERROR}
            error={fieldErrors.answer}
          >
            <Stack gap={6} mt={6}>
              {answers.map((a) => (
                <Radio key={a} value={a} label={t(`owner.respond.answer.${a}`)} />
              ))}
            </Stack>
          </Radio.Group>
          {answer === 'rejected' && (
            <NativeSelect
              id="field-reasonCode"
              label={t('owner.respond.reasonCode')}
              required
              value={reasonCode}
              onChange={(e) => setReasonCode(e.currentTarget.value as ReasonCode)}
              styles={READABLE_ERROR}
              error={fieldErrors.reasonCode}
              data={[
                { value: '', label: '—' },
                ...REASONS.map((c) => ({ value: c, label: t(`owner.respond.reason.${c}`) })),
              ]}
            />
          )}
          {answer === 'review-requested' && (
            <Textarea
              id="field-questions"
              label={t('owner.respond.questions')}
              required
              autosize
              minRows={3}
              value={questions}
              onChange={(e) => setQuestions(e.currentTarget.value)}
              styles={READABLE_ERROR}
              error={fieldErrors.questions}
            />
          )}
          <Textarea
            id="field-note"
            label={t('owner.respond.note')}
            autosize
            minRows={2}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            styles={READABLE_ERROR}
            error={fieldErrors.note}
          />
          <Group>
            <Button type="submit" loading={mutation.isPending && !confirming}>
              {t('owner.respond.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('owner.respond.confirmTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack gap="sm">
          <Text>
            {answer === 'rejected' ? t('owner.respond.confirm.rejected') : t('owner.respond.confirm.resolved')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              color={answer === 'rejected' ? 'red.9' : 'blue.8'}
              loading={mutation.isPending}
              onClick={() => mutation.mutate()}
            >
              {t('owner.respond.confirmYes')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
