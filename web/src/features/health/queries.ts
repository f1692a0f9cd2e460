import type {
  AdjacentDayOut,
  aggregatesOutSchema,
  DerivedKind,
  derivedOutSchema,
  latestOutSchema,
  ManualReading,
  ReadingOut,
  readingsPageSchema,
  sessionsPageSchema,
  timeseriesOutSchema,
} from '@vitalbase/core/health-data/api';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client';
import type { ReadingNoteInput, ReadingNoteOut } from '@vitalbase/core/health-data/notes';
import type { SummaryOut } from '@vitalbase/core/health-data/summary';
import { readingLocalDate } from '../../i18n/format';
import { dayWindow, isoWithOffset, mergeNewestFirst } from './readings';

export type { ManualReading, ReadingOut };

export type Latest = z.infer<typeof latestOutSchema>;
export type LatestValue = Latest['raw'][number];
type Timeseries = z.infer<typeof timeseriesOutSchema>;
export type Aggregates = z.infer<typeof aggregatesOutSchema>;
export type DerivedAnswer = z.infer<typeof derivedOutSchema>;
type ReadingsPage = z.infer<typeof readingsPageSchema>;
type SessionsPage = z.infer<typeof sessionsPageSchema>;

const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
  ).toString();

/** Every query of health data starts with this key, so a change refreshes them all. */
export const healthKey = ['health-data'] as const;

export function useLatest() {
  return useQuery({
    queryKey: [...healthKey, 'latest'],
    queryFn: () => api<Latest>('GET', '/api/health-data/latest'),
  });
}

function fetchTimeseries(metric: string, w: { from: string; to: string; bucketSeconds?: number }) {
  return api<Timeseries>('GET', `/api/health-data/timeseries?${qs({ metric, ...w })}`);
}

export function useTimeseries(
  metric: string,
  w: { from: string; to: string; bucketSeconds?: number },
  enabled = true,
) {
  return useQuery({
    queryKey: [...healthKey, 'timeseries', metric, w.from, w.to, w.bucketSeconds],
    queryFn: () => fetchTimeseries(metric, w),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * Totals per local day, week or month over [from, to] (local dates, inclusive). The server answers at
 * most 3 years at a time, so a longer span ("all", by month) is asked in 3-calendar-year pieces.
 */
export function useAggregates(
  metric: string,
  period: 'day' | 'week' | 'month',
  from: string,
  to: string,
  enabled = true,
) {
  return useQuery({
    queryKey: [...healthKey, 'aggregates', metric, period, from, to],
    queryFn: async (): Promise<Aggregates> => {
      const parts: Aggregates[] = [];
      for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y += 3) {
        const a = from > `${y}-01-01` ? from : `${y}-01-01`;
        const b = to < `${y + 2}-12-31` ? to : `${y + 2}-12-31`;
        parts.push(
          await api<Aggregates>(
            'GET',
            `/api/health-data/aggregates?${qs({ metric, period, from: a, to: b })}`,
          ),
        );
      }
      const seen = new Set<string>();
      const periods = parts
        .flatMap((p) => p.periods)
        .filter((p) => !seen.has(p.period) && Boolean(seen.add(p.period)));
      return { ...parts[0]!, periods };
    },
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Every reading holding `metric` in [from, to), all pages. */
async function fetchReadings(metric: string, from: string, to: string): Promise<ReadingOut[]> {
  const out: ReadingOut[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const res = await api<ReadingsPage>(
      'GET',
      `/api/health-data/readings?${qs({ metric, from, to, cursor, limit: 1000 })}`,
    );
    out.push(...res.items);
    if (!res.nextCursor) break;
    cursor = res.nextCursor;
  }
  return out;
}

export function useReadings(metric: string, from: string, to: string) {
  return useQuery({
    queryKey: [...healthKey, 'readings', metric, from, to],
    queryFn: () => fetchReadings(metric, from, to),
    placeholderData: keepPreviousData,
  });
}

export function useSessions(type: 'sleep' | 'workout', from: string, to: string) {
  return useQuery({
    queryKey: [...healthKey, 'sessions', type, from, to],
    queryFn: () =>
      api<SessionsPage>('GET', `/api/health-data/sessions?${qs({ type, from, to, limit: 500 })}`),
    placeholderData: keepPreviousData,
  });
}

export function useReading(id: string) {
  return useQuery({
    queryKey: [...healthKey, 'reading', id],
    queryFn: () => api<ReadingOut>('GET', `/api/health-data/readings/${encodeURIComponent(id)}`),
    retry: false,
  });
}

/** Values the server derives (labelled as computed, never measured), e.g. the resting heart rate per day. */
export function useDerived(kind: DerivedKind, w: { from: string; to: string }) {
  return useQuery({
    queryKey: [...healthKey, 'derived', kind, w.from, w.to],
    queryFn: () =>
      api<DerivedAnswer>('GET', `/api/health-data/derived?${qs({ kind, from: w.from, to: w.to })}`),
  });
}

function useRefreshHealth() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: healthKey });
}

/** Adds a reading typed in by hand. */
export function useAddReading({ onSuccess }: { onSuccess?: () => void } = {}) {
  const refresh = useRefreshHealth();
  return useMutation({
    mutationFn: (body: ManualReading) => api<ReadingOut>('POST', '/api/health-data/readings', body),
    onSuccess: () => {
      refresh();
      onSuccess?.();
    },
  });
}

/** Undo of a delete: the same values back at the same time, as a new reading the user entered. */
export function readingAgain(r: ReadingOut): ManualReading {
  return {
    takenAt: isoWithOffset(r.takenAt, r.utcOffsetMinutes),
    measures: r.measures.map((m) => ({ metric: m.metric, value: m.value, unit: m.unit })),
  };
}

export function useEditReading(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: unknown) =>
      api<ReadingOut>('PATCH', `/api/health-data/readings/${encodeURIComponent(id)}`, body),
    onSuccess: (r) => {
      // A correction's answer holds no note: the one shown stays until the refresh.
      queryClient.setQueryData<ReadingOut>([...healthKey, 'reading', r.id], (old) =>
        old?.annotation ? { ...r, annotation: old.annotation } : r,
      );
      void queryClient.invalidateQueries({ queryKey: healthKey });
    },
  });
}

