import { useState, type FormEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@slrt/api-client';
import { useApi } from '../../api/context';
import { asApiError, unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime, formatNumber } from '../../format';
import { t, tOr } from '../../i18n';

type Template = Schemas['MessageTemplateV1'];
type Step = Template['step'];
type Channel = Template['channel'];
const STEPS: Step[] = [
  'received',
  'registry-checked',
  'in-review',
  'referred',
  'answered',
  'awaiting-verivali',
  'resolved',
  'rejected',
  'withdrawn',
  'closed',
];
const CHANNELS: Channel[] = ['sms', 'whatsapp', 'email', 'letter', 'fs-visit'];
const WITH_SUBJECT: Channel[] = ['email', 'letter'];

/**
 * Templat pesan: the citizen's messages per step and channel. Preview fills the placeholders with
 * sample data and counts the SMS length and segments; saving makes a new version.
 */
export default function TemplatesPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>('received');
  const [channel, setChannel] = useState<Channel>('sms');
  // What was typed per step and channel stays while switching between them.
  const [drafts, setDrafts] = useState<Record<string, { body?: string; subject?: string }>>({});
  const templates = useQuery({
    queryKey: ['message-templates'],
    queryFn: async () => unwrap(await api.GET('/v1/message-templates')),
  });
  const current = templates.data?.items.find((x) => x.step === step && x.channel === channel);

  const key = `${step}/${channel}`;
  const body = drafts[key]?.body ?? current?.body ?? '';
  const subject = drafts[key]?.subject ?? current?.subject ?? '';
  const setBody = (v: string) => setDrafts((d) => ({ ...d, [key]: { ...d[key], body: v } }));
  const setSubject = (v: string) => setDrafts((d) => ({ ...d, [key]: { ...d[key], subject: v } }));

  const preview = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/message-templates/preview', { body: { step, channel, body } })),
  });
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT('/v1/message-templates/{step}/{channel}', {
          params: { path: { step, channel } },
          body: { body, subject: WITH_SUBJECT.includes(channel) ? subject || null : null },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['message-templates'] });
      setDrafts(({ [key]: _saved, ...rest }) => rest);
    },
  });

  function submit(ev: FormEvent) {
    ev.preventDefault();
    save.mutate();
  }

  const error = save.error ? asApiError(save.error) : preview.error ? asApiError(preview.error) : null;
  const fe = error?.fieldErrors() ?? {};
  const changed =
    body !== (current?.body ?? '') || (WITH_SUBJECT.includes(channel) && subject !== (current?.subject ?? ''));
  const p = preview.data;
  return (
    <Stack maw={860}>
      <Title order={2}>{t('settings.templates.title')}</Title>
      <Text>{t('settings.templates.intro')}</Text>
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                id="field-step"
                label={t('settings.templates.step')}
                allowDeselect={false}
                data={STEPS.map((s) => ({ value: s, label: tOr(`settings.step.${s}`, s) }))}
                value={step}
                onChange={(v) => {
                  if (v) {
                    setStep(v as Step);
                    preview.reset();
                    save.reset();
                  }
                }}
              />
              <Select
                id="field-channel"
                label={t('settings.templates.channel')}
                allowDeselect={false}
                data={CHANNELS.map((c) => ({ value: c, label: tOr(`settings.channel.${c}`, c) }))}
                value={channel}
                onChange={(v) => {
                  if (v) {
                    setChannel(v as Channel);
                    preview.reset();
                    save.reset();
                  }
                }}
              />
            </SimpleGrid>
            <Text size="sm">
              {current && current.version === 0
                ? t('settings.templates.builtIn')
                : current
                  ? t('settings.templates.version', {
                      version: current.version,
                      by: current.updatedBy,
                      at: formatDateTime(current.updatedAt),
                    })
                  : t('settings.templates.noVersion')}
            </Text>
            <ProblemAlert
              error={error}
              fieldLabels={{ body: t('settings.templates.body'), subject: t('settings.templates.subject') }}
            />
            {save.isSuccess && !changed && (
              <Alert color="green" role="status">
                {t('settings.templates.saved', { version: save.data.version })}
              </Alert>
            )}
            {WITH_SUBJECT.includes(channel) && (
              <TextInput
                id="field-subject"
                label={t('settings.templates.subject')}
                value={subject}
                onChange={(e) => setSubject(e.currentTarget.value)}
                error={fe.subject}
              />
            )}
            <Textarea
              id="field-body"
              label={t('settings.templates.body')}
              required
              autosize
              minRows={4}
              maxRows={14}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              error={fe.body}
            />
            <Text size="sm">
              {t('settings.templates.placeholders')}{' '}
              {(templates.data?.placeholders ?? []).map((ph) => (
                <Code key={ph} mr={4}>{`{${ph}}`}</Code>
              ))}
            </Text>
            <Group>
              <Button variant="default" onClick={() => preview.mutate()} loading={preview.isPending} disabled={!body}>
                {t('settings.templates.preview')}
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!body || !changed}>
                {t('settings.templates.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {p && (
        <Paper withBorder p="md" component="section" aria-labelledby="template-preview">
          <Title order={3} size="h4" id="template-preview" mb="sm">
            {t('settings.templates.previewTitle')}
          </Title>
          <Text style={{ whiteSpace: 'pre-wrap' }} mb="sm">
            {p.text}
          </Text>
          <Group gap="xs">
            <Badge variant="dot" miw="max-content" color={p.encoding === 'GSM-7' ? 'green' : 'yellow'}>
              {p.encoding}
            </Badge>
            <Text size="sm">
              {t('settings.templates.length', { length: formatNumber(p.length), segments: formatNumber(p.segments) })}
            </Text>
          </Group>
          {p.encoding === 'UCS-2' && (
            <Text size="sm" mt="xs">
              {t('settings.templates.ucs2')}
            </Text>
          )}
        </Paper>
      )}
    </Stack>
  );
}
