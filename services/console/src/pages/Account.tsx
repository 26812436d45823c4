import { useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useApi, useMe } from '../api/context';
import { asApiError, unwrap, type ApiError } from '../api/problem';
import { ProblemAlert } from '../components/ProblemAlert';
import { t, tOr } from '../i18n';

/** The signed-in user: roles, region scope, and the password change. */
export default function AccountPage() {
  const me = useMe();
  const api = useApi();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const mismatch = repeat.length > 0 && next !== repeat;

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      unwrap(await api.PUT('/v1/me/password', { body: { currentPassword: current, newPassword: next } }));
      setSaved(true);
      setCurrent('');
      setNext('');
      setRepeat('');
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  const fieldErrors = error?.fieldErrors() ?? {};
  return (
    <Stack maw={560}>
      <Title order={2}>{t('account.title')}</Title>
      <Paper withBorder p="md">
        <Text fw={600}>{me.displayName ?? me.username}</Text>
        <Text size="sm" mt="xs">
          {t('account.roles')}:
        </Text>
        <Group gap="xs">
          {me.roles.map((r) => (
            <Badge key={r} variant="light" color="blue">
              {tOr(`role.${r}`, r)}
            </Badge>
          ))}
        </Group>
        <Text size="sm" mt="xs">
          {t('account.scope')}: {me.regionScope.length ? me.regionScope.join(', ') : t('app.scope.all')}
        </Text>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="password-title">
        <Title order={3} size="h4" id="password-title" mb="sm">
          {t('password.title')}
        </Title>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {saved && (
              <Alert color="green" role="status">
                {t('password.saved')}
              </Alert>
            )}
            <ProblemAlert
              error={error}
              fieldLabels={{ currentPassword: t('password.current'), newPassword: t('password.new') }}
            />
            <PasswordInput
              visibilityToggleButtonProps={{ 'aria-label': t('password.toggle') }}
              id="field-currentPassword"
              label={t('password.current')}
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              error={fieldErrors.currentPassword}
            />
            <PasswordInput
              visibilityToggleButtonProps={{ 'aria-label': t('password.toggle') }}
              id="field-newPassword"
              label={t('password.new')}
              description={t('password.hint')}
              autoComplete="new-password"
              required
              value={next}
              onChange={(e) => setNext(e.currentTarget.value)}
              error={fieldErrors.newPassword}
            />
            <PasswordInput
              visibilityToggleButtonProps={{ 'aria-label': t('password.toggle') }}
              id="field-repeat"
              label={t('password.repeat')}
              autoComplete="new-password"
              required
              value={repeat}
              onChange={(e) => setRepeat(e.currentTarget.value)}
              error={mismatch ? t('password.mismatch') : undefined}
            />
            <Group>
              <Button type="submit" loading={busy} disabled={!current || !next || mismatch}>
                {t('password.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
