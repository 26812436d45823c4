import { useState, type FormEvent } from 'react';
import { Alert, Button, Modal, NativeSelect, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@slrt/api-client';
import { useApi, useMe } from '../../api/context';
import { useIdempotencyKey } from '../../api/idempotency';
import { asApiError, unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { READABLE_ERROR } from '../../components/readableError';
import { t } from '../../i18n';

type Referral = Schemas['OwnerReferralViewV1'];
const RANK: Record<string, number> = { desa: 0, kabkota: 1, provinsi: 2, pusat: 3 };

/**
 * "Teruskan ke tingkat atas" (seed 002: referrals go to the kab/kota, the province or the centre):
 * the owner passes its referral to a higher-level owner of the directory with a reason. Sent once
 * per attempt (`responseId`); the API refuses an unknown or lower owner with the field named.
 */
export function ForwardForm({ r }: { r: Referral }) {
  const api = useApi();
  const me = useMe();
  const queryClient = useQueryClient();
  const idem = useIdempotencyKey();
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<{ target?: boolean; reason?: boolean }>({});
  const [done, setDone] = useState<string | null>(null);
  const owners = useQuery({
    queryKey: ['programme-owners'],
    enabled: open,
    staleTime: 5 * 60_000,
    queryFn: async () => unwrap(await api.GET('/v1/programme-owners')).items.filter((o) => o.active),
  });
  const mine = owners.data?.find((o) => o.code === me.ownerCode);
  const higher = (owners.data ?? [])
    .filter((o) => (RANK[o.level] ?? -1) > (RANK[mine?.level ?? 'kabkota'] ?? 1))
    .sort((a, b) => (RANK[b.level] ?? 0) - (RANK[a.level] ?? 0) || a.name.localeCompare(b.name));
  const mutation = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/v1/owner/referrals/{id}/forward', {
          params: { path: { id: r.referralId } },
          body: { responseId: idem.key(), targetOwnerCode: target, reason: reason.trim() },
        }),
      ),
    onSuccess: () => {
      idem.done();
      setOpen(false);
      setDone(t('owner.forward.done', { owner: higher.find((o) => o.code === target)?.name ?? target }));
      void queryClient.invalidateQueries({ queryKey: ['owner-referral', r.referralId] });
      void queryClient.invalidateQueries({ queryKey: ['owner-referrals'] });
    },
  });
  const error = mutation.error ? asApiError(mutation.error) : null;
  const fieldErrors = error ? error.fieldErrors() : {};
  function submit(ev: FormEvent) {
    ev.preventDefault();
    const m = { target: !target, reason: reason.trim().length < 3 };
    setMissing(m);
    if (m.target || m.reason) {
      document.getElementById(m.target ? 'field-targetOwnerCode' : 'field-reason')?.focus();
      return;
    }
    mutation.mutate();
  }
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="ref-forward">
      <Title order={3} size="h4" id="ref-forward" mb="sm">
        {t('owner.forward.title')}
      </Title>
      {done && (
        <Alert color="green" role="status" mb="sm">
          {done}
        </Alert>
      )}
      {r.status !== 'forwarded' && (
        <Text size="sm" mb="sm">
          {t('owner.forward.explain')}
        </Text>
      )}
      {r.status === 'forwarded' ? (
        <Text size="sm">{t('owner.forward.already')}</Text>
      ) : (
        <Button variant="outline" color="blue.8" onClick={() => setOpen(true)}>
          {t('owner.forward.open')}
        </Button>
      )}
      {open && (
        <Modal
          opened
          onClose={() => setOpen(false)}
          title={t('owner.forward.title')}
          size="lg"
          closeButtonProps={{ 'aria-label': t('common.close') }}
        >
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <ProblemAlert
                error={error}
                fieldLabels={{ targetOwnerCode: t('owner.forward.target'), reason: t('owner.forward.reason') }}
              />
              {owners.data && higher.length === 0 && <Alert color="yellow">{t('owner.forward.noTargets')}</Alert>}
              <NativeSelect
                id="field-targetOwnerCode"
                label={t('owner.forward.target')}
                required
                value={target}
                onChange={(e) => {
                  setTarget(e.currentTarget.value);
                  setMissing((m) => ({ ...m, target: false }));
                }}
                data={[
                  { value: '', label: t('owner.forward.targetPlaceholder') },
                  ...higher.map((o) => ({ value: o.code, label: `${o.name} (${t(`owner.level.${o.level}`)})` })),
                ]}
                styles={READABLE_ERROR}
                error={missing.target ? t('owner.forward.target.required') : fieldErrors.targetOwnerCode}
              />
              <Textarea
                id="field-reason"
                label={t('owner.forward.reason')}
                required
                autosize
                minRows={3}
                maxLength={2000}
                value={reason}
                onChange={(e) => {
                  setReason(e.currentTarget.value);
                  setMissing((m) => ({ ...m, reason: false }));
                }}
                styles={READABLE_ERROR}
                error={missing.reason ? t('owner.forward.reason.required') : fieldErrors.reason}
              />
              <Button type="submit" color="blue.8" loading={mutation.isPending}>
                {t('owner.forward.submit')}
              </Button>
            </Stack>
          </form>
        </Modal>
      )}
    </Paper>
  );
}
