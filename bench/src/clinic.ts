/**
 * The clinic workloads (issue #15 §Performance), in process (the real app through `inject`):
 *   tsx bench/src/clinic.ts [--patients 1000] [--days 90] [--requests 200]
 * (through scripts/with-postgres.mjs for PostgreSQL: the harness picks TEST_DATABASE_URL up).
 * - A clinic of `patients` patients sharing blood pressure and weight (enrolled `days` × 8/9 ago: with
 *   90 days, day 21 of the third period, so the non-adherent ones are warned), each with `days` days of one
 *   blood pressure and one weigh-in a day (every 3rd day only for one patient in ten: not adherent),
 *   their transmission days, three resolved alerts each and an open one for one in twenty. Loaded
 *   with set-based SQL (generate_series): what the workloads read, not how it was written.
 * - Patient list page (25 rows, sort by enrolment, by alerts, and "not adherent") and alert queue
 *   page (25 rows): p50 / p99 latency and Node CPU per request, as the clinic's administrator.
 * - Threshold evaluation on ingest: the same reading posted over HTTP by an enrolled patient and by a
 *   user enrolled nowhere with the same history, interleaved; the ratio of their Node CPU and latency.
 * `runClinicBench({ smoke: true })` (npm run bench:smoke) runs it tiny.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createClinicAsOperator } from '../../server/src/features/clinics';
import { totpCodeAt } from '../../server/src/features/second-factor/totp';
import {
  type ApiClient,
  createTestApp,
  createTestUser,
  type TestApp,
  type TestUser,
} from '../../server/src/test/harness';
import { countStatements } from '../../server/src/test/statement-counter';
import { assertFigure, percentile } from './stats';

interface Timing {
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
}

/** A staff member: an account with an authenticator app confirmed (clinic pages need it). */
async function staffMember(t: TestApp): Promise<TestUser> {
  const u = await createTestUser(t);
  const enrol = await u.client.post('/api/me/totp/enroll', { currentPassword: u.password });
  const { secret } = enrol.json() as { secret: string };
  const confirm = await u.client.post('/api/me/totp/confirm', { code: totpCodeAt(secret, t.clock.now()) });
  if (confirm.statusCode !== 200) throw new Error(`clinic bench: second factor ${confirm.body}`);
  return u;
}

async function timeRequests(n: number, request: () => Promise<{ statusCode: number; body: string }>) {
  for (let i = 0; i < Math.min(10, n); i++) await request(); // warm-up
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await request();
    latencies.push(performance.now() - t0);
    if (res.statusCode >= 300) throw new Error(`clinic bench: ${res.statusCode} ${res.body.slice(0, 200)}`);
  }
  const used = process.cpuUsage(cpu);
  return {
    p50: +percentile(latencies, 50).toFixed(2),
    p99: +percentile(latencies, 99).toFixed(2),
    cpuMsPerRequest: +((used.user + used.system) / 1000 / n).toFixed(3),
  } satisfies Timing;
}

/**
 * `--explain`: the request's statements (their first line), then EXPLAIN (ANALYZE, BUFFERS) of each
 * SELECT that reads the clinic's tables (not the session's, the access log's or the readings'),
 * printed to stderr: the plans quoted in bench/RESULTS.md.
 */
async function explainClinicQueries(t: TestApp, label: string, request: () => Promise<unknown>) {
  const { statements, params } = await countStatements(t.database, request);
  const out = [`\n=== ${label}: ${statements.length} statements ===`];
  for (const text of statements) out.push(`  ${text.replace(/\s+/g, ' ').slice(0, 140)}`);
  for (const [i, text] of statements.entries()) {
    if (!/^\s*(select|with)/i.test(text) || !/clinic_(enrolments|alerts)/.test(text)) continue;
    if (/\b(insert|update|delete)\b/i.test(text)) continue; // EXPLAIN ANALYZE would write
    const res = await t.database.raw.query(`explain (analyze, buffers) ${text}`, params[i] as unknown[]);
    out.push((res.rows as Array<Record<string, string>>).map((r) => Object.values(r)[0]).join('\n'));
  }
  console.error(out.join('\n'));
}

