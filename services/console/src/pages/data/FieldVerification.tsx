import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { Schemas } from '@slrt/api-client';
import { useApi, useMe } from '../../api/context';
import { asApiError, unwrap, type ApiError } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, localDay } from '../../format';
import { t, tOr } from '../../i18n';

type Entry = Schemas['PrelistEntryV1'];
type Outcome = Schemas['MemberVerificationInputV1']['outcome'];

/** The member outcomes of a field verification, in the order the officer meets them. */
export const MEMBER_OUTCOMES: readonly Outcome[] = [
  'confirmed',
  'not-confirmed',
  'duplicate',
  'deceased',
  'moved',
  'no-civil-documents',
];

/**
 * The field verification (*verifikasi lapangan*) of a household the musdes agreed to propose: who
 * verified, when, and for every member what was found at the house. Sent with the version read, so
 * a change made meanwhile is explained (409) and what was typed stays in the form.
 */
export function FieldVerificationForm({ entry, onDone }: { entry: Entry; onDone: (saved: boolean) => Promise<void> }) {
  const api = useApi();
  const me = useMe();
  const [verifier, setVerifier] = useState(me.displayName ?? '');
  const [date, setDate] = useState(localDay());
  const [outcomes, setOutcomes] = useState<Record<string, Outcome | ''>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function record(ev: FormEvent) {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    let saved = false;
    try {
      unwrap(
        await api.POST('/v1/prelist-entries/{id}/field-verification', {
          params: { path: { id: entry.entryId } },
          body: {
            expectedVersion: entry.version,
            verifier: verifier.trim(),
            verifiedAt: date,
            members: entry.members.map((m) => ({
              memberId: m.memberId,
              outcome: outcomes[m.memberId] as Outcome,
              note: notes[m.memberId]?.trim() || null,
            })),
          },
        }),
      );
      saved = true;
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
      await onDone(saved);
    }
  }

  const fieldErrors = error?.fieldErrors() ?? {};
  const labels: Record<string, string> = {
    verifier: t('data.prelist.verify.verifier'),
    verifiedAt: t('data.prelist.verify.date'),
  };
  entry.members.forEach((m, i) => {
    labels[`members.${i}.outcome`] = t('data.prelist.verify.outcomeOf', { name: m.name });
    labels[`members.${i}.note`] = t('data.prelist.verify.noteOf', { name: m.name });
  });
  const complete = verifier.trim() && date && entry.members.every((m) => outcomes[m.memberId]);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="verify-title">
      <Title order={3} size="h4" id="verify-title" mb="xs">
        {t('data.prelist.verify.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('data.prelist.verify.intro')}
      </Text>
      <form onSubmit={record} noValidate>
        <Stack>
          <ProblemAlert error={error} fieldLabels={labels} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              id="field-verifier"
              label={labels.verifier}
              description={t('data.prelist.verify.verifierHint')}
              required
              maxLength={120}
              value={verifier}
              onChange={(ev) => setVerifier(ev.currentTarget.value)}
              error={fieldErrors.verifier}
            />
            <TextInput
              id="field-verifiedAt"
              type="date"
              label={labels.verifiedAt}
              required
              max={localDay()}
              value={date}
              onChange={(ev) => setDate(ev.currentTarget.value)}
              error={fieldErrors.verifiedAt}
            />
          </SimpleGrid>
          {entry.members.map((m, i) => (
            <Fieldset
              key={m.memberId}
              legend={`${m.name} (${tOr(`data.prelist.relationship.${m.relationship}`, m.relationship)})`}
            >
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NativeSelect
                  id={`field-members.${i}.outcome`}
                  label={t('data.prelist.verify.outcome')}
                  aria-label={labels[`members.${i}.outcome`]}
                  required
                  value={outcomes[m.memberId] ?? ''}
                  onChange={(ev) => setOutcomes({ ...outcomes, [m.memberId]: ev.currentTarget.value as Outcome })}
                  error={fieldErrors[`members.${i}.outcome`]}
                  data={[
                    { value: '', label: t('data.prelist.verify.choose'), disabled: true },
                    ...MEMBER_OUTCOMES.map((o) => ({ value: o, label: t(`data.prelist.verify.outcome.${o}`) })),
                  ]}
                />
                <TextInput
                  id={`field-members.${i}.note`}
                  label={t('data.prelist.verify.note')}
                  aria-label={labels[`members.${i}.note`]}
                  maxLength={300}
                  value={notes[m.memberId] ?? ''}
                  onChange={(ev) => setNotes({ ...notes, [m.memberId]: ev.currentTarget.value })}
                  error={fieldErrors[`members.${i}.note`]}
                />
              </SimpleGrid>
            </Fieldset>
          ))}
          <Text size="sm">{t('data.prelist.verify.next')}</Text>
          <Group>
            <Button type="submit" loading={busy} disabled={!complete}>
              {t('data.prelist.verify.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** What the field verification found, once recorded. */
export function FieldVerificationSummary({ entry }: { entry: Entry }) {
  if (!entry.verifier || !entry.verifiedAt) return null;
  return (
    <Alert color="green" variant="light" mt="sm" title={t('data.prelist.verify.recorded')}>
      {t('data.prelist.verify.summary', { verifier: entry.verifier, date: formatDate(entry.verifiedAt) })}
    </Alert>
  );
}
