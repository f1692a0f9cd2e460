import { createHmac, randomBytes } from 'node:crypto';
import type { ReadingItem } from '@vitalbase/core';
import { bloodPressureReadings, dayRangeEndingToday, itemTime, type Person, personAt } from './generators';
import { createThrottle, DeviceHttp, HttpError, type HttpOptions, type UserHttp } from './http';
import { signIn, type VerifyEmail } from './run';

export interface ClinicSimulationOptions {
  url: string;
  /** Patients enrolled, each with a cellular blood pressure monitor of the clinic. */
  patients: number;
  days: number;
  /** Requests per second, at most (0 = no limit). */
  rate: number;
  seed: number;
  factoryKey: string;
  verifyEmail: VerifyEmail;
  /** The operator's step (`vitalbase clinic create`): the admin's account becomes its administrator. */
  createClinic: (adminEmail: string) => Promise<{ id: string }>;
  password?: string;
  /**
   * Each patient (and their monitor) calls from their own loopback address, 127.<n>.<n>.<n>, as people
   * call from their own homes: the server's per-address limits (20 sign-ups an hour) then count them
   * apart. Only against a server on loopback; elsewhere a large clinic is limited by those limits.
   */
  ownAddresses?: boolean;
  now?: () => Date;
  log?: (line: string) => void;
}

export type PatientProfile = 'in_range' | 'out_of_range' | 'not_adherent';

export interface ClinicSimulationReport {
  clinicId: string;
  admin: { email: string; password: string; totpSecret: string };
  patients: Array<{ email: string; profile: PatientProfile; serial: string }>;
  stored: number;
  requests: number;
}

/** One patient in ten out of range (the last reading urgent), one in five not adherent (a day in five). */
export function profileOf(index: number): PatientProfile {
  if (index % 10 === 3) return 'out_of_range';
  if (index % 5 === 1) return 'not_adherent';
  return 'in_range';
}

/** RFC 6238 (SHA-1, 6 digits, 30 s): the admin's authenticator app, so the clinic API opens. */
export function totpCode(base32: string, at: Date): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/=+$/, '').toUpperCase())
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => Number.parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

function patientPerson(index: number, seed: number, profile: PatientProfile): Person {
  const base = personAt(0, seed);
  const high = profile === 'out_of_range';
  return {
    ...base,
    key: `p${index}`,
    displayName: `Patient ${String(index + 1).padStart(4, '0')}`,
    birthDate: `${1940 + (index % 40)}-0${1 + (index % 9)}-1${index % 10}`,
    systolic: high ? 150 : 118,
    diastolic: high ? 94 : 74,
  };
}

/** The patient's readings: twice a day, a day in five when not adherent, an urgent one last when out of range. */
function readingsOf(index: number, opts: ClinicSimulationOptions, now: Date): ReadingItem[] {
  const profile = profileOf(index);
  const range = dayRangeEndingToday(now, opts.days, 60);
  const dayOf = (item: ReadingItem) => Math.floor((itemTime(item) - range.startMs) / 86_400_000);
  const items = bloodPressureReadings(opts.seed + index, patientPerson(index, opts.seed, profile), range)
    .filter((r) => itemTime(r) <= now.getTime())
    .filter((r) => profile !== 'not_adherent' || dayOf(r) % 5 === 0);
  if (profile === 'out_of_range') {
    items.push({
      kind: 'reading',
      clientRef: `p${index}-urgent`,
      takenAt: new Date(now.getTime() - 10 * 60_000).toISOString(),
      measures: [
        { metric: 'systolic_bp', value: 184, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: 121, unit: 'mmHg' },
      ],
    });
  }
  return items;
}

const addressOf = (index: number) =>
  `127.${1 + ((index >> 16) & 0xff)}.${(index >> 8) & 0xff}.${(index & 0xff) + 1}`;

/**
 * `vitalbase simulate --clinic`: a clinic of `patients` patients filled through the HTTP API, as its
 * people would: the admin (a second factor on) registers a box of cellular blood pressure monitors
 * into the stock; each patient gets an invitation with a monitor reserved, signs up and accepts; the
 * monitor, paired to them on enrolment, takes its own credential and syncs without a phone.
 */
