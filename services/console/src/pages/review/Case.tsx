import { useState } from 'react';
import { Alert, Anchor, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'wouter';
import { useApi } from '../../api/context';
import { ApiError, unwrap } from '../../api/problem';
import { CaseDeadlineBadge, CaseStateBadge } from '../../components/CaseStateBadge';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import { daysLeftText, useHolidays } from './deadline';
import { Actions } from './CaseActions';
import { ComplaintSummary, Field, History, Referrals, Triage } from './CaseSections';

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
  const caseQuery = useQuery({
    queryKey: ['case', id],
    queryFn: async () => unwrap(await api.GET('/v1/cases/{id}', { params: { path: { id } } })),
  });
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
        <Alert
          color="green"
          role="status"
          withCloseButton
          closeButtonLabel={t('common.close')}
          onClose={() => setDone(null)}
        >
          {done}
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }} component={Stack} style={{ gap: 'var(--mantine-spacing-md)' }}>
          <ComplaintSummary
            complaint={complaintQuery.data}
            error={complaintQuery.error}
            loading={complaintQuery.isPending}
          />
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
