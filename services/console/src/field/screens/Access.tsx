import { useState, type FormEvent } from 'react';
import { Alert, Button, Container, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useField } from '../context';
import { FieldError } from '../store/session';
import { MAX_FAILED_UNLOCKS, pinProblem } from '../store/vault';

function Frame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Container size={420} py="xl" component="main">
      <Title order={1} size="h2" mb="md">
        {title}
      </Title>
      {children}
    </Container>
  );
}

/** First use (or the server ended the session): sign in online with the console account. */
export function LoginScreen({ again = false, onDone }: { again?: boolean; onDone?: () => void }) {
  const session = useField();
  const [username, setUsername] = useState(session.me?.username ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.login(username.trim(), password);
      onDone?.();
    } catch (err) {
      setError(err instanceof FieldError ? err.message : 'Gagal masuk. Coba lagi.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Frame title={again ? 'Masuk lagi' : 'Masuk ke SLRT Lapangan'}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <Text>
            {again
              ? 'Sesi Anda sudah berakhir. Masuk lagi untuk mengirim data; data di ponsel tetap tersimpan.'
              : 'Masuk sekali saat ada sinyal. Setelah itu aplikasi dibuka dengan PIN, juga tanpa sinyal.'}
          </Text>
          {error && (
            <Alert color="red" role="alert" title="Tidak bisa masuk">
              {error}
            </Alert>
          )}
          <TextInput
            label="Nama pengguna"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            required
          />
          <PasswordInput
            label="Kata sandi"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required
          />
          <Button type="submit" loading={busy} fullWidth size="lg">
            Masuk
          </Button>
        </Stack>
      </form>
    </Frame>
  );
}

export function SetPinScreen() {
  const session = useField();
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = pinProblem(pin) ?? (pin !== again ? 'Kedua PIN tidak sama.' : null);
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      await session.setPin(pin);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Frame title="Buat PIN">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <Text>
            PIN membuka aplikasi dan mengunci data warga di ponsel ini. Setelah {MAX_FAILED_UNLOCKS} kali PIN salah,
            semua data di ponsel dihapus.
          </Text>
          <PasswordInput
            label="PIN (6–12 angka)"
            inputMode="numeric"
            autoComplete="new-password"
            value={pin}
            onChange={(e) => setPin(e.currentTarget.value)}
            error={error ?? undefined}
          />
          <PasswordInput
            label="Ulangi PIN"
            inputMode="numeric"
            autoComplete="new-password"
            value={again}
            onChange={(e) => setAgain(e.currentTarget.value)}
          />
          <Button type="submit" loading={busy} fullWidth size="lg">
            Simpan PIN
          </Button>
        </Stack>
      </form>
    </Frame>
  );
}

export function UnlockScreen() {
  const session = useField();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const ok = await session.unlock(pin);
      setPin('');
      if (!ok) {
        const left = MAX_FAILED_UNLOCKS - session.failedUnlocks;
        setError(
          session.phase === 'login'
            ? null
            : `PIN salah. Sisa ${left} percobaan sebelum semua data di ponsel ini dihapus.`,
        );
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Frame title="Buka dengan PIN">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <Text>Aplikasi terkunci. Data di ponsel ini terenkripsi.</Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <PasswordInput
            label="PIN"
            inputMode="numeric"
            autoComplete="current-password"
            value={pin}
            onChange={(e) => setPin(e.currentTarget.value)}
            autoFocus
          />
          <Button type="submit" loading={busy} fullWidth size="lg">
            Buka
          </Button>
        </Stack>
      </form>
    </Frame>
  );
}

export function WipedNotice() {
  return (
    <Alert color="orange" role="status" m="md">
      Data di ponsel ini telah dihapus. Masuk lagi untuk memakai aplikasi.
    </Alert>
  );
}
