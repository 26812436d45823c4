import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@slrt/api-client';
import { useApi } from '../../api/context';
import { useIdempotencyKey } from '../../api/idempotency';
import { asApiError, unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { READABLE_ERROR } from '../../components/readableError';
import { t } from '../../i18n';

type CaseView = Schemas['CaseViewV1'];
const KINDS = ['informasi', 'pendampingan', 'layanan-desa', 'bantuan-langsung', 'mediasi', 'lainnya'] as const;

/**
 * "Selesaikan di Puskesos" (seed 001: the Puskesos settles complaints "sesuai kapasitas Puskesos"):
 * what was done and of which kind, sent once (an idempotency key per attempt: a double click or a
 * retry counts once), with the version the user saw.
 */
export function PuskesosResolveDialog({
  c,
  onClose,
  onDone,
}: {
  c: CaseView;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const idem = useIdempotencyKey();
  const [kind, setKind] = useState<(typeof KINDS)[number]>('informasi');
  const [actionTaken, setActionTaken] = useState('');
  const [missing, setMissing] = useState(false);
  const mutation = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/v1/cases/{id}/puskesos-resolution', {
          params: { path: { id: c.caseId } },
          body: { expectedVersion: c.version, requestId: idem.key(), kind, actionTaken: actionTaken.trim() },
        }),
      ),
    onSuccess: () => {
      idem.done();
      void queryClient.invalidateQueries({ queryKey: ['case', c.caseId] });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      onDone(t('review.puskesos.done'));
    },
  });
  const error = mutation.error ? asApiError(mutation.error) : null;
  const fieldErrors = error ? error.fieldErrors() : {};
  function submit(ev: FormEvent) {
    ev.preventDefault();
    if (actionTaken.trim().length < 10) {
      setMissing(true);
      document.getElementById('field-actionTaken')?.focus();
      return;
    }
    setMissing(false);
    mutation.mutate();
  }
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('review.action.resolve-locally')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text>{t('review.explain.resolve-locally')}</Text>
          <ProblemAlert
            error={error}
            fieldLabels={{ kind: t('review.puskesos.kind'), actionTaken: t('review.puskesos.actionTaken') }}
          />
          <NativeSelect
            id="field-kind"
            label={t('review.puskesos.kind')}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as (typeof KINDS)[number])}
            data={KINDS.map((k) => ({ value: k, label: t(`review.puskesos.kind.${k}`) }))}
            styles={READABLE_ERROR}
            error={fieldErrors.kind}
          />
          <Textarea
            id="field-actionTaken"
            label={t('review.puskesos.actionTaken')}
            description={t('review.puskesos.actionTakenHint')}
            required
            autosize
            minRows={3}
            maxLength={2000}
            value={actionTaken}
            onChange={(e) => {
              setActionTaken(e.currentTarget.value);
              setMissing(false);
            }}
            styles={READABLE_ERROR}
            error={missing ? t('review.puskesos.actionTaken.required') : fieldErrors.actionTaken}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red.9" loading={mutation.isPending}>
              {t('review.puskesos.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
