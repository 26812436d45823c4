import { useMemo, useRef, useState } from 'react';
import { Alert, Group, Loader, NativeSelect, Paper, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Link, useLocation } from 'wouter';
import type { ApiClient, Schemas } from '@slrt/api-client';
import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { CaseDeadlineBadge, CaseStateBadge } from '../../components/CaseStateBadge';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, formatNumber } from '../../format';
import { t, tOr } from '../../i18n';
import { daysLeftText, useHolidays } from './deadline';
import classes from './Queue.module.css';

type CaseView = Schemas['CaseViewV1'];
type Queue = 'mine' | 'overdue' | 'all';

const STATES: CaseView['state'][] = [
  'awaiting-supervisor',
  'returned-for-info',
  'awaiting-manager',
  'approved',
  'referred',
  'owner-accepted',
  'owner-review-requested',
  'awaiting-registry',
  'rejected-by-owner',
  'resolved',
  'closed',
  'withdrawn',
];
const PAGE = 200;
/** Enough for a kab/kota's open cases; beyond that the state filter narrows the list at the server. */
const MAX_PAGES = 15;

/** Every case of a queue (page by page, up to MAX_PAGES × 200). */
async function fetchQueue(api: ApiClient, queue: Queue, state: string): Promise<{ items: CaseView[]; total: number }> {
  const query = { queue, pageSize: PAGE, ...(state ? { state: state as CaseView['state'] } : {}) };
  const first = unwrap(await api.GET('/v1/cases', { params: { query: { ...query, page: 1 } } }));
  const pages = Math.min(Math.ceil(first.total / PAGE), MAX_PAGES);
  const rest = await Promise.all(
    Array.from(
      { length: Math.max(pages - 1, 0) },
      async (_, i) => unwrap(await api.GET('/v1/cases', { params: { query: { ...query, page: i + 2 } } })).items,
    ),
  );
  return { items: [first.items, ...rest].flat(), total: first.total };
}

function byDeadline(a: CaseView, b: CaseView): number {
  if (!a.dueAt && !b.dueAt) return a.openedAt < b.openedAt ? -1 : 1;
  if (!a.dueAt) return 1;
  if (!b.dueAt) return -1;
  return a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0;
}

