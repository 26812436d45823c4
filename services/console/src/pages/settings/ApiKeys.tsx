import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@slrt/api-client';
import { useApi } from '../../api/context';
import { asApiError, unwrap } from '../../api/problem';
import { useSaveForm } from '../../api/useSaveForm';
import { ConfirmActionModal } from '../../components/ConfirmActionModal';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';

type ApiKey = Schemas['ApiKeyDto'];

/**
 * Kunci API of the programme owners' machine clients: the full key is shown once, right after it
 * is made, with a copy button; afterwards only its prefix. Revoking asks first.
 */
export default function ApiKeysPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [ownerCode, setOwnerCode] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [created, setCreated] = useState<Schemas['CreatedApiKeyDto'] | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: async () => unwrap(await api.GET('/v1/api-keys')).items });
  const owners = useQuery({
    queryKey: ['programme-owners'],
    queryFn: async () => unwrap(await api.GET('/v1/programme-owners')).items,
  });
  const ownerName = (code: string) => owners.data?.find((o) => o.code === code)?.name ?? code;

  const {
    save: create,
    submit,
    error,
    fieldErrors,
  } = useSaveForm(async () => unwrap(await api.POST('/v1/api-keys', { body: { ownerCode: ownerCode ?? '', label } })), {
    invalidate: ['api-keys'],
    onSaved: (key) => {
      setCreated(key);
      setLabel('');
    },
  });
  const revoke = useMutation({
    mutationFn: async (id: string) => unwrap(await api.DELETE('/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      setRevoking(null);
      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  return (
    <Stack>
      <Title order={2}>{t('settings.keys.title')}</Title>
      <Text maw={760}>{t('settings.keys.intro')}</Text>
      <Paper withBorder p="md" maw={760}>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <ProblemAlert
              error={error}
              fieldLabels={{ ownerCode: t('settings.keys.owner'), label: t('settings.keys.label') }}
            />
            <Select
              id="field-ownerCode"
              label={t('settings.keys.owner')}
              required
              searchable
              data={(owners.data ?? []).map((o) => ({ value: o.code, label: `${o.name} (${o.code})` }))}
              value={ownerCode}
              onChange={setOwnerCode}
              error={fieldErrors.ownerCode}
            />
            <TextInput
              id="field-label"
              label={t('settings.keys.label')}
              description={t('settings.keys.labelHint')}
              required
              value={label}
              onChange={(e) => setLabel(e.currentTarget.value)}
              error={fieldErrors.label}
            />
            <Group>
              <Button type="submit" loading={create.isPending} disabled={!ownerCode}>
                {t('settings.keys.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="keys-list">
        <Title order={3} size="h4" id="keys-list" mb="sm">
          {t('settings.keys.list')}
        </Title>
        <ProblemAlert error={keys.error} />
        {keys.data?.length === 0 && <Text>{t('common.empty')}</Text>}
        {keys.data && keys.data.length > 0 && (
          <Table.ScrollContainer minWidth={800}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.keys.label')}</Table.Th>
                  <Table.Th>{t('settings.keys.owner')}</Table.Th>
                  <Table.Th>{t('settings.keys.prefix')}</Table.Th>
                  <Table.Th>{t('settings.keys.createdAt')}</Table.Th>
                  <Table.Th>{t('settings.keys.lastUsed')}</Table.Th>
                  <Table.Th>{t('settings.users.status')}</Table.Th>
                  <Table.Th>{t('settings.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {keys.data.map((k) => (
                  <Table.Tr key={k.id}>
                    <Table.Td>{k.label}</Table.Td>
                    <Table.Td>{ownerName(k.ownerCode)}</Table.Td>
                    <Table.Td>
                      <Code>{k.prefix}</Code>
                    </Table.Td>
                    <Table.Td>{formatDateTime(k.createdAt)}</Table.Td>
                    <Table.Td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('settings.keys.neverUsed')}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Badge color={k.revokedAt ? 'gray' : 'green'} variant="dot" miw="max-content">
                        {k.revokedAt ? t('settings.keys.revoked') : t('settings.active')}
                      </Badge>
                      {k.revokedAt && <Text size="xs">{formatDateTime(k.revokedAt)}</Text>}
                    </Table.Td>
                    <Table.Td>
                      {!k.revokedAt && (
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setRevoking(k)}
                          aria-label={t('settings.keys.revokeOne', { label: k.label })}
                        >
                          {t('settings.keys.revoke')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <Modal
        closeButtonProps={{ 'aria-label': t('common.close') }}
        opened={created !== null}
        onClose={() => setCreated(null)}
        title={t('settings.keys.createdTitle')}
        size="lg"
        closeOnClickOutside={false}
      >
        {created && (
          <Stack>
            <Alert color="yellow" title={t('settings.keys.onceTitle')}>
              {t('settings.keys.once')}
            </Alert>
            <Text>{t('settings.keys.createdFor', { label: created.label, owner: ownerName(created.ownerCode) })}</Text>
            <Code
              block
              aria-label={t('settings.keys.theKey')}
              style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
            >
              {created.apiKey}
            </Code>
            <Group justify="space-between">
              <CopyButton value={created.apiKey}>
                {({ copied, copy }) => (
                  <Button variant={copied ? 'light' : 'filled'} color={copied ? 'green' : 'blue'} onClick={copy}>
                    {copied ? t('settings.keys.copied') : t('settings.keys.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button variant="default" onClick={() => setCreated(null)}>
                {t('settings.keys.stored')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <ConfirmActionModal
        opened={revoking !== null}
        title={t('settings.keys.revokeTitle')}
        confirmLabel={t('settings.keys.revoke')}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        busy={revoke.isPending}
        error={revoke.error ? asApiError(revoke.error) : null}
      >
        {t('settings.keys.revokeText', { label: revoking?.label ?? '' })}
      </ConfirmActionModal>
    </Stack>
  );
}
