import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { Alert, Anchor, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { useLocation, useSearch } from 'wouter';
import type { Schemas } from '@slrt/api-client';
import { useApi, useMe } from '../../api/context';
import { useIdempotencyKey } from '../../api/idempotency';
import { asApiError, unwrap, type ApiError } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import { ComplaintForm } from './ComplaintForm';
import { finishPrerendered, typedBeforeStart } from '../../prerender/takeover';
import {
  clearDraft,
  emptyDraft,
  handOverFiles,
  isEmptyDraft,
  loadDraft,
  saveDraft,
  toInput,
  withTyped,
  type ComplaintDraft,
} from './model';
import { fieldLabels } from './ui';

type ListItem = Schemas['ComplaintListItemV1'];

/**
 * Daftarkan keluhan: the registration form. The draft is kept in this tab's sessionStorage while
 * typing; a lost connection keeps the form and the retry carries the same Idempotency-Key (the
 * complaint is recorded once even when the first answer was lost on the way back); an open
 * complaint of the same NIK and programme is shown before saving, for the operator to confirm.
 */
export default function RegisterPage() {
  const api = useApi();
  const me = useMe();
  const [, navigate] = useLocation();
  const search = new URLSearchParams(useSearch());
  const fromLookup = search.get('dari') === 'cari';
  const maskedNik = search.get('samar') === '1';
  const [initial] = useState<{ draft: ComplaintDraft; restored: boolean }>(() => {
    const stored = loadDraft();
    const draft =
      stored ?? emptyDraft(me.roles.includes('FS') && !me.roles.includes('FO') ? 'FASILITATOR_VISIT' : 'PUSKESOS_FO');
    // Typed into the page's markup before the application ran (a slow link's first load).
    const typed = typedBeforeStart();
    return { draft: typed ? withTyped(draft, typed) : draft, restored: stored !== null && !fromLookup };
  });
  // This page now shows the form: the markup goes in the same commit, focus stays in its field.
  useLayoutEffect(() => finishPrerendered(), []);
  const [draft, setDraft] = useState<ComplaintDraft>(initial.draft);
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [duplicates, setDuplicates] = useState<ListItem[] | null>(null);
  /** The NIK + programmes whose possible duplicates the operator already confirmed. */
  const [confirmed, setConfirmed] = useState<string | null>(null);
  /** Content of the last attempt that got no answer (the key is kept only for the same content). */
  const unanswered = useRef<string | null>(null);
  const idem = useIdempotencyKey();

  // The draft follows every keystroke (sessionStorage is synchronous and small); an untouched form
  // leaves none (nothing to restore, and the page's build-time markup stays usable: src/early.ts).
  useEffect(() => (isEmptyDraft(draft) ? clearDraft() : saveDraft(draft)), [draft]);

  const dupKey = `${draft.subject.nik}|${[...draft.programmeCodes].sort().join(',')}`;

  async function findDuplicates(): Promise<ListItem[]> {
    if (!/^\d{16}$/.test(draft.subject.nik) || draft.programmeCodes.length === 0 || confirmed === dupKey) return [];
    try {
      const found = unwrap(await api.POST('/v1/complaints/search-by-person', { body: { nik: draft.subject.nik } }));
      return found.items.filter(
        (c) => c.status !== 'withdrawn' && c.programmeCodes.some((p) => draft.programmeCodes.includes(p)),
      );
    } catch {
      return []; // the server flags duplicates itself; this check only warns earlier
    }
  }

  async function save() {
    setBusy(true);
    setError(null);
    const input = toInput(draft);
    const content = JSON.stringify(input);
    // Changed content after an unanswered attempt: that attempt may have been recorded, and the
    // same key with other content is refused. A new key, and the operator is told to check.
    if (unanswered.current !== null && unanswered.current !== content) idem.done();
    try {
      const created = unwrap(
        await api.POST('/v1/complaints', { params: { header: { 'Idempotency-Key': idem.key() } }, body: input }),
      );
      idem.done();
      unanswered.current = null;
      clearDraft();
      handOverFiles(created.complaintId, files);
      navigate(`/keluhan/${created.complaintId}/resi`);
    } catch (e) {
      const err = asApiError(e);
      if (err.offline || err.status >= 500 || err.status === 429) {
        unanswered.current = content; // may or may not have been recorded: keep the key
      } else {
        idem.done(); // refused: nothing was recorded, the next try is a new request
        unanswered.current = null;
      }
      setError(err);
      window.scrollTo({ top: 0 });
    } finally {
      setBusy(false);
    }
  }

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const found = await findDuplicates();
    setBusy(false);
    if (found.length > 0) {
      setDuplicates(found);
      return;
    }
    await save();
  }

  function confirmDuplicate() {
    setConfirmed(dupKey);
    setDuplicates(null);
    void save();
  }

  function discard() {
    clearDraft();
    setDraft(emptyDraft(draft.channel));
    setFiles([]);
    setError(null);
    setDuplicates(null);
    idem.done();
    unanswered.current = null;
  }

  // The save button gives way to the duplicate warning (and back): focus follows, so a keyboard
  // user is not left on the page's body. The warning's own text is announced (role="alert").
  const confirmButton = useRef<HTMLButtonElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const warned = useRef(false);
  useEffect(() => {
    if (duplicates) confirmButton.current?.focus();
    else if (warned.current && document.activeElement === document.body) submitButton.current?.focus();
    warned.current = duplicates !== null;
  }, [duplicates]);

  const fieldErrors = error?.fieldErrors() ?? {};
  const retryable = error && (error.offline || error.status >= 500 || error.status === 429);
  return (
    <Stack maw={900}>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('fo.form.title')}</Title>
        <Button variant="subtle" color="gray" onClick={discard}>
          {t('fo.form.discard')}
        </Button>
      </Group>
      <Text size="sm">{t('fo.form.draftKept')}</Text>
      {initial.restored && (
        <Alert color="blue" variant="light">
          {t('fo.form.draftRestored')}
        </Alert>
      )}
      {fromLookup && (
        <Alert color="blue" variant="light">
          {t('fo.form.prefilled')} {maskedNik && t('fo.lookup.maskedNik')}
        </Alert>
      )}
      <ProblemAlert error={error} fieldLabels={fieldLabels} />
      {retryable && (
        <Alert color="yellow" variant="light" role="status">
          <Text size="sm" mb="xs">
            {t('fo.form.retryNote')}
          </Text>
          <Button onClick={() => void save()} loading={busy}>
            {t('fo.form.retry')}
          </Button>
        </Alert>
      )}
      {error?.status === 409 && <Alert color="yellow">{t('fo.form.conflictKey')}</Alert>}
      <form onSubmit={(ev) => void submit(ev)} noValidate>
        <Stack gap="md">
          <ComplaintForm draft={draft} onChange={setDraft} errors={fieldErrors} files={files} onFiles={setFiles} />
          {duplicates && (
            <Alert
              color="orange"
              title={t('fo.dup.title')}
              role="alert"
              styles={{ title: { color: 'var(--mantine-color-dark-9)' } }}
            >
              <Text size="sm" mb="xs">
                {t('fo.dup.text')}
              </Text>
              <List size="sm" mb="sm">
                {duplicates.map((d) => (
                  <List.Item key={d.complaintId}>
                    <Anchor href={`/keluhan/${d.complaintId}`} target="_blank" rel="noopener" c="blue.9">
                      {d.receiptNumber}
                    </Anchor>{' '}
                    — {d.programmeCodes.join(', ')} — {formatDateTime(d.registeredAt)}
                  </List.Item>
                ))}
              </List>
              <Group>
                <Button ref={confirmButton} onClick={confirmDuplicate} loading={busy}>
                  {t('fo.dup.confirm')}
                </Button>
                <Button variant="default" onClick={() => setDuplicates(null)}>
                  {t('fo.dup.cancel')}
                </Button>
              </Group>
            </Alert>
          )}
          {!duplicates && (
            <Group>
              <Button ref={submitButton} type="submit" size="md" loading={busy}>
                {t('fo.form.submit')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Stack>
  );
}
