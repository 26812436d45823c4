import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { QueuedItem } from '../store/queue';
import type { SyncProgress, SyncReport } from '../store/sync';
import { STATE_LABEL } from '../labels';

interface Props {
  items: QueuedItem[];
  online: boolean;
  syncing: SyncProgress | null;
  report: SyncReport | null;
  needsLogin: boolean;
  onSync: () => void;
  onOpen: (id: string) => void;
  onRecord: () => void;
  onLogin: () => void;
  /** Shown above the list (the submissions the supervisor returned). */
  extra?: React.ReactNode;
}

/** The FS's home: what is on the phone, its state, and one primary action (sync). */
export function HomeScreen({
  items,
  online,
  syncing,
  report,
  needsLogin,
  onSync,
  onOpen,
  onRecord,
  onLogin,
  extra,
}: Props) {
  const waiting = items.filter((i) => i.row.state === 'queued').length;
  const waitingPhotos = items.reduce((n, i) => n + i.photos.filter((p) => p.state === 'queued').length, 0);
  const attention = items.filter((i) => i.row.state === 'conflict' || i.row.state === 'rejected').length;
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Keluhan di ponsel
      </Title>
      <Text>
        {waiting} menunggu kirim{waitingPhotos ? `, ${waitingPhotos} foto` : ''}
        {attention ? ` · ${attention} perlu diperiksa` : ''}
      </Text>
      {needsLogin && (
        <Alert color="orange" title="Perlu masuk lagi">
          <Stack gap="xs">
            <Text size="sm">Sesi di server sudah berakhir. Data yang belum terkirim tetap di ponsel.</Text>
            <Button variant="light" onClick={onLogin}>
              Masuk lagi
            </Button>
          </Stack>
        </Alert>
      )}
      <div role="status" aria-live="polite">
        {syncing && <Text fw={600}>{syncing.message}</Text>}
        {!syncing && report && (
          <Alert
            color={report.stopped ? 'orange' : 'green'}
            title={report.stopped ? 'Sinkronisasi berhenti' : 'Sinkronisasi selesai'}
          >
            {report.saved} tersimpan, {report.conflicts} konflik, {report.refused} ditolak, {report.photos} foto
            terkirim.
            {report.stopped ? ` ${report.stopped}` : ''}
          </Alert>
        )}
      </div>
      <Button size="lg" onClick={onSync} loading={!!syncing} disabled={!online || needsLogin} fullWidth>
        Sinkronkan sekarang
      </Button>
      {!online && <Text size="sm">Tidak ada sinyal: keluhan tetap dicatat dan dikirim saat sinyal kembali.</Text>}
      <Button size="lg" variant="outline" onClick={onRecord} fullWidth>
        Catat keluhan baru
      </Button>
      {extra}
      <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Daftar keluhan">
        {[...items].reverse().map((item) => {
          const state = STATE_LABEL[item.row.state];
          return (
            <Card component="li" key={item.row.id} withBorder padding="sm">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div>
                  <Text fw={700}>{item.box.input.subject.name}</Text>
                  <Text size="sm">{item.box.localNumber}</Text>
                  {item.box.result?.receiptNumber && <Text size="sm">Resmi: {item.box.result.receiptNumber}</Text>}
                </div>
                <Badge color={state.color} variant="light">
                  {state.text}
                </Badge>
              </Group>
              <Button
                variant="subtle"
                mt="xs"
                onClick={() => onOpen(item.row.id)}
                aria-label={`Buka ${item.box.localNumber}`}
              >
                Buka
              </Button>
            </Card>
          );
        })}
      </Stack>
    </Stack>
  );
}
