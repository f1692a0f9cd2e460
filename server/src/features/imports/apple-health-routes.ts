import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

export interface RoutePoint {
  at: string;
  lat: number;
  lon: number;
  altitudeM?: number;
}

/** The most points kept of one route: a point a second for a day (the catalog's MAX_ROUTE_POINTS). */
const MAX_POINTS = 86_400;

/**
 * A workout route as the Health app writes it (workout-routes/route_<date>.gpx, GPX 1.1: one `trk` of
 * `trkseg`s of `trkpt lat lon` with `ele` in metres and `time` in UTC; speed, course and accuracy in
 * `extensions`, not kept). Points outside [start, end] (the watch starts the route a few seconds early)
 * and points without a time or a position are left out. Streamed; a damaged file gives no route.
 */
export async function readGpxRoute(
  stream: Readable,
  span: { start: number; end: number },
): Promise<RoutePoint[]> {
  const sax = new SaxesParser();
  const points: RoutePoint[] = [];
  let point: { lat: number; lon: number; ele?: number; time?: string } | undefined;
  let text = '';
  sax.on('opentag', (tag) => {
    text = '';
    if (tag.name !== 'trkpt') return;
    const a = (tag as SaxesTagPlain).attributes;
    point = { lat: Number(a.lat), lon: Number(a.lon) };
  });
  sax.on('text', (t) => {
    text += t;
  });
  sax.on('closetag', (tag) => {
    if (!point) return;
    if (tag.name === 'ele') point.ele = Number(text.trim());
    else if (tag.name === 'time') point.time = text.trim();
    else if (tag.name === 'trkpt') {
      const p = point;
      point = undefined;
      const at = p.time ? Date.parse(p.time) : Number.NaN;
      const placed = Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90;
      if (!placed || !(at >= span.start && at <= span.end) || points.length >= MAX_POINTS) return;
      points.push({
        at: new Date(at).toISOString(),
        lat: p.lat,
        lon: p.lon,
        ...(p.ele !== undefined && Number.isFinite(p.ele) && p.ele >= -500 && p.ele <= 9000
          ? { altitudeM: p.ele }
          : {}),
      });
    }
  });
  try {
    stream.setEncoding('utf8');
    for await (const chunk of stream) sax.write(chunk as string);
    sax.close();
  } catch {
    stream.destroy();
    return [];
  }
  return points;
}
