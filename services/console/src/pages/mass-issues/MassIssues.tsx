import { useState } from 'react';
import { Badge, Button, Card, Checkbox, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { Schemas } from '@slrt/api-client';
import { useApi, useMe } from '../../api/context';
import { unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, formatNumber } from '../../format';
import { t, tOr } from '../../i18n';

type MassIssue = Schemas['MassIssueViewV1'];

/**
 * Masalah massal: many complaints about one programme in one desa (or kecamatan) in one period,
 * detected by referral from open cases. Staff confirm a suggestion (all its cases) or dismiss it
 * with a reason; the back office sends a confirmed group as one grouped referral.
 */
export default function MassIssuesPage() {
  const api = useApi();
  const list = useQuery({
    queryKey: ['mass-issues'],
    queryFn: async () => unwrap(await api.GET('/v1/mass-issues', {})),
    refetchInterval: 60_000,
  });
  const suggestions = list.data?.items.filter((i) => i.status === 'suggested') ?? [];
  const confirmed = list.data?.items.filter((i) => i.status === 'confirmed') ?? [];
  const th = list.data?.threshold;
  return (
    <Stack gap="md">
      <Title order={2}>{t('massIssues.title')}</Title>
      {th && (
        <Text size="sm">
          {t('massIssues.threshold', {
            min: th.minComplaints,
            days: th.windowDays,
            area: tOr(`massIssues.area.${th.area}`, th.area),
          })}
        </Text>
      )}
      <ProblemAlert error={list.error} />
      {list.isPending ? (
        <Loader role="status" aria-label={t('app.loading')} />
      ) : (
        <>
          <section aria-labelledby="mi-suggested">
            <Title order={3} id="mi-suggested" mb="xs">
              {t('massIssues.suggested', { count: formatNumber(suggestions.length) })}
            </Title>
            {suggestions.length === 0 ? (
              <Text>{t('massIssues.noSuggestions')}</Text>
            ) : (
              <Stack gap="sm">
                {suggestions.map((s) => (
                  <IssueCard key={s.key} issue={s} />
                ))}
              </Stack>
            )}
          </section>
          <section aria-labelledby="mi-confirmed">
            <Title order={3} id="mi-confirmed" mb="xs">
              {t('massIssues.confirmed', { count: formatNumber(confirmed.length) })}
            </Title>
            {confirmed.length === 0 ? (
              <Text>{t('massIssues.noConfirmed')}</Text>
            ) : (
              <Stack gap="sm">
                {confirmed.map((s) => (
                  <IssueCard key={s.key} issue={s} />
                ))}
              </Stack>
            )}
          </section>
        </>
      )}
    </Stack>
  );
}

function IssueCard({ issue }: { issue: MassIssue }) {
  const api = useApi();
  const me = useMe();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const [dismissing, setDismissing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const caseIds = issue.members.map((m) => m.caseId);
  // The cases to confirm: all of the suggestion's by default; staff may leave some out.
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set());
  const chosen = caseIds.filter((id) => !left.has(id));
  const toggle = (id: string, on: boolean) =>
    setLeft((l) => {
      const n = new Set(l);
      if (on) n.delete(id);
      else n.add(id);
      return n;
    });
  const scope = { areaCode: issue.areaCode, programmeCode: issue.programmeCode, category: issue.category };
  const refresh = () => qc.invalidateQueries({ queryKey: ['mass-issues'] });
  const confirm = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/mass-issues', { body: { ...scope, caseIds: chosen } })),
    onSuccess: async () => {
      setDone(t('massIssues.confirmedNow'));
      await refresh();
    },
  });
  const dismiss = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/v1/mass-issues/dismissals', { body: { ...scope, caseIds, note: reason.trim() } })),
    onSuccess: async () => {
      setDone(t('massIssues.dismissedNow'));
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: async (caseId: string) =>
      unwrap(
        await api.POST('/v1/mass-issues/{id}/members', {
          params: { path: { id: issue.id! } },
          body: { expectedVersion: issue.version, remove: [caseId] },
        }),
      ),
    onSuccess: async () => {
      setDone(t('massIssues.removedNow'));
      await refresh();
    },
  });
  const refer = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/v1/mass-issues/{id}/referral', { params: { path: { id: issue.id! } }, body: {} })),
    onSuccess: async (r) => {
      setDone(
        t('massIssues.referredNow', {
          sent: r.sent.length,
          skipped: r.skipped.length,
          owners: r.announcedTo.join(', ') || '—',
        }),
      );
      await refresh();
    },
  });
  const decider = me.has('SPV', 'MJ', 'BO');
  const headingId = `mi-${issue.key.replace(/[^a-zA-Z0-9]/g, '-')}`;
  return (
    <Card withBorder padding="sm" component="article" aria-labelledby={headingId}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={4} id={headingId}>
          {issue.title}
        </Title>
        <Badge
          size="lg"
          color={issue.status === 'suggested' ? 'orange.3' : 'blue.9'}
          autoContrast
          variant="filled"
          style={{ textTransform: 'none' }}
        >
          {t('massIssues.count', { count: formatNumber(issue.count) })}
        </Badge>
      </Group>
      <Text size="sm">
        {t('massIssues.facts', {
          programme: issue.programmeCode,
          area: tOr(`massIssues.area.${issue.areaLevel}`, issue.areaLevel),
          code: issue.areaCode,
          from: formatDate(issue.periodFrom),
          to: formatDate(issue.periodTo),
        })}
      </Text>
      {issue.referredTo.length > 0 && (
        <Text size="sm">{t('massIssues.referredTo', { owners: issue.referredTo.join(', ') })}</Text>
      )}
      {issue.status === 'suggested' && decider ? (
        <fieldset style={{ border: 0, padding: 0, margin: '8px 0 0' }}>
          <Text component="legend" size="sm" fw={600}>
            {t('massIssues.chooseMembers')}
          </Text>
          <Stack gap={4} mt={4}>
            {issue.members.map((m) => (
              <Checkbox
                key={m.caseId}
                value={m.caseId}
                checked={!left.has(m.caseId)}
                onChange={(e) => toggle(m.caseId, e.currentTarget.checked)}
                label={t('massIssues.member', {
                  receipt: m.receiptNumber,
                  desa: m.desaCode,
                  state: tOr(`review.state.${m.state}`, m.state),
                })}
              />
            ))}
          </Stack>
        </fieldset>
      ) : (
        <Stack gap={2} mt="xs">
          <Text size="sm">{t('massIssues.members')}</Text>
          {issue.members.map((m) => (
            <Group key={m.caseId} gap="xs" wrap="wrap">
              <Link href={`/kasus/${m.caseId}`}>{m.receiptNumber}</Link>
              <Text size="sm" component="span">
                {tOr(`review.state.${m.state}`, m.state)}
              </Text>
              {issue.status === 'confirmed' && decider && issue.members.length > 1 && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => remove.mutate(m.caseId)}
                  loading={remove.isPending}
                  aria-label={t('massIssues.removeCase', { receipt: m.receiptNumber })}
                >
                  {t('massIssues.remove')}
                </Button>
              )}
            </Group>
          ))}
        </Stack>
      )}
      <ProblemAlert error={confirm.error ?? dismiss.error ?? refer.error ?? remove.error} />
      {done && (
        <Text size="sm" role="status" fw={600}>
          {done}
        </Text>
      )}
      {issue.status === 'suggested' && decider && (
        <Group mt="xs" gap="sm" align="flex-end" wrap="wrap">
          <Button onClick={() => confirm.mutate()} loading={confirm.isPending} disabled={chosen.length < 2}>
            {t('massIssues.confirm', { count: chosen.length })}
          </Button>
          {dismissing ? (
            <>
              <TextInput
                label={t('massIssues.dismissReason')}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
              <Button
                variant="outline"
                color="red.9"
                onClick={() => dismiss.mutate()}
                loading={dismiss.isPending}
                disabled={reason.trim().length < 3}
              >
                {t('massIssues.dismiss')}
              </Button>
            </>
          ) : (
            <Button variant="outline" onClick={() => setDismissing(true)}>
              {t('massIssues.dismiss')}
            </Button>
          )}
        </Group>
      )}
      {issue.status === 'confirmed' && me.has('BO') && (
        <Group mt="xs">
          <Button onClick={() => refer.mutate()} loading={refer.isPending}>
            {t('massIssues.refer')}
          </Button>
        </Group>
      )}
    </Card>
  );
}
