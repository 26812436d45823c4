import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title, Text } from '@mantine/core';
import { useSession } from '../api/context';
import { t } from '../i18n';

interface LoginError {
  problem?: { code?: string; detail?: string };
  status?: number;
}

/** Why a sign-in was refused, in words for the operator. */
export function loginMessage(error: unknown): string {
  const e = error as LoginError;
  if (e?.status === 429) return t('login.rateLimited');
  if (e?.problem?.code === 'ACCOUNT_LOCKED') return e.problem.detail ?? t('login.locked');
  if (e?.status === 401 || e?.status === 422 || e?.status === 400) return e.problem?.detail ?? t('login.failed');
  if (error instanceof TypeError) return t('error.offline.detail');
  return e?.problem?.detail ?? t('login.failed');
}

/** The sign-in form; also used inside the re-login dialog (`compact`). */
export function LoginForm({ compact = false, username: fixedUser }: { compact?: boolean; username?: string }) {
  const session = useSession();
  const [username, setUsername] = useState(fixedUser ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.login(username.trim(), password);
    } catch (e) {
      setError(loginMessage(e));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <TextInput
          id="login-username"
          label={t('login.username')}
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          autoFocus={!compact || !fixedUser}
        />
        <PasswordInput
          visibilityToggleButtonProps={{ 'aria-label': t('password.toggle') }}
          id="login-password"
          label={t('login.password')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          autoFocus={compact && !!fixedUser}
        />
        <Button type="submit" loading={busy} disabled={!username || !password}>
          {t('login.submit')}
        </Button>
      </Stack>
    </form>
  );
}

export default function LoginPage() {
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <Title order={1} size="h2" mb={4}>
          {t('login.title')}
        </Title>
        <Text c="dimmed" size="sm" mb="lg">
          {t('app.title')}
        </Text>
        <LoginForm />
      </Paper>
    </Center>
  );
}