interface Filters {
  state: string;
  category: string;
  programme: string;
  desa: string;
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { state: '', category: '', programme: '', desa: '', from: '', to: '' };

/**
 * The queue of a supervisor, manager or back office: what needs my action, what is late, all
 * cases of my region; filtered in the browser (a thousand rows filter instantly) and sorted by
 * deadline, rendered as a virtualised list so only the visible rows are in the page.
 */
export default function QueuePage() {
  const api = useApi();
  const [location] = useLocation();
  const holidays = useHolidays();
  const [queue, setQueue] = useState<Queue>('mine');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const set = (key: keyof Filters) => (value: string) => setFilters((f) => ({ ...f, [key]: value }));

  const counts = useQuery({
    queryKey: ['cases', 'counts'],
    refetchInterval: 60_000,
    queryFn: async () => {
      const [mine, overdue, all] = await Promise.all(
        (['mine', 'overdue', 'all'] as const).map(
          async (q) => unwrap(await api.GET('/v1/cases', { params: { query: { queue: q, pageSize: 1 } } })).total,
        ),
      );
      return { mine: mine!, overdue: overdue!, all: all! };
    },
  });
  // The state filter is applied at the server (it narrows what is fetched); the others here.
  const list = useQuery({
    queryKey: ['cases', 'queue', queue, filters.state],
    queryFn: () => fetchQueue(api, queue, filters.state),
    refetchInterval: 60_000,
  });

  const items = list.data?.items;
  const options = useMemo(() => {
    const programmes = new Set<string>();
    const desas = new Set<string>();
    for (const c of items ?? []) {
      c.programmeCodes.forEach((p) => programmes.add(p));
      desas.add(c.desaCode);
    }
    return { programmes: [...programmes].sort(), desas: [...desas].sort() };
  }, [items]);

  const shown = useMemo(() => {
    const f = filters;
    return (items ?? [])
      .filter(
        (c) =>
          (!f.category || c.category === f.category) &&
          (!f.programme || c.programmeCodes.includes(f.programme)) &&
          (!f.desa || c.desaCode.startsWith(f.desa.trim())) &&
          (!f.from || c.openedAt.slice(0, 10) >= f.from) &&
          (!f.to || c.openedAt.slice(0, 10) <= f.to),
      )
      .sort(byDeadline);
  }, [items, filters]);

  const title = location.startsWith('/rujukan') ? t('review.queue.titleBo') : t('review.queue.title');
  const tabLabel = (q: Queue) => {
    const label = t(`review.queue.tab.${q}`);
    const count = counts.data?.[q];
    return count === undefined ? label : t('review.queue.tabCount', { label, count: formatNumber(count) });
  };

  return (
    <Stack gap="sm">
      <Title order={2}>{title}</Title>
      <Tabs value={queue} onChange={(v) => v && setQueue(v as Queue)} keepMounted={false}>
        <Tabs.List>
          {(['mine', 'overdue', 'all'] as const).map((q) => (
            <Tabs.Tab key={q} value={q}>
              {tabLabel(q)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Paper withBorder p="sm" component="fieldset" className={classes.filters}>
        <Text component="legend" size="sm" fw={600} px={4}>
          {t('review.queue.filters')}
        </Text>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <NativeSelect
            w={200}
            label={t('review.queue.filter.state')}
            value={filters.state}
            onChange={(e) => set('state')(e.currentTarget.value)}
            data={[
              { value: '', label: t('review.queue.filter.any') },
              ...STATES.map((s) => ({ value: s, label: tOr(`review.state.${s}`, s) })),
            ]}
          />
          <NativeSelect
            label={t('review.queue.filter.category')}
            value={filters.category}
            onChange={(e) => set('category')(e.currentTarget.value)}
            data={[
              { value: '', label: t('review.queue.filter.any') },
              { value: 'kepesertaan', label: t('review.category.kepesertaan') },
              { value: 'non-kepesertaan', label: t('review.category.non-kepesertaan') },
            ]}
          />
          <NativeSelect
            label={t('review.queue.filter.programme')}
            value={filters.programme}
            onChange={(e) => set('programme')(e.currentTarget.value)}
            data={[{ value: '', label: t('review.queue.filter.any') }, ...options.programmes]}
          />
          <NativeSelect
            label={t('review.queue.filter.desa')}
            value={filters.desa}
            onChange={(e) => set('desa')(e.currentTarget.value)}
            data={[{ value: '', label: t('review.queue.filter.any') }, ...options.desas]}
          />
          <TextInput
            type="date"
            label={t('review.queue.filter.from')}
            value={filters.from}
            onChange={(e) => set('from')(e.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={t('review.queue.filter.to')}
            value={filters.to}
            onChange={(e) => set('to')(e.currentTarget.value)}
          />
        </Group>
      </Paper>
      <ProblemAlert error={list.error ?? counts.error} />
      {list.isPending ? (
        <Loader role="status" aria-label={t('app.loading')} />
      ) : (
        <>
          <Text size="sm" role="status">
            {t('review.queue.shown', { shown: formatNumber(shown.length), total: formatNumber(items?.length ?? 0) })}
          </Text>
          {list.data && list.data.total > list.data.items.length && (
            <Alert color="yellow" variant="light">
              {t('review.queue.truncated', { count: formatNumber(list.data.items.length) })}
            </Alert>
          )}
          {shown.length === 0 ? <Text>{t('review.queue.empty')}</Text> : <CaseList cases={shown} holidays={holidays} />}
        </>
      )}
    </Stack>
  );
}

function CaseList({ cases, holidays }: { cases: CaseView[]; holidays: ReadonlySet<string> }) {
  const parent = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions React Compiler cannot memoise; this component does not rely on it.
  const virtualizer = useVirtualizer({
    count: cases.length,
    getScrollElement: () => parent.current,
    estimateSize: () => 84,
    overscan: 8,
    getItemKey: (i) => cases[i]!.caseId,
  });
  return (
    <div ref={parent} className={classes.scroller} tabIndex={-1}>
      <div
        role="list"
        aria-label={t('review.queue.list')}
        style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
      >
        {virtualizer.getVirtualItems().map((row) => {
          const c = cases[row.index]!;
          const days = daysLeftText(c.dueAt, holidays);
          return (
            <div
              key={row.key}
              role="listitem"
              aria-setsize={cases.length}
              aria-posinset={row.index + 1}
              data-index={row.index}
              ref={virtualizer.measureElement}
              className={classes.row}
              style={{ transform: `translateY(${row.start}px)` }}
            >
              <Link href={`/kasus/${c.caseId}`} className={classes.link}>
                <div className={classes.main}>
                  <Group gap="xs" wrap="wrap">
                    <Text fw={700} component="span">
                      {c.receiptNumber}
                    </Text>
                    <CaseStateBadge state={c.state} />
                    <CaseDeadlineBadge deadline={c.deadline} />
                  </Group>
                  <Text size="sm" component="span">
                    {tOr(`review.category.${c.category}`, c.category)} · {c.programmeCodes.join(', ') || '—'} ·{' '}
                    {c.desaCode} · {t('review.queue.opened', { date: formatDate(c.openedAt) })}
                  </Text>
                </div>
                <div className={classes.due}>
                  <Text size="sm" component="span" fw={600}>
                    {c.dueAt ? formatDate(c.dueAt) : t('review.queue.noDue')}
                  </Text>
                  {days && (
                    <Text size="sm" component="span" c={c.deadline === 'breached' ? 'red.9' : undefined}>
                      {days}
                    </Text>
                  )}
                </div>
              </Link>
            </div>
          );
        })}
      </div>
    </div>
  );
}
