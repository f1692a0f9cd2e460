import { getMetric, type ReadingOut, type SessionOut } from '@vitalbase/core';
import type { ReadingWithMeasures } from './readings.repo';
import type { SessionRow } from './sessions.repo';

/** Rows → API shapes (canonical units named from the catalog). */
export function presentReading(r: ReadingWithMeasures): ReadingOut {
  return {
    id: r.id,
    takenAt: r.takenAt.toISOString(),
    utcOffsetMinutes: r.utcOffsetMinutes,
    source: r.source,
    deviceId: r.deviceId,
    clientRef: r.clientRef,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    measures: r.measures.map((m) => ({
      metric: m.metric,
      value: m.value,
      unit: getMetric(m.metric)?.unit ?? '',
      ...(m.originalValue !== null && m.correctedBy && m.correctedAt
        ? {
            correction: {
              originalValue: m.originalValue,
              correctedBy: m.correctedBy,
              correctedAt: m.correctedAt.toISOString(),
            },
          }
        : {}),
    })),
  };
}

export function presentSession(s: SessionRow): SessionOut {
  const base = s.startAt.getTime();
  const at = (sec: number) => new Date(base + sec * 1000).toISOString();
  return {
    id: s.id,
    type: s.type,
    start: s.startAt.toISOString(),
    end: s.endAt.toISOString(),
    utcOffsetMinutes: s.utcOffsetMinutes,
    source: s.source,
    deviceId: s.deviceId,
    workoutType: s.workoutType,
    stages: s.stages.map((x) => ({ stage: x.stage, start: at(x.start), end: at(x.end) })),
    events: s.events.map((x) => ({ type: x.type, start: at(x.start), end: at(x.end) })),
    metrics: s.metrics.map((m) => ({
      metric: m.metric,
      value: m.value,
      unit: getMetric(m.metric)?.unit ?? '',
    })),
    route: s.route.map((p) => ({
      at: at(p.t),
      lat: p.lat,
      lon: p.lon,
      ...(p.alt === undefined ? {} : { altitudeM: p.alt }),
    })),
    updatedAt: s.updatedAt.toISOString(),
  };
}
