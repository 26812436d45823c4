import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@slrt/api-client';
import { useApi } from '../../api/context';
import { asApiError, unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { t, tOr } from '../../i18n';

type Settings = Schemas['FieldCheckSettingsV1'];
type Chain = Settings['reviewChains'][number];

/**
 * The kab/kota's supervisor check of FS submissions and the review chain per intake point (ADMIN):
 * whether the kecamatan SPV checks FS submissions first, and which intake points skip the SPV's
 * review (MJ → BO, as Pekanbaru's secretariat counter). Saved with the version read and a reason;
 * the history shows who changed what.
 */
export default function FieldCheckSettingsPage() {
  const api = useApi();
  const [saved, setSaved] = useState(false);
  const query = useQuery({
    queryKey: ['field-check-settings'],
    queryFn: async () =>
      unwrap(await api.GET('/v1/field/check-settings', { params: { query: { includeHistory: 'true' } } })),
  });
  if (query.isPending) return <Loader role="status" aria-label={t('app.loading')} />;
  if (query.error) return <ProblemAlert error={query.error} />;
  // Keyed by version: a save (or another administrator's) shows the stored settings afresh.
  return <SettingsForm key={query.data.version} settings={query.data} saved={saved} setSaved={setSaved} />;
}

function SettingsForm({
  settings,
  saved,
  setSaved,
}: {
  settings: Settings;
  saved: boolean;
  setSaved: (v: boolean) => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [required, setRequired] = useState(settings.supervisorCheckRequired);
  const [chains, setChains] = useState<Chain[]>(settings.reviewChains);
  const [reason, setReason] = useState('');
  const mutation = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT('/v1/field/check-settings', {
          body: {
            expectedVersion: settings.version,
            supervisorCheckRequired: required,
            reviewChains: chains,
            ...(reason.trim() ? { reason: reason.trim() } : {}),
          },
        }),
      ),
    onSuccess: () => {
      setSaved(true);
      void queryClient.invalidateQueries({ queryKey: ['field-check-settings'] });
    },
    onError: (e) => {
      if (asApiError(e).status === 409) void queryClient.invalidateQueries({ queryKey: ['field-check-settings'] });
    },
  });
  const toggle = (intakePoint: string, withSpv: boolean) =>
    setChains((cs) =>
      cs.map((c) =>
        c.intakePoint === intakePoint ? { ...c, steps: withSpv ? ['SPV', 'MJ', 'BO'] : ['MJ', 'BO'] } : c,
      ),
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    mutation.mutate();
  };
  return (
    <Stack gap="sm">
      <Title order={2}>{t('settings.fieldCheck.title')}</Title>
      <Text size="sm">{t('settings.fieldCheck.intro')}</Text>
      {saved && (
        <Alert color="green" role="status">
          {t('settings.fieldCheck.saved')}
        </Alert>
      )}
      <Paper withBorder p="sm" component="form" onSubmit={submit}>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} />
          <Switch
            checked={required}
            onChange={(e) => setRequired(e.currentTarget.checked)}
            label={t('settings.fieldCheck.required')}
            description={t('settings.fieldCheck.requiredHint')}
          />
          <Table.ScrollContainer minWidth={320}>
            <Table captionSide="top">
              <Table.Caption>{t('settings.fieldCheck.chains')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('settings.fieldCheck.intakePoint')}</Table.Th>
                  <Table.Th scope="col">{t('settings.fieldCheck.chain')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {chains.map((c) => (
                  <Table.Tr key={c.intakePoint}>
                    <Table.Td>{tOr(`settings.fieldCheck.point.${c.intakePoint}`, c.intakePoint)}</Table.Td>
                    <Table.Td>
                      <Checkbox
                        checked={c.steps.includes('SPV')}
                        onChange={(e) => toggle(c.intakePoint, e.currentTarget.checked)}
                        label={c.steps.includes('SPV') ? 'SPV → MJ → BO' : 'MJ → BO'}
                        aria-label={t('settings.fieldCheck.withSpv', {
                          point: tOr(`settings.fieldCheck.point.${c.intakePoint}`, c.intakePoint),
                        })}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Textarea
            label={t('settings.fieldCheck.reason')}
            autosize
            minRows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={mutation.isPending}>
              {t('settings.fieldCheck.save')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      <Paper withBorder p="sm">
        <Title order={3} size="h4">
          {t('settings.fieldCheck.history')}
        </Title>
        {settings.history?.length ? (
          <Stack gap={4} component="ul" style={{ paddingLeft: 16, margin: 0 }}>
            {settings.history.map((h) => (
              <Text component="li" size="sm" key={h.version}>
                {t('settings.fieldCheck.historyLine', {
                  version: h.version,
                  at: formatDateTime(h.at),
                  actor: h.actorId,
                  reason: h.reason ?? '-',
                })}
              </Text>
            ))}
          </Stack>
        ) : (
          <Text size="sm">{t('settings.fieldCheck.defaults')}</Text>
        )}
      </Paper>
    </Stack>
  );
}
