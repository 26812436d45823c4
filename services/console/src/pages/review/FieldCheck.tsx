// One field-check submission for the SPV: what the FS recorded, the exchange so far, and the decision.
import { useState, type FormEvent } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'wouter';
import type { Schemas } from '@slrt/api-client';
import { useApi } from '../../api/context';
import { ApiError, asApiError, unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { READABLE_ERROR } from '../../components/readableError';
import { formatDateTime } from '../../format';
import { t, tOr } from '../../i18n';

type Check = Schemas['FieldCheckViewV1'];
type Action = 'approve' | 'return' | 'merge';

/** One submission: what the FS recorded, the exchange so far, and the SPV's decision. */
export function FieldCheckPage() {
  const { id } = useParams<{ id: string }>();
  const api = useApi();
  const check = useQuery({
    queryKey: ['field-check', id],
    queryFn: async () =>
      unwrap(await api.GET('/v1/field/checks/{complaintId}', { params: { path: { complaintId: id } } })),
  });
  const complaint = useQuery({
    queryKey: ['complaint', id],
    enabled: check.isSuccess,
    queryFn: async () => unwrap(await api.GET('/v1/complaints/{id}', { params: { path: { id } } })),
  });
  const [done, setDone] = useState<string | null>(null);

  if (check.isPending) return <Loader role="status" aria-label={t('app.loading')} />;
  if (check.error) {
    const notFound = check.error instanceof ApiError && check.error.status === 404;
    return (
      <Stack>
        <Title order={2}>{t('review.fieldCheck.title')}</Title>
        {notFound ? <Alert color="red">{t('review.fieldCheck.notFound')}</Alert> : <ProblemAlert error={check.error} />}
      </Stack>
    );
  }
  const c = check.data;
  const d = complaint.data;
  return (
    <Stack gap="sm">
      <Anchor component={Link} href="/pemeriksaan-fs" size="sm">
        {t('review.fieldCheck.back')}
      </Anchor>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('review.fieldCheck.detailTitle', { receipt: c.receiptNumber })}</Title>
        <StateBadge state={c.state} />
      </Group>
      {done && (
        <Alert
          color="green"
          role="status"
          withCloseButton
          closeButtonLabel={t('common.close')}
          onClose={() => setDone(null)}
        >
          {done}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <Paper withBorder p="sm">
          <Title order={3} size="h4">
            {t('review.fieldCheck.submission')}
          </Title>
          <dl style={{ margin: 0 }}>
            <Fact label={t('review.fieldCheck.subject')} value={c.subjectName} />
            <Fact label={t('review.fieldCheck.desa')} value={c.desaCode} />
            <Fact label={t('review.fieldCheck.category')} value={tOr(`review.category.${c.category}`, c.category)} />
            <Fact label={t('review.fieldCheck.programmes')} value={c.programmeCodes.join(', ') || '-'} />
            <Fact label={t('review.fieldCheck.recordedAt')} value={formatDateTime(c.recordedAt)} />
            <Fact label={t('review.fieldCheck.officer')} value={c.officerId} />
            {d && (
              <Fact
                label={t('review.fieldCheck.registry')}
                value={tOr(`review.case.registryCheck.${d.registryCheck}`, d.registryCheck)}
              />
            )}
          </dl>
          <Text mt="xs">{c.description}</Text>
          {c.possibleDuplicateOf && c.state !== 'merged' && (
            <Alert color="yellow" variant="light" mt="xs">
              {t('review.fieldCheck.duplicateHint')}
              <DuplicateSummary id={c.possibleDuplicateOf} />
            </Alert>
          )}
          {c.mergedIntoReceiptNumber && (
            <Text mt="xs">{t('review.fieldCheck.mergedInto', { receipt: c.mergedIntoReceiptNumber })}</Text>
          )}
        </Paper>
        <Paper withBorder p="sm">
          <Title order={3} size="h4">
            {t('review.fieldCheck.exchange')}
          </Title>
          <Timeline bulletSize={14} lineWidth={2} mt="xs">
            {c.entries.map((e, i) => (
              <Timeline.Item key={i} title={tOr(`review.fieldCheck.entry.${e.kind}`, e.kind)}>
                {e.text && <Text size="sm">{e.text}</Text>}
                <Text size="xs" c="dimmed">
                  {e.actorRole} · {formatDateTime(e.at)}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Paper>
      </SimpleGrid>
      {c.allowedActions.length > 0 && <Decision key={c.version} c={c} onDone={(text) => setDone(text)} />}
    </Stack>
  );
}

/** The earlier complaint intake found about the same subject and programme (a merge candidate). */
function DuplicateSummary({ id }: { id: string }) {
  const api = useApi();
  const q = useQuery({
    queryKey: ['complaint', id],
    queryFn: async () => unwrap(await api.GET('/v1/complaints/{id}', { params: { path: { id } } })),
  });
  if (!q.data) return null;
  return (
    <Text size="sm" mt={4}>
      {t('review.fieldCheck.duplicateLine', {
        receipt: q.data.receiptNumber,
        at: formatDateTime(q.data.registeredAt),
        programmes: q.data.programmeCodes.join(', '),
      })}
      {' — '}
      {q.data.description}
    </Text>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Group gap={6} wrap="nowrap" align="baseline">
      <Text component="dt" size="sm" fw={600}>
        {label}:
      </Text>
      <Text component="dd" size="sm" m={0}>
        {value}
      </Text>
    </Group>
  );
}

/** The SPV's decision: approve, return with a question, or merge with a duplicate; sent with the version shown. */
function Decision({ c, onDone }: { c: Check; onDone: (text: string) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const allowed = c.allowedActions.filter((a): a is Action => a === 'approve' || a === 'return' || a === 'merge');
  const [action, setAction] = useState<Action>(allowed[0] ?? 'approve');
  const [text, setText] = useState('');
  const [duplicateOf, setDuplicateOf] = useState(c.possibleDuplicateOf ?? '');
  const mutation = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/v1/field/checks/{complaintId}', {
          params: { path: { complaintId: c.complaintId } },
          body: {
            action,
            expectedVersion: c.version,
            ...(action === 'return' ? { question: text.trim() } : text.trim() ? { note: text.trim() } : {}),
            ...(action === 'merge' ? { duplicateOf: duplicateOf.trim() } : {}),
          },
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(['field-check', c.complaintId], updated);
      void queryClient.invalidateQueries({ queryKey: ['field-checks'] });
      setText('');
      onDone(t(`review.fieldCheck.done.${action}`));
    },
    onError: (e) => {
      if (asApiError(e).status === 409)
        void queryClient.invalidateQueries({ queryKey: ['field-check', c.complaintId] });
    },
  });
  const fieldErrors = Object.fromEntries(
    (mutation.error instanceof ApiError ? (mutation.error.problem.errors ?? []) : []).map((e) => [
      e.field,
      e.messages.join('; '),
    ]),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit} aria-labelledby="decision-title">
      <Title order={3} size="h4" id="decision-title">
        {t('review.fieldCheck.decision')}
      </Title>
      <Radio.Group
        mt="xs"
        label={t('review.fieldCheck.choose')}
        value={action}
        onChange={(v) => setAction(v as Action)}
      >
        <Stack gap={6} mt={4}>
          {allowed.map((a) => (
            <Radio key={a} value={a} label={t(`review.fieldCheck.action.${a}`)} />
          ))}
        </Stack>
      </Radio.Group>
      <Stack gap="xs" mt="xs">
        <ProblemAlert
          error={mutation.error}
          fieldLabels={{ question: t('review.fieldCheck.question'), duplicateOf: t('review.fieldCheck.duplicateOf') }}
        />
        {action === 'merge' && (
          <TextInput
            id="field-duplicateOf"
            label={t('review.fieldCheck.duplicateOf')}
            description={t('review.fieldCheck.duplicateOfHint')}
            withAsterisk
            value={duplicateOf}
            onChange={(e) => setDuplicateOf(e.currentTarget.value)}
            error={fieldErrors.duplicateOf}
            styles={READABLE_ERROR}
          />
        )}
        <Textarea
          id={action === 'return' ? 'field-question' : 'field-note'}
          label={action === 'return' ? t('review.fieldCheck.question') : t('review.fieldCheck.note')}
          description={action === 'return' ? t('review.fieldCheck.questionHint') : undefined}
          withAsterisk={action === 'return'}
          autosize
          minRows={2}
          maxLength={2000}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={fieldErrors.question}
          styles={READABLE_ERROR}
        />
        <Text size="sm">{t(`review.fieldCheck.effect.${action}`)}</Text>
        <Group justify="flex-end">
          <Button type="submit" loading={mutation.isPending} color={action === 'merge' ? 'red.9' : 'blue.8'}>
            {t(`review.fieldCheck.action.${action}`)}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function StateBadge({ state }: { state: Check['state'] }) {
  // Dark enough for white text or light enough for black (autoContrast): axe's contrast check passes.
  const color =
    state === 'awaiting' ? 'yellow.3' : state === 'returned' ? 'orange.2' : state === 'approved' ? 'teal.9' : 'gray.7';
  return (
    <Badge color={color} autoContrast variant="filled" radius="sm" style={{ textTransform: 'none' }}>
      {tOr(`review.fieldCheck.state.${state}`, state)}
    </Badge>
  );
}