export async function runClinicSimulation(opts: ClinicSimulationOptions): Promise<ClinicSimulationReport> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? (() => new Date());
  let requests = 0;
  const base = createThrottle(opts.rate);
  const throttle = async () => {
    requests += 1;
    await base();
  };
  const http: HttpOptions = { baseUrl: opts.url, throttle };
  const runId = randomBytes(4).toString('hex');
  const password = opts.password ?? `Sim-${randomBytes(12).toString('base64url')}-vb`;

  // 1. The admin: an account with a second factor, made the clinic's administrator by the operator.
  const adminEmail = `clinic-admin-${runId}@vitalbase.local`;
  const admin = await signIn(
    http,
    adminEmail,
    password,
    { ...personAt(0, opts.seed), displayName: 'Dr Admin' },
    opts.verifyEmail,
  );
  const { secret } = await admin.call<{ secret: string }>('POST', '/api/me/totp/enroll', {
    currentPassword: password,
  });
  await admin.call('POST', '/api/me/totp/confirm', { code: totpCode(secret, now()) });
  const clinic = await opts.createClinic(adminEmail);
  log(`clinic ${clinic.id}: admin ${adminEmail}`);

  // 2. A box of cellular monitors from the factory, registered into the clinic's stock.
  const units = Array.from({ length: opts.patients }, (_, i) => ({
    serial: `SIMC-${runId}-${i}`.toUpperCase(),
    mac: randomBytes(6).toString('hex').match(/../g)!.join(':'),
    modelId: 'vb-bpm',
    claimCode: randomBytes(3).toString('hex').toUpperCase(),
  }));
  for (let i = 0; i < units.length; i += 1000) {
    await throttle();
    const res = await fetch(new URL('/api/factory/units', opts.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.factoryKey}` },
      body: JSON.stringify({ units: units.slice(i, i + 1000) }),
    });
    if (res.status !== 201)
      throw new HttpError(res.status, await res.json().catch(() => null), 'factory registry');
  }
  const stock = `/api/clinics/${clinic.id}/devices`;
  const unitIds: string[] = [];
  for (const u of units) {
    const added = await admin.call<{ unitId: string }>('POST', stock, {
      serial: u.serial,
      claimCode: u.claimCode,
      cellular: true,
    });
    unitIds.push(added.unitId);
  }
  log(`${units.length} cellular monitors in stock`);

  // 3. Each patient: invited with a monitor reserved, signs up, accepts; the monitor syncs alone.
  const report: ClinicSimulationReport = {
    clinicId: clinic.id,
    admin: { email: adminEmail, password, totpSecret: secret },
    patients: [],
    stored: 0,
    requests: 0,
  };
  for (const [i, unit] of units.entries()) {
    const profile = profileOf(i);
    const invitation = await admin.call<{ id: string; code: string }>(
      'POST',
      `/api/clinics/${clinic.id}/patient-invitations`,
      {},
    );
    await admin.call('POST', `${stock}/${unitIds[i]}/assign`, { invitationId: invitation.id });
    const home: HttpOptions = { ...http, ...(opts.ownAddresses ? { localAddress: addressOf(i) } : {}) };
    const email = `clinic-${runId}-p${i}@vitalbase.local`;
    const patient = await signIn(
      home,
      email,
      password,
      patientPerson(i, opts.seed, profile),
      opts.verifyEmail,
    );
    await accept(patient, invitation.code);
    const activated = await new DeviceHttp(home, '').post<{ credential: string }>('/api/device/activate', {
      serial: unit.serial,
      claimCode: unit.claimCode,
    });
    const device = new DeviceHttp(home, activated.body.credential);
    const synced = await device.post<{ summary: { stored: number } }>(
      '/api/device/sync',
      { items: readingsOf(i, opts, now()) },
      `clinic-${runId}-${i}`,
    );
    report.stored += synced.body.summary.stored;
    report.patients.push({ email, profile, serial: unit.serial });
    if ((i + 1) % 25 === 0) log(`${i + 1} patients enrolled`);
  }
  report.requests = requests;
  return report;
}

async function accept(patient: UserHttp, code: string) {
  const res = await patient.request<{
    termsVersion: number;
    wording: { version: number };
    defaultCategories: string[];
  }>('GET', `/api/clinic-invitations`, undefined, { 'x-invitation-code': code });
  if (res.status !== 200) throw new HttpError(res.status, res.body, 'GET /api/clinic-invitations');
  const accepted = await patient.request(
    'POST',
    '/api/clinic-invitations/patient/accept',
    {
      categories: ['blood_pressure'],
      termsVersion: res.body.termsVersion,
      wordingVersion: res.body.wording.version,
    },
    { 'x-invitation-code': code },
  );
  if (accepted.status !== 200) throw new HttpError(accepted.status, accepted.body, 'accept the invitation');
}