/** Deletes a reading; the answer is the reading deleted, so it can be put back. */
export function useDeleteReading({ onSuccess }: { onSuccess: (r: ReadingOut) => void }) {
  const refresh = useRefreshHealth();
  return useMutation({
    mutationFn: async (r: ReadingOut) => {
      await api('DELETE', `/api/health-data/readings/${encodeURIComponent(r.id)}`);
      return r;
    },
    onSuccess: (r) => {
      refresh();
      onSuccess(r);
    },
  });
}

type Summary = SummaryOut;

/** The dashboard's trends in one request: per metric 28 local days and the week's averages. */
export function useSummary() {
  return useQuery({
    queryKey: [...healthKey, 'summary'],
    queryFn: () => api<Summary>('GET', '/api/health-data/summary'),
  });
}

/** Readings of `metrics` lived on one local day (their own offset), newest first. */
export function useTimelineDay(metrics: string[], day: string, enabled: boolean) {
  return useQuery({
    queryKey: [...healthKey, 'timeline-day', metrics.join(','), day],
    queryFn: async () => {
      const { from, to } = dayWindow(day);
      const lists = await Promise.all(metrics.map((m) => fetchReadings(m, from, to)));
      return mergeNewestFirst(lists).filter(
        (r) => readingLocalDate(r.takenAt, r.utcOffsetMinutes, undefined) === day,
      );
    },
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * The nearest local day before or after `day` holding readings of `metrics` (null: none), so the
 * timeline's older and newer links skip the days without readings.
 */
export function useAdjacentDay(
  metrics: string[],
  day: string,
  direction: 'older' | 'newer',
  enabled: boolean,
) {
  return useQuery({
    queryKey: [...healthKey, 'adjacent-day', metrics.join(','), day, direction],
    queryFn: async () => {
      const q = new URLSearchParams({ day, direction });
      if (metrics.length) q.set('metrics', metrics.join(','));
      return (await api<AdjacentDayOut>('GET', `/api/health-data/timeline/adjacent-day?${q}`)).day;
    },
    enabled: enabled && metrics.length > 0,
  });
}

/** Sets a reading's note and tags (an empty note without tags removes it). */
export function useSaveNote(readingId: string) {
  const refresh = useRefreshHealth();
  return useMutation({
    mutationFn: (body: ReadingNoteInput) =>
      api<ReadingNoteOut>('PUT', `/api/health-data/readings/${encodeURIComponent(readingId)}/note`, body),
    onSuccess: refresh,
  });
}

export function useDeleteNote(readingId: string) {
  const refresh = useRefreshHealth();
  return useMutation({
    mutationFn: () => api('DELETE', `/api/health-data/readings/${encodeURIComponent(readingId)}/note`),
    onSuccess: refresh,
  });
}
