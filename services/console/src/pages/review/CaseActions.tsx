// The case page's actions: the buttons this user may press now and the dialog each opens.
import { useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, Loader, Modal, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@slrt/api-client';
import { useApi, useMe } from '../../api/context';
import { ApiError, asApiError, unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useDialogFocusReturn } from '../../components/focus';
import { READABLE_ERROR } from '../../components/readableError';
import { t, tOr } from '../../i18n';
import { useActionDrafts, type ActionDraft } from './caseDraft';
import { PuskesosResolveDialog } from './PuskesosResolveDialog';

type CaseView = Schemas['CaseViewV1'];
type CaseAction = Schemas['ActOnCaseBodyV1']['action'];

/** Actions an operator takes from the console, in the order they are offered (the first is primary). */
const OPERATOR_ACTIONS: CaseAction[] = [
  'forward',
  'approve',
  'send',
  'refer-desa',
  'answer-owner',
  'resubmit',
  'record-follow-up',
  'return',
  'resolve-locally',
  'close',
  'reopen',
  'withdraw',
];
/** Actions whose form requires a note (the referral service's state machine: `requires: ['note']`). */
const NOTE_REQUIRED: CaseAction[] = [
  'return',
  'resubmit',
  'resolve-locally',
  'close',
  'answer-owner',
  'record-follow-up',
  'withdraw',
  'reopen',
];
/** Actions that end or undo something: shown in red, confirmed with what will happen. */
const FINAL: CaseAction[] = ['resolve-locally', 'close', 'withdraw'];

/**
 * The case moved on since the page showed it: a version conflict, an action no longer valid in
 * its state (409 with the actions `allowed` now), or no longer this role's (403 with `allowed`).
 */
function isStale(e: ApiError): boolean {
  return e.status === 409 || (e.status === 403 && Array.isArray(e.problem.allowed));
}

export function Actions({ c, onDone }: { c: CaseView; onDone: (message: string) => void }) {
  const me = useMe();
  const actions = OPERATOR_ACTIONS.filter((a) => c.allowedActions.includes(a));
  const [open, setOpen] = useState<CaseAction | null>(null);
  const drafts = useActionDrafts(c.caseId);
  const primary = actions.find((a) => !FINAL.includes(a) && a !== 'reopen' && a !== 'return');
  const { fallbackRef, openFrom, close } = useDialogFocusReturn(open, setOpen);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="actions-title">
      <Title order={3} size="h4" id="actions-title" mb="sm" ref={fallbackRef} tabIndex={-1}>
        {t('review.case.actions')}
      </Title>
      {actions.length === 0 ? (
        <Text size="sm">{t('review.case.actions.none')}</Text>
      ) : (
        <Stack gap="xs">
          {actions.map((a) => (
            <Button
              key={a}
              variant={a === primary ? 'filled' : 'outline'}
              color={FINAL.includes(a) ? 'red.9' : 'blue.8'}
              onClick={(ev) => openFrom(ev.currentTarget, a)}
              fullWidth
            >
              {tOr(`review.action.${a}`, a)}
            </Button>
          ))}
        </Stack>
      )}
      {open === 'resolve-locally' && (
        <PuskesosResolveDialog
          c={c}
          onClose={() => close('opener')}
          onDone={(message) => {
            close('fallback');
            onDone(message);
          }}
        />
      )}
      {open && open !== 'resolve-locally' && (
        <ActionDialog
          key={open}
          c={c}
          action={open}
          draft={drafts.draft(open)}
          onChange={(change) => drafts.update(open, change)}
          onClose={() => close('opener')}
          onDone={(updated) => {
            drafts.clear(open);
            close('fallback');
            onDone(
              t('review.done', {
                action: tOr(`review.action.${open}`, open),
                state: tOr(`review.state.${updated.state}`, updated.state),
              }),
            );
          }}
          isBo={me.has('BO')}
        />
      )}
    </Paper>
  );
}

