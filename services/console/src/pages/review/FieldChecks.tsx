import { useState } from 'react';
import { Anchor, Group, Loader, Pagination, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime, formatNumber } from '../../format';
import { t, tOr } from '../../i18n';
import { StateBadge } from './FieldCheck';

const PAGE_SIZE = 50;

/**
 * "Pemeriksaan kiriman FS": the kecamatan supervisor's queue of Fasilitator submissions waiting for
 * the check (oldest first, paged at the server), and the ones returned with a question.
 */
export default function FieldChecksPage() {
  const api = useApi();
  const [state, setState] = useState<'awaiting' | 'returned'>('awaiting');
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['field-checks', state, page],
    refetchInterval: 60_000,
    queryFn: async () =>
      unwrap(await api.GET('/v1/field/checks', { params: { query: { state, page, pageSize: PAGE_SIZE } } })),
  });
  const pages = Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE_SIZE));
  return (
    <Stack gap="sm">
      <Title order={2}>{t('review.fieldCheck.title')}</Title>
      <Text size="sm">{t('review.fieldCheck.intro')}</Text>
      <SegmentedControl
        aria-label={t('review.fieldCheck.filter')}
        value={state}
        onChange={(v) => {
          setState(v as 'awaiting' | 'returned');
          setPage(1);
        }}
        fullWidth
        data={[
          { value: 'awaiting', label: t('review.fieldCheck.filter.awaiting') },
          { value: 'returned', label: t('review.fieldCheck.filter.returned') },
        ]}
      />
      <ProblemAlert error={list.error} />
      {list.isPending ? (
        <Loader role="status" aria-label={t('app.loading')} />
      ) : (
        <>
          <Text size="sm" role="status">
            {t('review.fieldCheck.count', { count: formatNumber(list.data?.total ?? 0) })}
          </Text>
          {list.data?.items.length === 0 && <Text>{t('review.fieldCheck.empty')}</Text>}
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {list.data?.items.map((c) => (
              <Paper key={c.complaintId} withBorder p="sm" component="li">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Anchor component={Link} href={`/pemeriksaan-fs/${c.complaintId}`} fw={600}>
                    {c.receiptNumber} · {c.subjectName}
                  </Anchor>
                  <StateBadge state={c.state} />
                </Group>
                <Text size="sm" lineClamp={2}>
                  {c.description}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('review.fieldCheck.line', {
                    desa: c.desaCode,
                    programmes: c.programmeCodes.join(', ') || '-',
                    at: formatDateTime(c.submittedAt),
                  })}
                  {c.possibleDuplicateOf ? ` · ${t('review.fieldCheck.maybeDuplicate')}` : ''}
                </Text>
              </Paper>
            ))}
          </Stack>
          {pages > 1 && (
            <Pagination
              total={pages}
              value={page}
              onChange={setPage}
              getControlProps={(control) => ({ 'aria-label': tOr(`review.fieldCheck.page.${control}`, control) })}
            />
          )}
        </>
      )}
    </Stack>
  );
}
