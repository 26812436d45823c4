/* eslint-disable max-lines -- one page: the complaint as the FO sees it, its status timeline and its letters */
import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'wouter';
import { useApi } from '../../api/context';
import { asApiError, unwrap, type ApiError } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, formatDateTime } from '../../format';
import { t, tOr } from '../../i18n';
import { AttachmentsPanel } from './Attachments';
import { PrintPanel } from './Receipt';
import { ComplaintStatusBadge, RegistryCheckBadge, fieldLabels, useScopeRegions } from './ui';
import type { ComplaintDetail } from './model';

/**
 * One complaint: what was recorded (personal data masked; "Tampilkan data lengkap" reads it again
 * in full, which the citizen sees in the access log), the citizen-facing timeline, attachments,
 * the messages sent to the citizen, printing, and the two changes the front office may make:
 * Koreksi and Tarik (withdraw, confirmed with a reason).
 */
export default function DetailPage() {
  const { id } = useParams<{ id: string }>();
  const api = useApi();
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState(false);
  const [askReveal, setAskReveal] = useState(false);
  const [withdrawOpen, setWithdrawOpen] = useState(false);
  const [reason, setReason] = useState('');
  const regions = useScopeRegions();
  const desaName = (code: string) => regions.data?.items.find((r) => r.code === code)?.name;

  const complaint = useQuery({
    queryKey: ['complaint', id, revealed],
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/complaints/{id}', { params: { path: { id }, query: revealed ? { reveal: true } : {} } }),
      ),
  });
  const messages = useQuery({
    queryKey: ['complaint', id, 'messages'],
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/complaints/{id}/messages', { params: { path: { id }, query: { page: 1, pageSize: 50 } } }),
      ),
  });
  const withdraw = useMutation<unknown, ApiError, string>({
    mutationFn: async (why) => {
      try {
        return unwrap(
          await api.POST('/v1/complaints/{id}/withdraw', { params: { path: { id } }, body: { reason: why } }),
        );
      } catch (e) {
        throw asApiError(e);
      }
    },
    onSuccess: async () => {
      setWithdrawOpen(false);
      setReason('');
      await queryClient.invalidateQueries({ queryKey: ['complaint', id] });
      await queryClient.invalidateQueries({ queryKey: ['complaints'] });
    },
  });

  if (complaint.isLoading) {
    return (
      <Center p="xl">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (!complaint.data) return <ProblemAlert error={complaint.error} />;
  const c = complaint.data;
  const withdrawn = c.status === 'withdrawn';
  const subject = c.persons.find((p) => p.role === 'subject');

  return (
    <Stack maw={1000}>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>{t('fo.detail.title', { number: c.receiptNumber })}</Title>
          <Group gap="xs" mt={4}>
            <ComplaintStatusBadge status={c.status} />
            <RegistryCheckBadge check={c.registryCheck} />
            {c.confidential && (
              <Badge c="dark.9" color="red" variant="outline">
                {t('fo.detail.confidential')}
              </Badge>
            )}
            <Text size="sm">{t('fo.detail.version', { version: c.version ?? 1 })}</Text>
          </Group>
        </div>
        {!withdrawn && (
          <Group>
            <Button component={Link} href={`/keluhan/${c.complaintId}/koreksi`}>
              {t('fo.detail.correct')}
            </Button>
            <Button color="red" variant="outline" onClick={() => setWithdrawOpen(true)}>
              {t('fo.detail.withdraw')}
            </Button>
          </Group>
        )}
      </Group>
      {withdrawn && (
        <Alert color="gray" role="status">
          {t('fo.detail.withdrawn')}
        </Alert>
      )}

      <Paper withBorder p="md" component="section" aria-labelledby="summary-title">
        <Title order={3} size="h4" id="summary-title" mb="sm">
          {t('fo.detail.summary')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <Field
            label={t('fo.receipt.registered')}
            value={`${formatDateTime(c.registeredAt)} — ${t('fo.detail.registeredBy', { channel: tOr(`fo.channel.${c.channel}`, c.channel) })}`}
          />
          <Field label={t('fo.receipt.tracking')} value={c.trackingCode} />
          <Field
            label={t('fo.detail.category')}
            value={`${tOr(`fo.category.${c.category}`, c.category)} · ${tOr(`fo.contactType.${c.contactType}`, c.contactType)}`}
          />
          <Field label={t('fo.detail.sector')} value={tOr(`fo.sector.${c.sector}`, c.sector)} />
          <Field label={t('fo.detail.programmes')} value={c.programmeCodes.join(', ') || '—'} />
          <Field
            label={t('fo.detail.documents')}
            value={c.documentsReceived.map((d) => tOr(`fo.doc.${d}`, d)).join(', ') || '—'}
          />
        </SimpleGrid>
        <Text size="sm" fw={600} mt="sm">
          {t('fo.detail.description')}
        </Text>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{c.description}</Text>
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="persons-title">
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h4" id="persons-title">
            {t('fo.detail.persons')}
          </Title>
          {!revealed && c.persons.length > 0 && (
            <Button variant="default" size="xs" onClick={() => setAskReveal(true)}>
              {t('fo.detail.reveal')}
            </Button>
          )}
        </Group>
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fo.history.subject')}</Table.Th>
                <Table.Th>{t('fo.form.name')}</Table.Th>
                <Table.Th>{t('fo.form.nik')}</Table.Th>
                <Table.Th>{t('fo.form.noKk')}</Table.Th>
                <Table.Th>{t('fo.form.birthDate')}</Table.Th>
                <Table.Th>{t('fo.form.phone')}</Table.Th>
                <Table.Th>{t('fo.form.desa')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.persons.map((p) => (
                <Table.Tr key={p.role}>
                  <Table.Td>
                    {t(`fo.detail.role.${p.role}`)}{' '}
                    {p.role === 'complainant' && c.anonymous && (
                      <Badge c="dark.9" size="xs">
                        {t('fo.detail.anonymous')}
                      </Badge>
                    )}
                    {p.role === 'complainant' && (
                      <Text size="xs">{tOr(`fo.relationship.${c.relationship}`, c.relationship)}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{p.nik ?? '—'}</Table.Td>
                  <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{p.noKk ?? '—'}</Table.Td>
                  <Table.Td>
                    {p.birthDate
                      ? /^\d{4}-\d{2}-\d{2}$/.test(p.birthDate)
                        ? formatDate(p.birthDate)
                        : p.birthDate
                      : '—'}
                  </Table.Td>
                  <Table.Td>{p.phone ?? '—'}</Table.Td>
                  <Table.Td>{desaName(p.desaCode) ? `${desaName(p.desaCode)} (${p.desaCode})` : p.desaCode}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="timeline-title">
        <Title order={3} size="h4" id="timeline-title" mb="sm">
          {t('fo.detail.timeline')}
        </Title>
        <StatusTimeline steps={c.statusHistory ?? []} />
      </Paper>

      {!withdrawn && (
        <PrintPanel
          complaintId={c.complaintId}
          needsLetter={c.nextStep === 'civil-registration' || (subject !== undefined && !subject.nik)}
        />
      )}

      <AttachmentsPanel complaintId={c.complaintId} canAdd={!withdrawn} />

      <Paper withBorder p="md" component="section" aria-labelledby="messages-title">
        <Title order={3} size="h4" id="messages-title" mb="sm">
          {t('fo.detail.messages')}
        </Title>
        <ProblemAlert error={messages.error} />
        {messages.data && messages.data.items.length === 0 && <Text size="sm">{t('fo.detail.messagesEmpty')}</Text>}
        {messages.data && messages.data.items.length > 0 && (
          <Stack gap="xs">
            {messages.data.items.map((m) => (
              <Paper key={m.messageId} withBorder p="xs">
                <Group gap="xs" mb={4}>
                  <Badge c="dark.9" variant="light">
                    {tOr(`fo.message.channel.${m.channel}`, m.channel)}
                  </Badge>
                  <Badge
                    c="dark.9"
                    color={
                      m.status === 'delivered' || m.status === 'sent' ? 'green' : m.status === 'queued' ? 'blue' : 'red'
                    }
                    variant="outline"
                  >
                    {tOr(`fo.message.status.${m.status}`, m.status)}
                  </Badge>
                  <Text size="xs">
                    {m.address} · {formatDateTime(m.createdAt)}
                  </Text>
                </Group>
                <Text size="sm">{m.text}</Text>
              </Paper>
            ))}
          </Stack>
        )}
      </Paper>

      <Modal
        closeButtonProps={{ 'aria-label': t('common.close') }}
        opened={askReveal}
        onClose={() => setAskReveal(false)}
        title={t('fo.detail.reveal')}
        centered
      >
        <Text size="sm" mb="md">
          {t('fo.detail.revealText')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setAskReveal(false)}>
            {t('common.cancel')}
          </Button>
          <Button
            onClick={() => {
              setRevealed(true);
              setAskReveal(false);
            }}
          >
            {t('common.reveal')}
          </Button>
        </Group>
      </Modal>

      <Modal
        closeButtonProps={{ 'aria-label': t('common.close') }}
        opened={withdrawOpen}
        onClose={() => setWithdrawOpen(false)}
        title={t('fo.detail.withdrawTitle')}
        centered
      >
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            withdraw.mutate(reason.trim());
          }}
        >
          <Stack gap="sm">
            <Text size="sm">{t('fo.detail.withdrawText')}</Text>
            <ProblemAlert error={withdraw.error} fieldLabels={fieldLabels} />
            <Textarea
              id="field-reason"
              label={t('fo.detail.withdrawReason')}
              required
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={withdraw.error?.fieldErrors().reason}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setWithdrawOpen(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red" loading={withdraw.isPending} disabled={reason.trim().length === 0}>
                {t('fo.detail.withdrawConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}

function StatusTimeline({ steps }: { steps: NonNullable<ComplaintDetail['statusHistory']> }) {
  if (steps.length === 0) return <Text size="sm">{t('fo.detail.timelineEmpty')}</Text>;
  return (
    <Timeline active={steps.length - 1} bulletSize={16} lineWidth={2}>
      {steps.map((s, i) => (
        <Timeline.Item key={`${s.step}-${i}`} title={s.label}>
          <Text size="sm">{s.explanation}</Text>
          {s.reasonText && <Text size="sm">{s.reasonText}</Text>}
          <Text size="xs" mt={2}>
            {formatDateTime(s.at)}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