function ActionDialog(props: {
  c: CaseView;
  action: CaseAction;
  draft: ActionDraft;
  onChange: (d: Partial<ActionDraft>) => void;
  onClose: () => void;
  onDone: (c: CaseView) => void;
  isBo: boolean;
}) {
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
  const servesDesa = (o: { level: string; serviceArea: string[] }) =>
    o.level === 'desa' && o.serviceArea.some((a) => c.desaCode === a || c.desaCode.startsWith(`${a}.`));
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

  const noteLabel =
    action === 'return' ? t('review.form.note.return') : isSend ? t('review.form.note.send') : t('review.form.note');
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={label}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text>{tOr(`review.explain.${action}`, '')}</Text>
          {conflict ? (
            <Alert color="red" title={t('review.conflict.title')} role="alert">
              <div>{t('review.conflict.text')}</div>
              <div>
                {t('review.conflict.now', { state: tOr(`review.state.${c.state}`, c.state), version: c.version })}
              </div>
              {!stillAllowed && <div>{t('review.conflict.notAllowed')}</div>}
              {conflict.problem.allowed && conflict.problem.allowed.length > 0 && (
                <div>
                  {t('review.conflict.allowed', {
                    actions: conflict.problem.allowed.map((a) => tOr(`review.action.${a}`, a)).join(', '),
                  })}
                </div>
              )}
            </Alert>
          ) : (
            <ProblemAlert
              error={error}
              fieldLabels={{
                note: noteLabel,
                ownerCodes: t('review.form.owners'),
                overrideReason: t('review.form.overrideReason'),
              }}
            />
          )}
          {isSend && (
            <>
              {!isDesa && (
                <Text size="sm">
                  {c.suggestedOwners.length
                    ? t('review.form.suggested', { owners: c.suggestedOwners.map(nameOf).join(', ') })
                    : t('review.form.noSuggestion')}
                </Text>
              )}
              {isDesa && owners.data?.length === 0 && <Alert color="yellow">{t('review.form.noDesaOwners')}</Alert>}
              {owners.isPending ? (
                <Loader size="sm" role="status" aria-label={t('app.loading')} />
              ) : (
                <Checkbox.Group
                  id="field-ownerCodes"
                  label={isDesa ? t('review.form.desaOwners') : t('review.form.owners')}
                  value={chosen}
                  onChange={(v) => onChange({ ownerCodes: v })}
                  styles={READABLE_ERROR}
                  error={fieldErrors.ownerCodes}
                  withAsterisk
                >
                  <Stack gap={6} mt={6}>
                    {[...(owners.data ?? [])]
                      .sort(
                        (a, b) =>
                          Number(c.suggestedOwners.includes(b.code)) - Number(c.suggestedOwners.includes(a.code)),
                      )
                      .map((o) => (
                        <Checkbox
                          key={o.code}
                          value={o.code}
                          label={`${o.name}${c.suggestedOwners.includes(o.code) ? ` ${t('review.form.suggestedMark')}` : ''}`}
                        />
                      ))}
                  </Stack>
                </Checkbox.Group>
              )}
              {overriding && (
                <Textarea
                  id="field-overrideReason"
                  label={t('review.form.overrideReason')}
                  description={t('review.form.overrideHint')}
                  required
                  autosize
                  minRows={2}
                  value={draft.overrideReason}
                  onChange={(e) => onChange({ overrideReason: e.currentTarget.value })}
                  styles={READABLE_ERROR}
                  error={fieldErrors.overrideReason}
                  maxLength={1000}
                />
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
              styles={READABLE_ERROR}
              error={noteMissing ? t('review.form.note.required') : fieldErrors.note}
            />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              color={FINAL.includes(action) ? 'red.9' : 'blue.8'}
              loading={mutation.isPending}
              disabled={!stillAllowed}
            >
              {t('review.form.confirm', { action: label.charAt(0).toLowerCase() + label.slice(1) })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
