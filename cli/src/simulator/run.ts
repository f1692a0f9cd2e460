import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DeviceKind, ReadingItem, SeriesItem, SessionItem } from '@vitalbase/core';
import {
  airQualitySeries,
  bloodPressureReadings,
  bodyTemperatureReadings,
  createRng,
  dayRangeEndingToday,
  heartRateSeries,
  itemTime,
  type Person,
  personAt,
  sleepSessions,
  stepsSeries,
  subSeed,
  weighIns,
} from './generators';
import { createThrottle, DeviceHttp, HttpError, type HttpOptions, UserHttp } from './http';

type Item = ReadingItem | SeriesItem | SessionItem;

/** Gives the token of the verification link mailed to `email` (how depends on where the mail goes). */
export type VerifyEmail = (email: string) => Promise<string>;

export interface SimulationOptions {
  url: string;
  days: number;
  /** People in the household (they share the scale); the first owns every device. */
  users: number;
  /** Requests per second, at most (0 = no limit). */
  rate: number;
  seed: number;
  /** The instance's factory key (units are registered in its factory registry). */
  factoryKey: string;
  /** The owner's account: signed in if it exists, else created. Members get `local+name@domain`. */
  email?: string;
  /** One password for every simulated account (generated and reported when not given). */
  password?: string;
  verifyEmail?: VerifyEmail;
  /** UTC offset where the household lives, in minutes. */
  offsetMinutes?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface SimulationReport {
  accounts: Array<{ email: string; displayName: string }>;
  password: string;
  devices: Array<{ kind: DeviceKind; id: string }>;
  requests: number;
  retriedAfterDrop: number;
  items: { stored: number; duplicate: number; rejected: number; pendingAttribution: number };
  claimed: number;
  discarded: number;
  /** Firmware the devices fetched from an offer and installed (its digest matched), or refused (it did not). */
  firmware: Array<{ kind: DeviceKind; version: string; installed: boolean }>;
}

interface FirmwareOffer {
  version: string;
  url: string;
  sha256: string;
  required: boolean;
}

interface SyncAnswer {
  results: Array<{ index: number; status: string; errors?: unknown[] }>;
  summary: { stored: number; duplicate: number; rejected: number; pendingAttribution: number };
  firmware: {
    latest: string;
    updateRequired: boolean;
    updateAvailable: boolean;
    offer?: FirmwareOffer | null;
  };
}

interface SimDevice {
  kind: DeviceKind;
  modelId: string;
  name: string;
  factoryFirmware: string;
  firmware: string;
  id: string;
  http: DeviceHttp;
  /** Items not sent yet, oldest first. */
  queue: Item[];
  /** Days (indexes) on which the device cannot reach the server: it syncs late. */
  offline: Set<number>;
  battery: number;
}

const MODELS: Array<{ kind: DeviceKind; modelId: string; name: string; factoryFirmware: string }> = [
  { kind: 'scale', modelId: 'vb-scale-body', name: 'Bathroom scale', factoryFirmware: '1.4.2' },
  { kind: 'watch', modelId: 'vb-watch', name: 'Watch', factoryFirmware: '3.0.0' },
  { kind: 'bp_monitor', modelId: 'vb-bpm', name: 'Blood pressure monitor', factoryFirmware: '1.0.0' },
  { kind: 'sleep_analyzer', modelId: 'vb-sleep', name: 'Sleep analyzer', factoryFirmware: '1.2.0' },
  { kind: 'thermometer', modelId: 'vb-thermo', name: 'Thermometer', factoryFirmware: '1.0.0' },
  { kind: 'air_quality', modelId: 'vb-air', name: 'Bedroom air sensor', factoryFirmware: '0.9.0' },
];

const MAX_BATCH_ITEMS = 1000;
const MAX_BATCH_BYTES = 1_500_000;
const DAY = 86_400_000;

/** Batches under the sync API's limits (5,000 items / 2 MB), with room to spare. */
function toBatches(items: Item[]): Item[][] {
  const batches: Item[][] = [];
  let current: Item[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = JSON.stringify(item).length;
    if (current.length && (current.length >= MAX_BATCH_ITEMS || bytes + size > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
}

function itemEnd(item: Item): number {
  return item.kind === 'session'
    ? Date.parse(item.end)
    : item.kind === 'series'
      ? Date.parse(item.start) + item.values.length * item.intervalSeconds * 1000
      : itemTime(item);
}

/** What exists of an item at `at`: today's series stop at the current minute; later items do not exist yet. */
function untilNow(item: Item, at: number): Item | undefined {
  if (itemEnd(item) <= at) return item;
  if (item.kind !== 'series') return undefined;
  const points = Math.floor((at - Date.parse(item.start)) / (item.intervalSeconds * 1000));
  return points > 0 ? { ...item, values: item.values.slice(0, points) } : undefined;
}

/** Member e-mail addresses derived from the owner's: alex@x → alex+sam@x. */
function memberEmail(ownerEmail: string, person: Person): string {
  const [local, domain] = ownerEmail.split('@');
  return `${local}+${person.key}@${domain}`;
}

/**
 * Fills a server with a realistic household over its HTTP API: accounts, a factory registration of the
 * units, pairing, a shared scale, and `days` of data synced day by day, with days offline followed by a
 * late sync, a dropped connection retried with the same idempotency key, firmware updates when the
 * server asks for them, and diagnostics.
 */
export async function runSimulation(opts: SimulationOptions): Promise<SimulationReport> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? (() => new Date());
  let requests = 0;
  const baseThrottle = createThrottle(opts.rate);
  const http: HttpOptions = {
    baseUrl: opts.url,
    throttle: async () => {
      requests += 1;
      await baseThrottle();
    },
  };
  const runId = randomBytes(4).toString('hex');
  const password = opts.password ?? `Sim-${randomBytes(12).toString('base64url')}-vb`;
  const ownerEmail = opts.email ?? `sim-${runId}@vitalbase.local`;
  const people = Array.from({ length: Math.max(1, opts.users) }, (_, i) => personAt(i, opts.seed));
  const report: SimulationReport = {
    accounts: [],
    password,
    devices: [],
    requests: 0,
    retriedAfterDrop: 0,
    items: { stored: 0, duplicate: 0, rejected: 0, pendingAttribution: 0 },
    claimed: 0,
    discarded: 0,
    firmware: [],
  };

  // 1. Accounts: sign in, or sign up + verify + sign in.
  const sessions: UserHttp[] = [];
  for (const [i, person] of people.entries()) {
    const email = i === 0 ? ownerEmail : memberEmail(ownerEmail, person);
    sessions.push(await signIn(http, email, password, person, opts.verifyEmail));
    report.accounts.push({ email, displayName: person.displayName });
    log(`account ${email} ready`);
  }
  const owner = sessions[0]!;

  // 2. The factory registers the units; the owner pairs them.
  const units = MODELS.map((m) => ({
    ...m,
    serial: `SIM-${runId}-${m.kind}`.toUpperCase(),
    mac: randomBytes(6).toString('hex').match(/../g)!.join(':'),
    claimCode: randomBytes(3).toString('hex').toUpperCase(),
  }));
  const factory = await fetch(new URL('/api/factory/units', opts.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.factoryKey}` },
    body: JSON.stringify({
      units: units.map((u) => ({
        serial: u.serial,
        mac: u.mac,
        modelId: u.modelId,
        claimCode: u.claimCode,
        firmware: u.factoryFirmware,
      })),
    }),
  });
  requests += 1;
  if (factory.status !== 201)
    throw new HttpError(factory.status, await factory.json().catch(() => null), 'factory registry');

  const range = dayRangeEndingToday(now(), opts.days, opts.offsetMinutes ?? 60);
  const rng = createRng(subSeed(opts.seed, 'schedule'));
  const offlineWindow = (length: number) => {
    const from = Math.floor(rng() * Math.max(1, opts.days - length - 1)) + 1;
    return new Set(Array.from({ length }, (_, k) => from + k).filter((d) => d < opts.days - 1));
  };
  const [first] = people as [Person];
  const itemsFor = (kind: DeviceKind): Item[] => {
    switch (kind) {
      case 'scale':
        return people.flatMap((p) => weighIns(opts.seed, p, range));
      case 'watch':
        return [...heartRateSeries(opts.seed, first, range), ...stepsSeries(opts.seed, first, range)];
      case 'bp_monitor':
        return bloodPressureReadings(opts.seed, first, range);
      case 'sleep_analyzer':
        return sleepSessions(opts.seed, first, range);
      case 'thermometer':
        return bodyTemperatureReadings(opts.seed, first, range);
      case 'air_quality':
        return airQualitySeries(opts.seed, range);
    }
  };
  const devices: SimDevice[] = [];
  for (const u of units) {
    const paired = await owner.call<{ device: { id: string }; credential: string }>(
      'POST',
      '/api/devices/pair',
      {
        serial: u.serial,
        claimCode: u.claimCode,
        name: u.name,
        wifiNetwork: 'Martin-Home',
      },
    );
    const at = now().getTime();
    devices.push({
      ...u,
      firmware: u.factoryFirmware,
      id: paired.device.id,
      http: new DeviceHttp(http, paired.credential),
      queue: itemsFor(u.kind)
        .map((item) => untilNow(item, at))
        .filter((item): item is Item => item !== undefined)
        .sort((a, b) => itemEnd(a) - itemEnd(b)),
      offline:
        u.kind === 'scale' ? offlineWindow(3) : u.kind === 'sleep_analyzer' ? offlineWindow(2) : new Set(),
      battery: 100,
    });
    report.devices.push({ kind: u.kind, id: paired.device.id });
    log(`paired ${u.name} (${u.modelId})`);
  }

  // 3. The household: the owner shares the scale and invites the others, who accept.
  const scale = devices.find((d) => d.kind === 'scale')!;
  if (people.length > 1) {
    await owner.call('PUT', '/api/household', { name: `${first.displayName.split(' ').at(-1)} household` });
    const ownerId = (await owner.call<{ id: string }>('GET', '/api/me')).id;
    for (const [i, member] of sessions.entries()) {
      if (i === 0) continue;
      await owner.call('POST', '/api/household/invitations', { email: report.accounts[i]!.email });
      await member.call('POST', `/api/household/memberships/${ownerId}/accept`);
    }
    await owner.call('PATCH', `/api/devices/${scale.id}`, { sharedWithHousehold: true });
  }

  // 4. Day by day, each reachable device sends what it has not sent yet.
  let dropped = false;
  let lastAnswer: SyncAnswer | undefined;
  const tally = (answer: SyncAnswer) => {
    lastAnswer = answer;
    for (const k of ['stored', 'duplicate', 'rejected', 'pendingAttribution'] as const)
      report.items[k] += answer.summary[k];
    if (answer.summary.rejected) log(`${answer.summary.rejected} items rejected`);
  };
  const sync = async (device: SimDevice, until: number) => {
    const due: Item[] = [];
    while (device.queue.length && itemEnd(device.queue[0]!) <= until) due.push(device.queue.shift()!);
    for (const batch of toBatches(due)) {
      device.battery = Math.max(5, device.battery - 0.4);
      const body = {
        device: { firmware: device.firmware, battery: Math.round(device.battery) },
        items: batch,
      };
      const key = randomUUID();
      if (!dropped && device.kind === 'watch') {
        // The connection drops after the server received the batch: the answer is lost, the device retries.
        dropped = true;
        await device.http.post('/api/device/sync', body, key);
        const retry = await device.http.post<SyncAnswer>('/api/device/sync', body, key);
        if (retry.headers.get('idempotent-replayed') === 'true') report.retriedAfterDrop += 1;
        tally(retry.body);
      } else {
        tally((await device.http.post<SyncAnswer>('/api/device/sync', body, key)).body);
      }
    }
    await device.http.post('/api/device/diagnostics', {
      battery: [
        { at: new Date(Math.min(until, now().getTime())).toISOString(), percent: Math.round(device.battery) },
      ],
      logs: [
        {
          at: new Date(Math.min(until, now().getTime())).toISOString(),
          level: 'info',
          message: `synced ${due.length} items`,
        },
      ],
    });
  };

  for (let d = 0; d < range.days; d++) {
    const endOfDay = Math.min(range.startMs + (d + 1) * DAY, now().getTime());
    for (const device of devices) {
      if (device.offline.has(d)) continue;
      lastAnswer = undefined;
      await sync(device, endOfDay);
      // The device installs an update the server asks for, and reports it at its next sync.
      const answer = lastAnswer as SyncAnswer | undefined;
      const offer = answer?.firmware.offer;
      if (offer) {
        // As a real device: fetch the image the operator published, check its digest, then install.
        const installed = await fetchFirmware(offer);
        report.firmware.push({ kind: device.kind, version: offer.version, installed });
        if (installed) device.firmware = offer.version;
        log(
          installed
            ? `${device.name} fetched and installed firmware ${offer.version}`
            : `${device.name} refused firmware ${offer.version}: its SHA-256 does not match`,
        );
      } else if (answer?.firmware.updateRequired) {
        // Required, but no file was published for it: the simulated device installs it all the same.
        device.firmware = answer.firmware.latest;
        log(`${device.name} updated its firmware to ${device.firmware}`);
      }
    }
    if (people.length > 1) await settleInbox(sessions, people, d, report);
  }
  for (const device of devices) await sync(device, now().getTime());
  if (people.length > 1) await settleInbox(sessions, people, range.days - 1, report);
  report.requests = requests;
  log(
    `synced ${report.items.stored} items (${report.items.duplicate} duplicates, ${report.items.rejected} rejected) in ${requests} requests`,
  );
  return report;
}

/** Downloads an offered image; true when its SHA-256 is the one the server announced. */
async function fetchFirmware(offer: FirmwareOffer): Promise<boolean> {
  const res = await fetch(offer.url).catch(() => undefined);
  if (!res?.ok) return false;
  const digest = createHash('sha256')
    .update(Buffer.from(await res.arrayBuffer()))
    .digest('hex');
  return digest === offer.sha256.toLowerCase();
}

/** What members of a household do with the scale's inbox: each claims the weigh-ins that are theirs. */
async function settleInbox(sessions: UserHttp[], people: Person[], day: number, report: SimulationReport) {
  const inbox = await sessions[0]!.call<Array<{ id: string; weightKg: number }>>(
    'GET',
    '/api/household/inbox',
  );
  for (const item of inbox) {
    // Each person knows roughly what they weigh; the closest one within 3 kg claims it.
    const distances = people.map((p) =>
      Math.abs(p.weightKg + (p.weightTrendKgPerWeek * day) / 7 - item.weightKg),
    );
    const best = distances.indexOf(Math.min(...distances));
    if (distances[best]! <= 3) {
      await sessions[best]!.call('POST', `/api/household/inbox/${item.id}/claim`);
      report.claimed += 1;
    } else {
      await sessions[0]!.call('DELETE', `/api/household/inbox/${item.id}`);
      report.discarded += 1;
    }
  }
}

export async function signIn(
  http: HttpOptions,
  email: string,
  password: string,
  person: Person,
  verifyEmail: VerifyEmail | undefined,
): Promise<UserHttp> {
  const session = new UserHttp(http);
  const login = await session.request('POST', '/api/auth/login', { email, password });
  if (login.status === 200) return session;
  if (!verifyEmail) {
    throw new HttpError(
      login.status,
      login.body,
      `sign-in of ${email} (and no way to verify a new account's email)`,
    );
  }
  // A simulated person accepts the privacy policy and terms in force, as the sign-up form asks.
  const catalog = await session.call<{ documents: Array<{ document: string; inForce: string | null }> }>(
    'GET',
    '/api/policies',
  );
  const policies = Object.fromEntries(catalog.documents.map((d) => [d.document, d.inForce]));
  await session.call('POST', '/api/auth/signup', {
    email,
    password,
    displayName: person.displayName,
    birthDate: person.birthDate,
    country: 'FR',
    policies,
  });
  const token = await verifyEmail(email);
  await session.call('POST', '/api/auth/verify-email', { token });
  await session.call('POST', '/api/auth/login', { email, password });
  return session;
}
