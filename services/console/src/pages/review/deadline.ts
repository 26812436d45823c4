import { useQuery } from '@tanstack/react-query';
import { useApi, useMe } from '../../api/context';
import { unwrap } from '../../api/problem';
import { localDay } from '../../format';
import { t } from '../../i18n';

/**
 * Working days (Monday–Friday, not a public holiday) from today to the due day, in the kab/kota's
 * zone: positive = days left, 0 = due today, negative = working days late. The referral service
 * computes deadlines the same way (`addWorkingDays` with its holiday table).
 */
export function workingDaysLeft(dueAt: string, holidays: ReadonlySet<string>, now = new Date()): number {
  const due = localDay(new Date(dueAt));
  const today = localDay(now);
  if (due === today) return 0;
  const forward = due > today;
  const cursor = new Date(`${today}T12:00:00Z`);
  let count = 0;
  for (let i = 0; i < 400; i++) {
    cursor.setUTCDate(cursor.getUTCDate() + (forward ? 1 : -1));
    const day = cursor.toISOString().slice(0, 10);
    const weekday = cursor.getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !holidays.has(day)) count++;
    if (day === due) break;
  }
  return forward ? count : -count;
}

export function daysLeftText(dueAt: string | null | undefined, holidays: ReadonlySet<string>): string | null {
  if (!dueAt) return null;
  const days = workingDaysLeft(dueAt, holidays);
  if (days === 0) return t('review.days.today');
  return days > 0 ? t('review.days.left', { days }) : t('review.days.late', { days: -days });
}

/** The public holidays of this year and next (the deadlines' calendar); empty for roles that may not read it. */
export function useHolidays(): ReadonlySet<string> {
  const api = useApi();
  const me = useMe();
  const mayRead = me.has('SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN');
  const year = new Date().getFullYear();
  const query = useQuery({
    queryKey: ['holidays', year],
    enabled: mayRead,
    staleTime: 60 * 60_000,
    queryFn: async () => {
      const years = await Promise.all(
        [year, year + 1].map(
          async (y) => unwrap(await api.GET('/v1/holidays', { params: { query: { year: y } } })).items,
        ),
      );
      return new Set(years.flat().map((h) => h.date));
    },
  });
  return query.data ?? EMPTY;
}

const EMPTY: ReadonlySet<string> = new Set();
