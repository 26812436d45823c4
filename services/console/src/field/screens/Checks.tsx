import { useState, type FormEvent } from 'react';
import { Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import type { QueuedAnswer, ReturnedCheck } from '../store/checks';
import { STATE_LABEL } from '../labels';

/** Submissions the SPV returned with a question, each with its queued answer's state. */
export function ReturnedList({
  checks,
  answers,
  onAnswer,
}: {
  checks: ReturnedCheck[];
  answers: QueuedAnswer[];
  onAnswer: (c: ReturnedCheck) => void;
}) {
  if (!checks.length && !answers.some((a) => a.row.state !== 'synced')) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="judul-dikembalikan">
      <Title order={2} size="h3" id="judul-dikembalikan">
        Dikembalikan supervisor
      </Title>
      {checks.map((c) => {
        const answer = [...answers]
          .reverse()
          .find((a) => a.box.complaintId === c.complaintId && a.box.expectedVersion === c.version);
        const state = answer ? STATE_LABEL[answer.row.state] : undefined;
        return (
          <Card key={c.complaintId} withBorder padding="sm">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <div>
                <Text fw={700}>{c.subjectName}</Text>
                <Text size="sm">{c.receiptNumber}</Text>
              </div>
              <Badge color={state?.color ?? 'orange'} variant="light">
                {state ? state.text : 'Perlu dijawab'}
              </Badge>
            </Group>
            <Text mt="xs">Pertanyaan: {c.openQuestion}</Text>
            {answer && <Text size="sm">Jawaban Anda: {answer.box.answer}</Text>}
            {answer?.box.result?.detail && <Text size="sm">{answer.box.result.detail}</Text>}
            {!answer && (
              <Button mt="xs" variant="light" onClick={() => onAnswer(c)} aria-label={`Jawab ${c.receiptNumber}`}>
                Jawab
              </Button>
            )}
          </Card>
        );
      })}
    </Stack>
  );
}

export function AnswerScreen({
  check,
  onSave,
  onCancel,
}: {
  check: ReturnedCheck;
  onSave: (answer: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const text = answer.trim();
    if (text.length < 2) return setError('Jawaban paling sedikit 2 karakter');
    if (text.length > 2000) return setError('Jawaban paling panjang 2000 karakter');
    await onSave(text);
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <Title order={1} size="h2">
          Jawab supervisor
        </Title>
        <Text fw={700}>
          {check.subjectName} · {check.receiptNumber}
        </Text>
        <Card withBorder padding="sm">
          <Text size="sm">Pertanyaan supervisor</Text>
          <Text>{check.openQuestion}</Text>
        </Card>
        <Text size="sm">Uraian yang dikirim: {check.description}</Text>
        <Textarea
          label="Jawaban"
          autosize
          minRows={3}
          value={answer}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setAnswer(value);
          }}
          error={error ?? undefined}
          required
        />
        <Button type="submit" size="lg" fullWidth>
          Simpan jawaban
        </Button>
        <Button variant="subtle" onClick={onCancel} fullWidth>
          Batal
        </Button>
      </Stack>
    </form>
  );
}