/** Patients, enrolments, readings, transmission days and alerts in a few set-based statements. */
async function load(t: TestApp, clinicId: string, patients: number, days: number) {
  const users: TestUser[] = [];
  const names = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand'];
  for (let i = 0; i < patients; i++) {
    users.push(await createTestUser(t, { displayName: `${names[i % names.length]} ${i}` }));
  }
  const ids = users.map((u) => u.user.id);
  const raw = t.database.raw;
  const now = t.clock.now().toISOString();
  await raw.query(
    `insert into clinic_enrolments (user_id, clinic_id, categories, terms_version, wording_version, accepted_by, enrolled_at)
     select u, $2::uuid, '["blood_pressure","weight"]'::jsonb, 1, 1, 'patient', $3::timestamptz - make_interval(days => $4::int * 8 / 9)
     from unnest($1::uuid[]) u`,
    [ids, clinicId, now, days],
  );
  // One patient in ten sends every third day only: not adherent.
  const dayRows = `from unnest($1::uuid[]) with ordinality p(u, i), generate_series(0, $3::int - 1) d
     where p.i % 10 <> 0 or d % 3 = 0`;
  await raw.query(
    `insert into health_readings (user_id, taken_at, utc_offset_minutes, source, metrics_key)
     select u, $2::timestamptz - make_interval(days => d, hours => 2), 0, 'manual', k
     ${dayRows.replace('generate_series', "unnest(array['diastolic_bp,systolic_bp','weight']) k, generate_series")}`,
    [ids, now, days],
  );
  await raw.query(
    `insert into health_measures (user_id, reading_id, metric, taken_at, value)
     select r.user_id, r.id, m.metric, r.taken_at,
       case m.metric when 'systolic_bp' then 115 + (extract(epoch from r.taken_at)::bigint % 40)
         when 'diastolic_bp' then 75 + (extract(epoch from r.taken_at)::bigint % 20) else 80 end
     from health_readings r
     cross join lateral unnest(string_to_array(r.metrics_key, ',')) m(metric)
     where r.user_id = any($1::uuid[])`,
    [ids],
  );
  await raw.query(
    `insert into clinic_transmission_days (user_id, clinic_id, day, readings)
     select u, $2::uuid, ($4::timestamptz - make_interval(days => d, hours => 2))::date, 2
     ${dayRows}`,
    [ids, clinicId, days, now],
  );
  await raw.query(
    `insert into clinic_alerts (user_id, clinic_id, metric, episode_key, severity, state, reading, taken_at,
       last_abnormal_at, episode_ended_at, raised_at, resolved_at, resolution_note)
     select u, $2::uuid, 'blood_pressure', 'bp:' || n, 'high', 'resolved',
       '{"values":{"systolic_bp":150,"diastolic_bp":85}}'::jsonb || jsonb_build_object('takenAt', $3::text),
       at, at, at + interval '1 hour', at, at + interval '2 hours', 'Called the patient.'
     from unnest($1::uuid[]) u, generate_series(1, 3) n,
       lateral (select $3::timestamptz - make_interval(days => n * 20) as at) x`,
    [ids, clinicId, now],
  );
  await raw.query(
    `insert into clinic_alerts (user_id, clinic_id, metric, episode_key, severity, reading, taken_at,
       last_abnormal_at, raised_at)
     select u, $2::uuid, 'blood_pressure', 'bp:open', case when i % 40 = 0 then 'urgent' else 'high' end,
       '{"values":{"systolic_bp":185,"diastolic_bp":95}}'::jsonb || jsonb_build_object('takenAt', $3::text),
       $3::timestamptz - make_interval(mins => i::int), $3::timestamptz - make_interval(mins => i::int),
       $3::timestamptz - make_interval(mins => i::int)
     from unnest($1::uuid[]) with ordinality p(u, i) where i % 20 = 0`,
    [ids, clinicId, now],
  );
  // The list's figures kept on the enrolment row: the loads above bypass the app, so they are filled
  // as migration 0011 fills existing rows (its backfill statements).
  const migration = readFileSync(
    new URL('../../server/src/db/migrations/0011_clinic_list_ranks.sql', import.meta.url),
    'utf8',
  );
  for (const statement of migration.split('--> statement-breakpoint')) {
    if (statement.includes('UPDATE "clinic_enrolments"')) await raw.exec(statement);
  }
  await raw.exec('analyze');
  return users;
}

/** The same in-range reading, one new instant per request (the n-th at `at(n)`). */
function bpPoster(client: ApiClient, at: (n: number) => number) {
  let n = 0;
  return () =>
    client.post('/api/health-data/readings', {
      takenAt: new Date(at(++n)).toISOString(),
      measures: [
        { metric: 'systolic_bp', value: 122, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: 79, unit: 'mmHg' },
      ],
    });
}

/**
 * Ingest with and without a clinic: `patient` (enrolled) and a new user enrolled nowhere with a copy of
 * the same history post the same readings, interleaved in rounds; the medians of the rounds' Node CPU
 * and p50, and the statements of one request after a first one (steady state).
 */
