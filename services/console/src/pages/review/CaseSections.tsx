// The case page's read-only sections: the complaint (masked), triage, referrals and history.
import { Alert, Badge, Group, Loader, Paper, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import type { Schemas } from '@slrt/api-client';
import { CaseDeadlineBadge } from '../../components/CaseStateBadge';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, formatDateTime } from '../../format';
import { t, tOr } from '../../i18n';

type CaseView = Schemas['CaseViewV1'];
type Complaint = Schemas['ComplaintDetailV1'];

export function Field({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed" component="div">
        {label}
      </Text>
      <Text component="div">{value === null || value === undefined || value === '' ? '—' : value}</Text>
    </div>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`${id}-title`}>
      <Title order={3} size="h4" id={`${id}-title`} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

export function ComplaintSummary({
  complaint,
  error,
  loading,
}: {
  complaint: Complaint | undefined;
  error: unknown;
  loading: boolean;
}) {
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
            <Field
              label={t('review.case.category')}
              value={tOr(`review.category.${complaint.category}`, complaint.category)}
            />
            <Field label={t('review.case.programmes')} value={complaint.programmeCodes.join(', ')} />
            <Field
              label={t('review.case.contactType')}
              value={tOr(`fo.contactType.${complaint.contactType}`, complaint.contactType)}
            />
            <Field label={t('review.case.sector')} value={tOr(`fo.sector.${complaint.sector}`, complaint.sector)} />
            <Field label={t('review.case.desa')} value={complaint.desaCode} />
            <Field label={t('review.case.registeredAt')} value={formatDateTime(complaint.registeredAt)} />
          </SimpleGrid>
          <Field
            label={t('review.case.description')}
            value={<span style={{ whiteSpace: 'pre-wrap' }}>{complaint.description}</span>}
          />
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

export function Triage({ complaint }: { complaint: Complaint | undefined }) {
  if (!complaint) return null;
  return (
    <Section id="triage" title={t('review.case.triage')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <Field
          label={t('review.case.registryCheck')}
          value={tOr(`review.case.registryCheck.${complaint.registryCheck}`, complaint.registryCheck)}
        />
        <Field label={t('review.case.desil')} value={complaint.desil ?? null} />
        <Field label={t('review.case.registryProgrammes')} value={complaint.registryProgrammes.join(', ')} />
        <Field label={t('review.case.dataPeriod')} value={complaint.dataPeriod} />
        <Field
          label={t('review.case.nextStep')}
          value={complaint.nextStep ? tOr(`review.case.nextStep.${complaint.nextStep}`, complaint.nextStep) : null}
        />
      </SimpleGrid>
      {complaint.possibleDuplicateOf && (
        <Alert color="yellow" mt="sm" variant="light">
          {t('review.case.duplicate', { receipt: complaint.possibleDuplicateOf })}
        </Alert>
      )}
    </Section>
  );
}

export function Referrals({ c }: { c: CaseView }) {
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
                <Badge
                  color={
                    r.status === 'rejected'
                      ? 'red.9'
                      : r.status === 'resolved'
                        ? 'teal.9'
                        : r.status === 'sent'
                          ? 'blue.8'
                          : 'violet.8'
                  }
                  autoContrast
                  style={{ textTransform: 'none' }}
                >
                  {tOr(`review.case.referral.status.${r.status}`, r.status)}
                </Badge>
                {r.status === 'sent' || r.status === 'accepted' || r.status === 'review-requested' ? (
                  <CaseDeadlineBadge deadline={r.deadline} />
                ) : null}
              </Group>
            </Group>
            <Text size="sm">
              {t('review.case.referral.sentAt', { date: formatDateTime(r.sentAt) })} ·{' '}
              {t('review.case.referral.dueAt', { date: formatDate(r.dueAt) })}
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
              <Alert
                key={`${r.answerSubject}-${i}`}
                color="red"
                variant="light"
                title={t('review.case.refused.item', { owner: r.ownerCode, date: formatDateTime(r.receivedAt) })}
              >
                {r.reason.id}
                {r.fieldErrors.length > 0 && (
                  <div>{r.fieldErrors.map((f) => `${f.path}: ${f.message}`).join('; ')}</div>
                )}
              </Alert>
            ))}
          </>
        )}
      </Stack>
    </Section>
  );
}

export function History({ c }: { c: CaseView }) {
  const history = c.history ?? [];
  const ownerName = new Map((c.referrals ?? []).map((r) => [r.ownerCode, r.ownerName]));
  return (
    <Section id="history" title={t('review.case.history')}>
      {history.length === 0 ? (
        <Text>{t('review.case.history.empty')}</Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2} active={history.length - 1}>
          {history.map((h, i) => (
            <Timeline.Item
              key={`${h.at}-${i}`}
              title={`${tOr(`review.action.${h.action}`, h.action)} → ${tOr(`review.state.${h.to}`, h.to)}`}
            >
              <Text size="sm">
                {t('review.case.history.by', {
                  role:
                    h.actorRole === 'OWNER' ? t('review.case.history.owner') : tOr(`role.${h.actorRole}`, h.actorRole),
                  date: formatDateTime(h.at),
                })}
              </Text>
              {h.ownerCodes.length > 0 && (
                <Text size="sm">
                  {t('review.case.history.owners', {
                    owners: h.ownerCodes.map((o) => ownerName.get(o) ?? o).join(', '),
                  })}
                </Text>
              )}
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
