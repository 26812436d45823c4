import { useState } from 'react';
import { Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import type { RecordedVisit, VisitTask } from '../store/visits';
import { STATE_LABEL } from '../labels';

const CHANNEL: Record<string, string> = { 'fs-visit': 'Kunjungan', letter: 'Surat' };

/** The FS's visit and letter tasks (from the bundle), each recorded on the phone and sent at the next sync. */
export function VisitTasks({
  tasks,
  visits,
  onRecord,
}: {
  tasks: VisitTask[];
  visits: RecordedVisit[];
  onRecord: (task: VisitTask, delivered: boolean, note: string) => Promise<void>;
}) {
  const [open, setOpen] = useState<{ id: string; delivered: boolean } | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const pending = visits.filter((v) => v.row.state !== 'synced');
  if (!tasks.length && !pending.length) return null;
  const save = async (task: VisitTask, delivered: boolean) => {
    if (!delivered && note.trim().length < 3)
      return setError('Tuliskan mengapa tidak dapat disampaikan (paling sedikit 3 karakter)');
    if (note.length > 500) return setError('Catatan paling panjang 500 karakter');
    await onRecord(task, delivered, note);
    setOpen(null);
    setNote('');
    setError(null);
  };
  return (
    <Stack gap="sm" component="section" aria-labelledby="judul-tugas">
      <Title order={2} size="h3" id="judul-tugas">
        Tugas kunjungan
      </Title>
      {tasks.map((task) => {
        const recorded = [...visits].reverse().find((v) => v.box.messageId === task.messageId);
        const label = recorded ? STATE_LABEL[recorded.row.state] : undefined;
        return (
          <Card key={task.messageId} withBorder padding="sm">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <div style={{ minWidth: 0 }}>
                <Text fw={700}>{CHANNEL[task.channel] ?? task.channel}</Text>
                <Text size="sm">{task.address}</Text>
              </div>
              <Badge color={label?.color ?? 'blue'} variant="light" style={{ flexShrink: 0 }}>
                {label ? label.text : 'Belum dikunjungi'}
              </Badge>
            </Group>
            {recorded && (
              <Text size="sm">
                Dicatat:{' '}
                {recorded.box.delivered ? 'sudah disampaikan' : `tidak dapat disampaikan (${recorded.box.note})`}
              </Text>
            )}
            <Text mt="xs" size="sm">
              Sampaikan: {task.text}
            </Text>
            {recorded?.box.result?.detail && <Text size="sm">{recorded.box.result.detail}</Text>}
            {!recorded && open?.id !== task.messageId && (
              <Group mt="xs" grow>
                <Button
                  variant="light"
                  onClick={() => void save(task, true)}
                  aria-label={`Sudah disampaikan: ${task.address}`}
                >
                  Sudah disampaikan
                </Button>
                <Button
                  variant="subtle"
                  onClick={() => setOpen({ id: task.messageId, delivered: false })}
                  aria-label={`Tidak dapat disampaikan: ${task.address}`}
                >
                  Tidak dapat
                </Button>
              </Group>
            )}
            {!recorded && open?.id === task.messageId && (
              <Stack mt="xs" gap="xs">
                <Textarea
                  label="Mengapa tidak dapat disampaikan?"
                  autosize
                  minRows={2}
                  value={note}
                  onChange={(e) => setNote(e.currentTarget.value)}
                  error={error ?? undefined}
                />
                <Button onClick={() => void save(task, false)}>Simpan catatan kunjungan</Button>
                <Button variant="subtle" onClick={() => setOpen(null)}>
                  Batal
                </Button>
              </Stack>
            )}
          </Card>
        );
      })}
    </Stack>
  );
}
