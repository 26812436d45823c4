import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Badge, Button, Checkbox, Grid, Group, Loader, Modal, Paper, SimpleGrid, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'wouter';
import type { Schemas } from '@slrt/api-client';
import { useApi, useMe } from '../../api/context';
import { ApiError, asApiError, unwrap } from '../../api/problem';
import { CaseDeadlineBadge, CaseStateBadge } from '../../components/CaseStateBadge';
import { ProblemAlert } from '../../components/ProblemAlert';
import { READABLE_ERROR } from '../../components/readableError';
import { formatDate, formatDateTime } from '../../format';
import { t, tOr } from '../../i18n';
import { useActionDrafts, type ActionDraft } from './caseDraft';
import { daysLeftText, useHolidays } from './deadline';
import { PuskesosResolveDialog } from './PuskesosResolveDialog';

type CaseView = Schemas['CaseViewV1'];
type CaseAction = Schemas['ActOnCaseBodyV1']['action'];
type Complaint = Schemas['ComplaintDetailV1'];

/** Actions an operator takes from the console, in the order they are offered (the first is primary). */
const OPERATOR_ACTIONS: CaseAction[] = ['forward', 'approve', 'send', 'refer-desa', 'answer-owner', 'resubmit', 'record-follow-up', 'return', 'resolve-locally', 'close', 'reopen', 'withdraw'];
/** Actions whose form requires a note (the referral service's state machine: `requires: ['note']`). */
const NOTE_REQUIRED: CaseAction[] = ['return', 'resubmit', 'resolve-locally', 'close', 'answer-owner', 'record-follow-up', 'withdraw', 'reopen'];
/** Actions that end or undo something: shown in red, confirmed with what will happen. */
const FINAL: CaseAction[] = ['resolve-locally', 'close', 'withdraw'];

/**
 * The case moved on since the page showed it: a version conflict, an action no longer valid in
 * its state (409 with the actions `allowed` now), or no longer this role's (403 with `allowed`).
 */
function isStale(e: ApiError): boolean {
  return e.status === 409 || (e.status === 403 && Array.isArray(e.problem.allowed));
}

/**
 * One case: the complaint (personal data masked), the registry's triage, the deadline, the
 * referrals and the owners' answers, the history, and the actions this user may take now (as the
 * API lists them). Every action is sent with the version the user saw; a conflict reloads the
 * case and keeps what was typed.
 */
