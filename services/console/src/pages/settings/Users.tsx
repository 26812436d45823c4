import { useState } from 'react';
import {
  Box,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@slrt/api-client';
import { useApi, useMe } from '../../api/context';
import { asApiError, unwrap } from '../../api/problem';
import { useSaveForm } from '../../api/useSaveForm';
import { ConfirmActionModal } from '../../components/ConfirmActionModal';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { t, tOr } from '../../i18n';
import { joinList, splitList } from './regions';
import { ActiveBadge } from '../../components/ActiveBadge';

type User = Schemas['UserDto'];
type Role = User['roles'][number];
const ROLES: Role[] = ['FO', 'FS', 'SPV', 'MJ', 'BO', 'PO', 'SEKRETARIAT', 'ADMIN'];
const PAGE_SIZE = 50;

/** Pengguna: the users of the admin's region, their roles and region scope; add, change, deactivate. */
export default function UsersPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [deactivating, setDeactivating] = useState<User | null>(null);
  const users = useQuery({
    queryKey: ['users', page],
    queryFn: async () => unwrap(await api.GET('/v1/users', { params: { query: { page, pageSize: PAGE_SIZE } } })),
  });
  const deactivate = useMutation({
    mutationFn: async (id: string) => unwrap(await api.DELETE('/v1/users/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      setDeactivating(null);
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const pages = users.data ? Math.max(1, Math.ceil(users.data.total / PAGE_SIZE)) : 1;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('settings.users.title')}</Title>
        <Button onClick={() => setEditing('new')}>{t('settings.users.add')}</Button>
      </Group>
      <ProblemAlert error={users.error} />
      <Paper withBorder p="md">
        {users.data && (
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.users.username')}</Table.Th>
                  <Table.Th>{t('settings.users.displayName')}</Table.Th>
                  <Table.Th>{t('settings.users.roles')}</Table.Th>
                  <Table.Th>{t('settings.users.scope')}</Table.Th>
                  <Table.Th>{t('settings.users.status')}</Table.Th>
                  <Table.Th>{t('settings.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.data.items.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td>{u.username}</Table.Td>
                    <Table.Td>{u.displayName}</Table.Td>
                    <Table.Td>{u.roles.map((r) => tOr(`role.${r}`, r)).join(', ')}</Table.Td>
                    <Table.Td>{joinList(u.regionScope)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <ActiveBadge active={u.active} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setEditing(u)}
                          aria-label={t('settings.users.editOne', { name: u.username })}
                        >
                          {t('settings.edit')}
                        </Button>
                        {u.active && (
                          <Button
                            size="xs"
                            variant="default"
                            color="red"
                            onClick={() => setDeactivating(u)}
                            aria-label={t('settings.users.deactivateOne', { name: u.username })}
                          >
                            {t('settings.users.deactivate')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {users.data && (
          <Group mt="sm">
            <Text size="sm">{t('common.total', { count: users.data.total })}</Text>
            {pages > 1 && (
              <>
                <Button variant="default" size="xs" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                  {t('common.previous')}
                </Button>
                <Text size="sm">{t('common.page', { page, pages })}</Text>
                <Button variant="default" size="xs" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                  {t('common.next')}
                </Button>
              </>
            )}
          </Group>
        )}
      </Paper>
      <Modal
        closeButtonProps={{ 'aria-label': t('common.close') }}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('settings.users.add') : t('settings.users.edit')}
        size="lg"
      >
        {editing !== null && <UserForm user={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
      <ConfirmActionModal
        opened={deactivating !== null}
        title={t('settings.users.deactivateTitle')}
        confirmLabel={t('settings.users.deactivate')}
        onClose={() => {
          setDeactivating(null);
          deactivate.reset();
        }}
        onConfirm={() => deactivating && deactivate.mutate(deactivating.id)}
        busy={deactivate.isPending}
        error={deactivate.error ? asApiError(deactivate.error) : null}
      >
        {t('settings.users.deactivateText', { name: deactivating?.username ?? '' })}
      </ConfirmActionModal>
    </Stack>
  );
}

function UserForm({ user, onDone }: { user: User | null; onDone: () => void }) {
  const api = useApi();
  const me = useMe();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>(user?.roles ?? []);
  const [scope, setScope] = useState(joinList(user?.regionScope ?? me.regionScope));
  const [ownerCode, setOwnerCode] = useState<string | null>(user?.ownerCode ?? null);
  const [active, setActive] = useState(user?.active ?? true);
  const owners = useQuery({
    queryKey: ['programme-owners'],
    queryFn: async () => unwrap(await api.GET('/v1/programme-owners')).items,
    enabled: roles.includes('PO'),
  });

  const { save, submit, error, fieldErrors } = useSaveForm(
    async () => {
      const common = {
        displayName,
        roles: roles as Role[],
        regionScope: splitList(scope),
        ownerCode: roles.includes('PO') ? ownerCode : null,
      };
      if (user)
        return unwrap(
          await api.PATCH('/v1/users/{id}', {
            params: { path: { id: user.id } },
            body: { ...common, active, password: password || null },
          }),
        );
      return unwrap(await api.POST('/v1/users', { body: { ...common, username, password } }));
    },
    { invalidate: ['users'], onSaved: onDone },
  );
  const labels = {
    username: t('settings.users.username'),
    displayName: t('settings.users.displayName'),
    password: t('settings.users.password'),
    roles: t('settings.users.roles'),
    regionScope: t('settings.users.scope'),
    ownerCode: t('settings.users.ownerCode'),
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ProblemAlert error={error} fieldLabels={labels} />
        {user ? (
          <Text>
            {t('settings.users.username')}: <strong>{user.username}</strong> ·{' '}
            {t('settings.users.updatedAt', { at: formatDateTime(user.updatedAt) })}
          </Text>
        ) : (
          <TextInput
            id="field-username"
            label={labels.username}
            description={t('settings.users.usernameHint')}
            required
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            error={fieldErrors.username}
            autoComplete="off"
          />
        )}
        <TextInput
          id="field-displayName"
          label={labels.displayName}
          required
          value={displayName}
          onChange={(e) => setDisplayName(e.currentTarget.value)}
          error={fieldErrors.displayName}
        />
        <PasswordInput
          id="field-password"
          label={user ? t('settings.users.resetPassword') : labels.password}
          description={t('password.hint')}
          required={!user}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldErrors.password}
          autoComplete="new-password"
          visibilityToggleButtonProps={{ 'aria-label': t('password.toggle') }}
        />
        <Box id="field-roles" tabIndex={-1}>
          <Checkbox.Group label={labels.roles} required value={roles} onChange={setRoles} error={fieldErrors.roles}>
            <SimpleGrid cols={{ base: 1, xs: 2 }} mt="xs" spacing="xs">
              {ROLES.map((r) => (
                <Checkbox key={r} value={r} label={tOr(`role.${r}`, r)} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
        </Box>
        <TextInput
          id="field-regionScope"
          label={labels.regionScope}
          description={t('settings.users.scopeHint')}
          required
          value={scope}
          onChange={(e) => setScope(e.currentTarget.value)}
          error={fieldErrors.regionScope}
        />
        {roles.includes('PO') && (
          <Select
            id="field-ownerCode"
            label={labels.ownerCode}
            required
            data={(owners.data ?? []).map((o) => ({ value: o.code, label: `${o.name} (${o.code})` }))}
            value={ownerCode}
            onChange={setOwnerCode}
            error={fieldErrors.ownerCode}
            searchable
          />
        )}
        {user && (
          <Switch
            id="field-active"
            label={t('settings.users.activeSwitch')}
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {user ? t('settings.users.save') : t('settings.users.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
