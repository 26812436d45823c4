import { useState } from 'react';
import { Badge, Button, Card, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
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
  const list = useQuery({ queryKey: ['mass-issues'], queryFn: async () => unwrap(await api.GET('/v1/mass-issues', {})), refetchInterval: 60_000 });
  const suggestions = list.data?.items.filter((i) => i.status === 'suggested') ?? [];
  const confirmed = list.data?.items.filter((i) => i.status === 'confirmed') ?? [];
  const th = list.data?.threshold;
  return (
    <Stack gap="md">
      <Title order={2}>{t('massIssues.title')}</Title>
      {th && (
        <Text size="sm">
          {t('massIssues.threshold', { min: th.minComplaints, days: th.windowDays, area: tOr(`massIssues.area.${th.area}`, th.area) })}
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
            {suggestions.length === 0 ? <Text>{t('massIssues.noSuggestions')}</Text> : <Stack gap="sm">{suggestions.map((s) => <IssueCard key={s.key} issue={s} />)}</Stack>}
          </section>
          <section aria-labelledby="mi-confirmed">
            <Title order={3} id="mi-confirmed" mb="xs">
              {t('massIssues.confirmed', { count: formatNumber(confirmed.length) })}
            </Title>
            {confirmed.length === 0 ? <Text>{t('massIssues.noConfirmed')}</Text> : <Stack gap="sm">{confirmed.map((s) => <IssueCard key={s.key} issue={s} />)}</Stack>}
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
  const scope = { areaCode: issue.areaCode, programmeCode: issue.programmeCode, category: issue.category };
  const refresh = () => qc.invalidateQueries({ queryKey: ['mass-issues'] });
  const confirm = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/mass-issues', { body: { ...scope, caseIds } })),
    onSuccess: async () => {
      setDone(t('massIssues.confirmedNow'));
      await refresh();
    },
  });
  const dismiss = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/mass-issues/dismissals', { body: { ...scope, caseIds, note: reason.trim() } })),
    onSuccess: async () => {
      setDone(t('massIssues.dismissedNow'));
      await refresh();
    },
  });
  const refer = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/mass-issues/{id}/referral', { params: { path: { id: issue.id! } }, body: {} })),
    onSuccess: async (r) => {
      setDone(t('massIssues.referredNow', { sent: r.sent.length, skipped: r.skipped.length, owners: r.announcedTo.join(', ') || '—' }));
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
        <Badge size="lg" color={issue.status === 'suggested' ? 'orange.3' : 'blue.9'} autoContrast variant="filled" style={{ textTransform: 'none' }}>
          {t('massIssues.count', { count: formatNumber(issue.count) })}
        </Badge>
      </Group>
      <Text size="sm">
        {t('massIssues.facts', { programme: issue.programmeCode, area: tOr(`massIssues.area.${issue.areaLevel}`, issue.areaLevel), code: issue.areaCode, from: formatDate(issue.periodFrom), to: formatDate(issue.periodTo) })}
      </Text>
      {issue.referredTo.length > 0 && <Text size="sm">{t('massIssues.referredTo', { owners: issue.referredTo.join(', ') })}</Text>}
      <Text size="sm" component="div">
        {t('massIssues.members')}{' '}
        {issue.members.map((m, i) => (
          <span key={m.caseId}>
            {i > 0 && ', '}
            <Link href={`/kasus/${m.caseId}`}>{m.receiptNumber}</Link>
          </span>
        ))}
      </Text>
      <ProblemAlert error={confirm.error ?? dismiss.error ?? refer.error} />
      {done && (
        <Text size="sm" role="status" fw={600}>
          {done}
        </Text>
      )}
      {issue.status === 'suggested' && decider && (
        <Group mt="xs" gap="sm" align="flex-end" wrap="wrap">
          <Button onClick={() => confirm.mutate()} loading={confirm.isPending}>
            {t('massIssues.confirm', { count: issue.count })}
          </Button>
          {dismissing ? (
            <>
              <TextInput label={t('massIssues.dismissReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
              <Button variant="outline" color="red.9" onClick={() => dismiss.mutate()} loading={dismiss.isPending} disabled={reason.trim().length < 3}>
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