export default function CasePage() {
  const { id } = useParams<{ id: string }>();
  const api = useApi();
  const holidays = useHolidays();
  const caseQuery = useQuery({ queryKey: ['case', id], queryFn: async () => unwrap(await api.GET('/v1/cases/{id}', { params: { path: { id } } })) });
  const complaintId = caseQuery.data?.complaintId;
  const complaintQuery = useQuery({
    queryKey: ['complaint', complaintId],
    enabled: !!complaintId,
    queryFn: async () => unwrap(await api.GET('/v1/complaints/{id}', { params: { path: { id: complaintId! } } })),
  });
  const [done, setDone] = useState<string | null>(null);

  if (caseQuery.isPending) return <Loader role="status" aria-label={t('app.loading')} />;
  if (caseQuery.error) {
    const notFound = caseQuery.error instanceof ApiError && caseQuery.error.status === 404;
    return (
      <Stack>
        <Title order={2}>{t('review.case.history')}</Title>
        {notFound ? <Alert color="red">{t('review.case.notFound')}</Alert> : <ProblemAlert error={caseQuery.error} />}
      </Stack>
    );
  }
  const c = caseQuery.data;
  const days = daysLeftText(c.dueAt, holidays);

  return (
    <Stack gap="md" maw={1100}>
      <Anchor component={Link} href="/" size="sm">
        {t('review.case.back')}
      </Anchor>
      <Group gap="sm" wrap="wrap">
        <Title order={2}>{t('review.case.title', { receipt: c.receiptNumber })}</Title>
        <CaseStateBadge state={c.state} />
        <CaseDeadlineBadge deadline={c.deadline} />
      </Group>
      {done && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel={t('common.close')} onClose={() => setDone(null)}>
          {done}
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }} component={Stack} style={{ gap: 'var(--mantine-spacing-md)' }}>
          <ComplaintSummary complaint={complaintQuery.data} error={complaintQuery.error} loading={complaintQuery.isPending} />
          <Triage complaint={complaintQuery.data} />
          <Referrals c={c} />
          <History c={c} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} component={Stack} style={{ gap: 'var(--mantine-spacing-md)' }}>
          <Paper withBorder p="md" component="section" aria-labelledby="deadline-title">
            <Title order={3} size="h4" id="deadline-title" mb="xs">
              {t('review.case.deadline')}
            </Title>
            <Field label={t('review.case.dueAt')} value={c.dueAt ? formatDateTime(c.dueAt) : t('review.queue.noDue')} />
            {days && <Text fw={600}>{days}</Text>}
            <Field label={t('review.case.openedAt')} value={formatDateTime(c.openedAt)} />
            {c.reopenedFrom && <Text size="sm">{t('review.case.reopenedFrom')}</Text>}
          </Paper>
          <Actions c={c} onDone={setDone} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function Field({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed" component="div">
        {label}
      </Text>
      <Text component="div">{value === null || value === undefined || value === '' ? '—' : value}</Text>
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`${id}-title`}>
      <Title order={3} size="h4" id={`${id}-title`} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function ComplaintSummary({ complaint, error, loading }: { complaint: Complaint | undefined; error: unknown; loading: boolean }) {
  return (
    <Section id="summary" title={t('review.case.summary')}>
      {loading ? (
        <Loader size="sm" role="status" aria-label={t('app.loading')} />
      ) : error || !complaint ? (
        <ProblemAlert error={error} />
      ) : (
        <Stack gap="sm">
          <Group gap="xs">
            {complaint.confidential && <Badge color="red.9">{t('review.case.confidential')}</Badge>}
            {complaint.anonymous && <Badge color="gray.7">{t('review.case.anonymous')}</Badge>}
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <Field label={t('review.case.category')} value={tOr(`review.category.${complaint.category}`, complaint.category)} />
            <Field label={t('review.case.programmes')} value={complaint.programmeCodes.join(', ')} />
            <Field label={t('review.case.contactType')} value={tOr(`fo.contactType.${complaint.contactType}`, complaint.contactType)} />
            <Field label={t('review.case.sector')} value={tOr(`fo.sector.${complaint.sector}`, complaint.sector)} />
            <Field label={t('review.case.desa')} value={complaint.desaCode} />
            <Field label={t('review.case.registeredAt')} value={formatDateTime(complaint.registeredAt)} />
          </SimpleGrid>
          <Field label={t('review.case.description')} value={<span style={{ whiteSpace: 'pre-wrap' }}>{complaint.description}</span>} />
          <Field label={t('review.case.documents')} value={complaint.documentsReceived.join(', ')} />
          <Title order={4} size="h5">
            {t('review.case.persons')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('review.case.masked')}
          </Text>
          {complaint.persons.map((p, i) => (
            <Paper key={`${p.role}-${i}`} withBorder p="xs">
              <Text fw={600}>
                {tOr(`review.case.person.${p.role}`, p.role)}: {p.name}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
                <Field label={t('review.case.person.nik')} value={p.nik} />
                <Field label={t('review.case.person.noKk')} value={p.noKk} />
                <Field label={t('review.case.person.phone')} value={p.phone} />
              </SimpleGrid>
            </Paper>
          ))}
        </Stack>
      )}
    </Section>
  );
}

function Triage({ complaint }: { complaint: Complaint | undefined }) {
  if (!complaint) return null;
  return (
    <Section id="triage" title={t('review.case.triage')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <Field label={t('review.case.registryCheck')} value={tOr(`review.case.registryCheck.${complaint.registryCheck}`, complaint.registryCheck)} />
        <Field label={t('review.case.desil')} value={complaint.desil ?? null} />
        <Field label={t('review.case.registryProgrammes')} value={complaint.registryProgrammes.join(', ')} />
        <Field label={t('review.case.dataPeriod')} value={complaint.dataPeriod} />
        <Field label={t('review.case.nextStep')} value={complaint.nextStep ? tOr(`review.case.nextStep.${complaint.nextStep}`, complaint.nextStep) : null} />
      </SimpleGrid>
      {complaint.possibleDuplicateOf && (
        <Alert color="yellow" mt="sm" variant="light">
          {t('review.case.duplicate', { receipt: complaint.possibleDuplicateOf })}
        </Alert>
      )}
    </Section>
  );
}

function Referrals({ c }: { c: CaseView }) {
  const referrals = c.referrals ?? [];
  const refused = c.refusedAnswers ?? [];
  if (!referrals.length && !refused.length) return null;
  return (
    <Section id="referrals" title={t('review.case.referrals')}>
      <Stack gap="sm">
        {referrals.map((r) => (
          <Paper key={r.referralId} withBorder p="sm">
            <Group gap="xs" justify="space-between">
              <Text fw={600}>{r.ownerName}</Text>
              <Group gap={4}>
                <Badge color={r.status === 'rejected' ? 'red.9' : r.status === 'resolved' ? 'teal.9' : r.status === 'sent' ? 'blue.8' : 'violet.8'} autoContrast style={{ textTransform: 'none' }}>
                  {tOr(`review.case.referral.status.${r.status}`, r.status)}
                </Badge>
                {r.status === 'sent' || r.status === 'accepted' || r.status === 'review-requested' ? <CaseDeadlineBadge deadline={r.deadline} /> : null}
              </Group>
            </Group>
            <Text size="sm">
              {t('review.case.referral.sentAt', { date: formatDateTime(r.sentAt) })} · {t('review.case.referral.dueAt', { date: formatDate(r.dueAt) })}
            </Text>
            {r.lastAnswer && (
              <Text size="sm" mt={4}>
                <strong>{t('review.case.referral.answer')}:</strong> {r.lastAnswer}
              </Text>
            )}
          </Paper>
        ))}
        {refused.length > 0 && (
          <>
            <Title order={4} size="h5">
              {t('review.case.refused')}
            </Title>
            {refused.map((r, i) => (
              <Alert key={`${r.answerSubject}-${i}`} color="red" variant="light" title={t('review.case.refused.item', { owner: r.ownerCode, date: formatDateTime(r.receivedAt) })}>
                {r.reason.id}
                {r.fieldErrors.length > 0 && <div>{r.fieldErrors.map((f) => `${f.path}: ${f.message}`).join('; ')}</div>}
              </Alert>
            ))}
          </>
        )}
      </Stack>
    </Section>
  );
}

function History({ c }: { c: CaseView }) {
  const history = c.history ?? [];
  const ownerName = new Map((c.referrals ?? []).map((r) => [r.ownerCode, r.ownerName]));
  return (
    <Section id="history" title={t('review.case.history')}>
      {history.length === 0 ? (
        <Text>{t('review.case.history.empty')}</Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2} active={history.length - 1}>
          {history.map((h, i) => (
            <Timeline.Item key={`${h.at}-${i}`} title={`${tOr(`review.action.${h.action}`, h.action)} → ${tOr(`review.state.${h.to}`, h.to)}`}>
              <Text size="sm">{t('review.case.history.by', { role: h.actorRole === 'OWNER' ? t('review.case.history.owner') : tOr(`role.${h.actorRole}`, h.actorRole), date: formatDateTime(h.at) })}</Text>
              {h.ownerCodes.length > 0 && <Text size="sm">{t('review.case.history.owners', { owners: h.ownerCodes.map((o) => ownerName.get(o) ?? o).join(', ') })}</Text>}
              {h.note && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {h.note}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Section>
  );
}

function Actions({ c, onDone }: { c: CaseView; onDone: (message: string) => void }) {
  const me = useMe();
  const actions = OPERATOR_ACTIONS.filter((a) => c.allowedActions.includes(a));
  const [open, setOpen] = useState<CaseAction | null>(null);
  const drafts = useActionDrafts(c.caseId);
  const primary = actions.find((a) => !FINAL.includes(a) && a !== 'reopen' && a !== 'return');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="actions-title">
      <Title order={3} size="h4" id="actions-title" mb="sm">
        {t('review.case.actions')}
      </Title>
      {actions.length === 0 ? (
        <Text size="sm">{t('review.case.actions.none')}</Text>
      ) : (
        <Stack gap="xs">
          {actions.map((a) => (
            <Button key={a} variant={a === primary ? 'filled' : 'outline'} color={FINAL.includes(a) ? 'red.9' : 'blue.8'} onClick={() => setOpen(a)} fullWidth>
              {tOr(`review.action.${a}`, a)}
            </Button>
          ))}
        </Stack>
      )}
      {open === 'resolve-locally' && <PuskesosResolveDialog c={c} onClose={() => setOpen(null)} onDone={(message) => { setOpen(null); onDone(message); }} />}
      {open && open !== 'resolve-locally' && (
        <ActionDialog
          key={open}
          c={c}
          action={open}
          draft={drafts.draft(open)}
          onChange={(change) => drafts.update(open, change)}
          onClose={() => setOpen(null)}
          onDone={(updated) => {
            drafts.clear(open);
            setOpen(null);
            onDone(t('review.done', { action: tOr(`review.action.${open}`, open), state: tOr(`review.state.${updated.state}`, updated.state) }));
          }}
          isBo={me.has('BO')}
        />
      )}
    </Paper>
  );
}

function ActionDialog(props: { c: CaseView; action: CaseAction; draft: ActionDraft; onChange: (d: Partial<ActionDraft>) => void; onClose: () => void; onDone: (c: CaseView) => void; isBo: boolean }) {
  const { c, action, draft, onChange } = props;
  const api = useApi();
  const queryClient = useQueryClient();
  const [noteMissing, setNoteMissing] = useState(false);
  const label = tOr(`review.action.${action}`, action);
  const needsNote = NOTE_REQUIRED.includes(action);
  const isDesa = action === 'refer-desa';
  const isSend = action === 'send' || isDesa;
  const allOwners = useQuery({
    queryKey: ['programme-owners'],
    enabled: isSend,
    staleTime: 5 * 60_000,
    queryFn: async () => unwrap(await api.GET('/v1/programme-owners')).items.filter((o) => o.active),
  });
  // A Puskesos refers to the services of the case's own desa only (level desa, its code in the service area).
  const servesDesa = (o: { level: string; serviceArea: string[] }) => o.level === 'desa' && o.serviceArea.some((a) => c.desaCode === a || c.desaCode.startsWith(`${a}.`));
  const owners = { ...allOwners, data: isDesa ? allOwners.data?.filter(servesDesa) : allOwners.data };
  const chosen = draft.ownerCodes ?? (isDesa ? [] : c.suggestedOwners);
  const overriding = action === 'send' && chosen.some((o) => !c.suggestedOwners.includes(o));
  const nameOf = (code: string) => owners.data?.find((o) => o.code === code)?.name ?? code;

  const mutation = useMutation({
    mutationFn: async (version: number) => {
      const note = draft.note.trim();
      return unwrap(
        await api.POST('/v1/cases/{id}/actions', {
          params: { path: { id: c.caseId } },
          body: {
            action,
            expectedVersion: version,
            ...(note ? { note } : {}),
            ...(isSend ? { ownerCodes: chosen } : {}),
            ...(overriding && draft.overrideReason.trim() ? { overrideReason: draft.overrideReason.trim() } : {}),
          },
        }),
      );
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(['case', c.caseId], updated);
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      void queryClient.invalidateQueries({ queryKey: ['inbox'] });
      props.onDone(updated);
    },
    onError: (e) => {
      // Someone else acted first (or the state moved on): show the case as it is now.
      if (isStale(asApiError(e))) void queryClient.invalidateQueries({ queryKey: ['case', c.caseId] });
    },
  });
  const error = mutation.error ? asApiError(mutation.error) : null;
  const conflict = error && isStale(error) ? error : null;
  const stillAllowed = c.allowedActions.includes(action);
  const fieldErrors = error && !conflict ? error.fieldErrors() : {};

  function submit(ev: FormEvent) {
    ev.preventDefault();
    if (needsNote && draft.note.trim().length < 3) {
      setNoteMissing(true);
      document.getElementById('field-note')?.focus();
      return;
    }
    setNoteMissing(false);
    mutation.reset();
    mutation.mutate(c.version);
  }

  const noteLabel = action === 'return' ? t('review.form.note.return') : isSend ? t('review.form.note.send') : t('review.form.note');
  return (
    <Modal opened onClose={props.onClose} title={label} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text>{tOr(`review.explain.${action}`, '')}</Text>
          {conflict ? (
            <Alert color="red" title={t('review.conflict.title')} role="alert">
              <div>{t('review.conflict.text')}</div>
              <div>{t('review.conflict.now', { state: tOr(`review.state.${c.state}`, c.state), version: c.version })}</div>
              {!stillAllowed && <div>{t('review.conflict.notAllowed')}</div>}
              {conflict.problem.allowed && conflict.problem.allowed.length > 0 && <div>{t('review.conflict.allowed', { actions: conflict.problem.allowed.map((a) => tOr(`review.action.${a}`, a)).join(', ') })}</div>}
            </Alert>
          ) : (
            <ProblemAlert error={error} fieldLabels={{ note: noteLabel, ownerCodes: t('review.form.owners'), overrideReason: t('review.form.overrideReason') }} />
          )}
          {isSend && (
            <>
              {!isDesa && <Text size="sm">{c.suggestedOwners.length ? t('review.form.suggested', { owners: c.suggestedOwners.map(nameOf).join(', ') }) : t('review.form.noSuggestion')}</Text>}
              {isDesa && owners.data?.length === 0 && <Alert color="yellow">{t('review.form.noDesaOwners')}</Alert>}
              {owners.isPending ? (
                <Loader size="sm" role="status" aria-label={t('app.loading')} />
              ) : (
                <Checkbox.Group id="field-ownerCodes" label={isDesa ? t('review.form.desaOwners') : t('review.form.owners')} value={chosen} onChange={(v) => onChange({ ownerCodes: v })} styles={READABLE_ERROR} error={fieldErrors.ownerCodes} withAsterisk>
                  <Stack gap={6} mt={6}>
                    {[...(owners.data ?? [])].sort((a, b) => Number(c.suggestedOwners.includes(b.code)) - Number(c.suggestedOwners.includes(a.code))).map((o) => (
                      <Checkbox key={o.code} value={o.code} label={`${o.name}${c.suggestedOwners.includes(o.code) ? ` ${t('review.form.suggestedMark')}` : ''}`} />
                    ))}
                  </Stack>
                </Checkbox.Group>
              )}
              {overriding && (
                <Textarea id="field-overrideReason" label={t('review.form.overrideReason')} description={t('review.form.overrideHint')} required autosize minRows={2} value={draft.overrideReason} onChange={(e) => onChange({ overrideReason: e.currentTarget.value })} styles={READABLE_ERROR} error={fieldErrors.overrideReason} maxLength={1000} />
              )}
            </>
          )}
          {(needsNote || isSend || action === 'forward' || action === 'approve') && (
            <Textarea
              id="field-note"
              label={noteLabel}
              required={needsNote}
              autosize
              minRows={3}
              maxLength={4000}
              value={draft.note}
              onChange={(e) => onChange({ note: e.currentTarget.value })}
              styles={READABLE_ERROR} error={noteMissing ? t('review.form.note.required') : fieldErrors.note}
            />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={FINAL.includes(action) ? 'red.9' : 'blue.8'} loading={mutation.isPending} disabled={!stillAllowed}>
              {t('review.form.confirm', { action: label.charAt(0).toLowerCase() + label.slice(1) })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
