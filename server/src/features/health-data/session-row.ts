import type { NormalizedSession } from '@vitalbase/core';

/**
 * A session's spans as stored (health_sessions): stages, events and route in seconds from its start,
 * its totals as given. One spelling for the ingest and an import's batch.
 */
export function sessionSpans(item: NormalizedSession) {
  const base = item.start.getTime();
  const rel = (d: Date) => Math.round((d.getTime() - base) / 1000);
  return {
    workoutType: item.workoutType ?? null,
    stages: item.stages.map((s) => ({ stage: s.stage, start: rel(s.start), end: rel(s.end) })),
    events: item.events.map((e) => ({ type: e.type, start: rel(e.start), end: rel(e.end) })),
    metrics: item.metrics,
    route: item.route.map((p) => ({
      t: rel(p.at),
      lat: p.lat,
      lon: p.lon,
      ...(p.altitudeM === undefined ? {} : { alt: p.altitudeM }),
    })),
  };
}