async function ingestPair(
  t: TestApp,
  patient: TestUser,
  at: (n: number) => number,
  opts: { requests: number; explain?: boolean },
) {
  const loner = await createTestUser(t);
  for (const table of ['health_readings', 'health_measures']) {
    const columns =
      table === 'health_readings'
        ? 'id, taken_at, utc_offset_minutes, source, metrics_key'
        : 'reading_id, metric, taken_at, value';
    await t.database.raw.query(
      `insert into ${table} (user_id, ${columns}) select $2::uuid, ${columns} from ${table} where user_id = $1::uuid`,
      [patient.user.id, loner.user.id],
    );
  }
  const posts = { enrolled: bpPoster(patient.client, at), loner: bpPoster(loner.client, at) };
  await posts.enrolled();
  await posts.loner();
  if (opts.explain) {
    await explainClinicQueries(t, 'ingest, enrolled patient', posts.enrolled);
    await explainClinicQueries(t, 'ingest, patient enrolled nowhere', posts.loner);
  }
  const statements = {
    enrolled: (await countStatements(t.database, posts.enrolled)).statements.length,
    loner: (await countStatements(t.database, posts.loner)).statements.length,
  };
  const rounds = Math.max(4, Math.floor(opts.requests / 20));
  const per = Math.max(5, Math.floor(opts.requests / rounds));
  const samples = { enrolled: [] as Timing[], loner: [] as Timing[] };
  for (let r = 0; r < rounds; r++) {
    samples.enrolled.push(await timeRequests(per, posts.enrolled));
    samples.loner.push(await timeRequests(per, posts.loner));
  }
  const median = (xs: number[]) => percentile(xs, 50);
  const enrolledCpuMs = +median(samples.enrolled.map((s) => s.cpuMsPerRequest)).toFixed(3);
  const lonerCpuMs = +median(samples.loner.map((s) => s.cpuMsPerRequest)).toFixed(3);
  const enrolledP50 = +median(samples.enrolled.map((s) => s.p50)).toFixed(2);
  const lonerP50 = +median(samples.loner.map((s) => s.p50)).toFixed(2);
  return {
    enrolledCpuMs,
    lonerCpuMs,
    enrolledP50,
    lonerP50,
    statements,
    cpuOverheadPercent: +((enrolledCpuMs / lonerCpuMs - 1) * 100).toFixed(1),
    latencyOverheadPercent: +((enrolledP50 / lonerP50 - 1) * 100).toFixed(1),
  };
}

export async function runClinicBench(opts: {
  patients: number;
  days: number;
  requests: number;
  explain?: boolean;
}) {
  const t = await createTestApp();
  try {
    const admin = await staffMember(t);
    const clinic = await createClinicAsOperator(t.app.ctx, {
      name: 'Bench Clinic',
      adminEmail: admin.user.email,
    });
    const t0 = performance.now();
    const users = await load(t, clinic.id, opts.patients, opts.days);
    const loadSeconds = +((performance.now() - t0) / 1000).toFixed(1);
    const base = `/api/clinics/${clinic.id}`;
    const get = (url: string) => () => admin.client.get(url);

    if (opts.explain) {
      await explainClinicQueries(t, 'patient list, newest enrolment', get(`${base}/patients`));
      await explainClinicQueries(t, 'patient list, by worst alert', get(`${base}/patients?sort=alerts`));
      await explainClinicQueries(
        t,
        'patient list, not adherent',
        get(`${base}/patients?filter=not_adherent`),
      );
      await explainClinicQueries(t, 'alert queue', get(`${base}/alerts`));
    }
    const first = await countStatements(t.database, get(`${base}/patients?sort=alerts`));
    const list = {
      enrolled: await timeRequests(opts.requests, get(`${base}/patients`)),
      alerts: await timeRequests(opts.requests, get(`${base}/patients?sort=alerts`)),
      notAdherent: await timeRequests(opts.requests, get(`${base}/patients?filter=not_adherent`)),
      statements: first.statements.length,
    };
    const queue = {
      ...(await timeRequests(opts.requests, get(`${base}/alerts`))),
      statements: (await countStatements(t.database, get(`${base}/alerts`))).statements.length,
    };

    const now = t.clock.now().getTime();
    // Each reading the patient's newest (a device sending as it measures): the goal's figure.
    const ingest = await ingestPair(t, users[1]!, (n) => now - 12 * 3600_000 + n * 60_000, opts);
    // Each reading a minute before the last (the previous runs' poster): every write re-judges the
    // bench's earlier posts, up to ~600 readings, as a late reading re-judges what came after it.
    const ingestBackwards = await ingestPair(t, users[2]!, (n) => now - 3 * 3600_000 - n * 60_000, opts);
    const result = {
      engine: t.database.engine,
      patients: opts.patients,
      days: opts.days,
      loadSeconds,
      list,
      queue,
      ingest,
      ingestBackwards,
    };
    assertFigure('clinic list p99', result.list.enrolled.p99);
    assertFigure('alert queue p99', result.queue.p99);
    assertFigure('ingest cpu', result.ingest.lonerCpuMs);
    return result;
  } finally {
    await t.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: args } = parseArgs({
    options: {
      patients: { type: 'string', default: '1000' },
      days: { type: 'string', default: '90' },
      requests: { type: 'string', default: '200' },
      explain: { type: 'boolean', default: false },
    },
  });
  const result = await runClinicBench({
    patients: Number(args.patients),
    days: Number(args.days),
    requests: Number(args.requests),
    explain: args.explain,
  });
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
