import type { ManualReading, ReadingOut, SessionOut } from '@vitalbase/core/health-data/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Bucket } from './chart-data';

export type { ManualReading, ReadingOut, SessionOut };

export interface LatestValue {
  metric: string;
  value: number;
  unit: string;
  at: string;
  from: 'reading' | 'series';
}
export interface Latest {
  raw: LatestValue[];
  derived: Array<{
    kind: string;
    value: number | null;
    label: string | null;
    at: string;
    details: Record<string, unknown>;
  }>;
}
export interface Timeseries {
  metric: string;
  unit: string;
  from: string;
  to: string;
  bucketSeconds: number;
  buckets: Bucket[];
}
export interface Aggregates {
  metric: string;
  unit: string;
  period: 'day' | 'week' | 'month';
  timeZone: string;
  periods: Array<{
    period: string;
    start: string;
    end: string;
    count: number;
    mean: number | null;
    sum: number | null;
  }>;
}

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

export function fetchTimeseries(metric: string, w: { from: string; to: string; bucketSeconds?: number }) {
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

export function useAggregates(metric: string, period: 'day' | 'week' | 'month', from: string, to: string) {
  return useQuery({
    queryKey: [...healthKey, 'aggregates', metric, period, from, to],
    queryFn: () => api<Aggregates>('GET', `/api/health-data/aggregates?${qs({ metric, period, from, to })}`),
    placeholderData: keepPreviousData,
  });
}

/** Every reading holding `metric` in [from, to), all pages. */
export async function fetchReadings(metric: string, from: string, to: string): Promise<ReadingOut[]> {
  const out: ReadingOut[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const res = await api<{ items: ReadingOut[]; nextCursor: string | null }>(
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
      api<{ items: SessionOut[]; nextCursor: string | null }>(
        'GET',
        `/api/health-data/sessions?${qs({ type, from, to, limit: 500 })}`,
      ),
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
