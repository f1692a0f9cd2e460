import type { StaffRole, TokenScope } from '@vitalbase/core';
import type { App } from '../app';
import { type JsonSchema, plausible } from './plausible-input.test-support';

/**
 * The rules of the role × route matrix (role-route-matrix.int.test.ts): which access each operation of
 * the OpenAPI document declares, what every credential type must get from each kind of access, and
 * the short list of operations that answer otherwise, each with its reason. A new route is in the
 * matrix the day it lands; a new credential type is one entry of CREDENTIALS.
 */

/** One operation of the OpenAPI document, in Fastify's path form (/api/devices/:id). */
export interface Operation {
  method: string;
  path: string;
  /** "GET /api/devices/:id": the key of the tables below. */
  key: string;
  params: string[];
  body?: JsonSchema;
  query: Array<{ name: string; required: boolean; schema: JsonSchema }>;
}

type DocOperation = {
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  parameters?: Array<{ in: string; name: string; required?: boolean; schema: JsonSchema }>;
};

export function documentedOperations(app: App): Operation[] {
  const doc = app.swagger() as { paths: Record<string, Record<string, DocOperation>> };
  return Object.entries(doc.paths).flatMap(([docPath, operations]) =>
    Object.entries(operations)
      .filter(([method]) => method !== 'options')
      .map(([method, op]) => {
        const path = docPath.replace(/\{(\w+)\}/g, ':$1');
        const parameters = op.parameters ?? [];
        return {
          method: method.toUpperCase(),
          path,
          key: `${method.toUpperCase()} ${path}`,
          params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
          body: op.requestBody?.content?.['application/json']?.schema,
          query: parameters
            .filter((p) => p.in === 'query')
            .map((p) => ({ name: p.name, required: p.required ?? false, schema: p.schema })),
        };
      }),
  );
}

/** What a route asks of its caller (the check its handler makes). */
export type Access =
  | { kind: 'public' } // anyone: sign-up, links from mails, catalogs, OAuth endpoints
  | { kind: 'session' } // requireSession: a browser session only
  | { kind: 'scoped'; scope: TokenScope } // requireUser(scope): a session, or a token with the scope
  | { kind: 'second-step' } // requirePendingSignIn: a session at the second-factor stage
  | { kind: 'device' } // a device credential
  | { kind: 'partner'; api: 'wbsapi' | 'fhir' | 'fhir-system' } // a partner app's access token (fhir-system: a clinic's backend-services token only)
  | { kind: 'operator' } // the factory key
  | { kind: 'clinic' } // a browser session with a second factor, staff of the clinic (clinics feature)
  | { kind: 'staff'; roles: readonly StaffRole[] }; // the operator's gate (operator feature): a session, a second factor, one of `roles` (none: any)

/**
 * The staff roles each console API lets in (its `gate.require(req, …roles)`; `[]`: any staff role).
 * Every /api/admin operation must be listed: add yours when you add a console route.
 */
const STAFF_ROUTES: Record<string, readonly StaffRole[]> = {
  'GET /api/admin/me': [],
  'GET /api/admin/staff': ['operator_admin'],
  'POST /api/admin/staff/grants': ['operator_admin'],
  'DELETE /api/admin/staff/:userId/roles/:role': ['operator_admin'],
  'POST /api/admin/users/lookup': ['privacy_officer', 'security'],
  'GET /api/admin/privacy-requests': ['privacy_officer'],
  'GET /api/admin/privacy-requests/:id': ['privacy_officer'],
  'POST /api/admin/privacy-requests/:id/answer': ['privacy_officer'],
  'GET /api/admin/service': ['security'],
  'GET /api/admin/policies': ['privacy_officer'],
  'POST /api/admin/policies': ['privacy_officer'],
  'GET /api/admin/partner-apps': ['operator_admin'],
  'POST /api/admin/partner-apps': ['operator_admin'],
  'DELETE /api/admin/partner-apps/:clientId': ['operator_admin'],
  'POST /api/admin/partner-apps/:clientId/disable': ['operator_admin'],
  'POST /api/admin/partner-apps/:clientId/enable': ['operator_admin'],
  'GET /api/admin/firmware': ['operator_admin'],
  'POST /api/admin/firmware': ['operator_admin'],
  'POST /api/admin/firmware/:model/:version/require': ['operator_admin'],
  // The support feature (docs/support.md).
  'GET /api/admin/support/requests': ['support'],
  'GET /api/admin/support/requests/:userId/:id': ['support'],
  'POST /api/admin/support/requests/:userId/:id/messages': ['support'],
  'POST /api/admin/support/requests/:userId/:id/asks': ['support'],
  'POST /api/admin/support/requests/:userId/:id/close': ['support'],
  'GET /api/admin/support/requests/:userId/:id/readings': ['support'],
  'GET /api/admin/support/requests/:userId/:id/devices/:deviceId/diagnostics': ['support'],
  // The lifecycle feature (docs/lifecycle.md): maintenance is the operator admin's, the rest the privacy officer's.
  'GET /api/admin/maintenance': ['operator_admin'],
  'POST /api/admin/maintenance': ['operator_admin'],
  'DELETE /api/admin/maintenance/:id': ['operator_admin'],
  'GET /api/admin/suspensions': ['privacy_officer'],
  'POST /api/admin/suspensions': ['privacy_officer'],
  'POST /api/admin/suspensions/:id/lift': ['privacy_officer'],
  'POST /api/admin/court-orders': ['privacy_officer'],
  // The legal feature (docs/privacy.md): disclosures and the processors register are the privacy officer's.
  'GET /api/admin/disclosures': ['privacy_officer'],
  'POST /api/admin/disclosures': ['privacy_officer'],
  'GET /api/admin/disclosures/:id/export': ['privacy_officer'],
  'GET /api/admin/processors': ['privacy_officer'],
  'POST /api/admin/processors': ['privacy_officer'],
  'PUT /api/admin/processors/:id': ['privacy_officer'],
  'DELETE /api/admin/processors/:id': ['privacy_officer'],
};

const PUBLIC: Access = { kind: 'public' };
const byMethod = (read: TokenScope, write: TokenScope) => (method: string) =>
  ({ kind: 'scoped', scope: method === 'GET' ? read : write }) as const;

/** First match wins; an operation that matches none takes a browser session only (the strictest). */
const ROUTE_ACCESS: Array<[RegExp, Access | ((method: string) => Access)]> = [
  [/^GET \/fhir\/R4\/(metadata|\.well-known\/)/, PUBLIC],
  // A clinic's EHR (SMART Backend Services, fhir/group.service.ts): no user's token opens it.
  [/^GET \/fhir\/R4\/Group\//, { kind: 'partner', api: 'fhir-system' }],
  [/^\w+ \/fhir\//, { kind: 'partner', api: 'fhir' }],
  [/^\w+ \/wbsapi\/v2\/oauth2$/, PUBLIC], // the token endpoint: the app authenticates itself
  [/^\w+ \/wbsapi\//, { kind: 'partner', api: 'wbsapi' }],
  [/^\w+ \/(oauth|oauth2_user|\.well-known)\//, PUBLIC],
  [/^POST \/api\/device\/activate$/, PUBLIC], // a cellular unit: its serial and claim code
  [/^POST \/api\/device\//, { kind: 'device' }],
  [/^POST \/api\/factory\//, { kind: 'operator' }],
  [/^POST \/api\/auth\/second-factor\//, { kind: 'second-step' }],
  [/^POST \/api\/auth\/(?!logout-all)/, PUBLIC],
  [
    /^\w+ \/api\/(password-strength|privacy\/(info|processors)|policies|device-models|health-data\/catalog|config|maintenance)\b/,
    PUBLIC,
  ],
  [/^\w+ \/api\/(parental-consent|guardian|erasure\/cancel)\b/, PUBLIC], // a mailed link's token
  [/^GET \/api\/clinic-invitations$/, PUBLIC], // a clinic's invitation, for the holder of its code
  [/^POST \/api\/clinic-invitations\/patient\/accept-as-guardian$/, PUBLIC], // the parent's mailed link
  [/^\w+ \/api\/clinics\b/, { kind: 'clinic' }],
  [
    /^GET \/api\/me(\/(policies.*|privacy-requests.*|consents|consents\/history|access-log|second-factor))?$/,
    { kind: 'scoped', scope: 'profile:read' },
  ],
  [/^\w+ \/api\/privacy\/exports\b/, { kind: 'scoped', scope: 'export' }],
  [/^\w+ \/api\/(health-data|me\/goals)\b/, byMethod('health:read', 'health:write')],
  [/^\w+ \/api\/(devices|household)\b/, byMethod('devices:read', 'devices:write')],
];

export function accessOf(op: Operation): Access {
  if (/^\w+ \/api\/admin\//.test(op.key)) {
    const roles = STAFF_ROUTES[op.key];
    if (!roles)
      throw new Error(`${op.key}: list its staff roles in STAFF_ROUTES (role-route-matrix.test-support.ts)`);
    return { kind: 'staff', roles };
  }
  const rule = ROUTE_ACCESS.find(([pattern]) => pattern.test(op.key))?.[1] ?? { kind: 'session' };
  return typeof rule === 'function' ? rule(op.method) : rule;
}

/**
 * Path parameters that name one of the victim's objects: route pattern → fixture id (Victim.ids).
 * Any other parameter is filled with a random UUID (or the value in PARAM_VALUES).
 */
const PARAM_IDS: Array<[RegExp, string, string]> = [
  [/^\/api\/me\/sessions\//, 'id', 'sessionId'],
  [/^\/api\/me\/passkeys\//, 'id', 'passkeyId'],
  [/^\/api\/me\/tokens\//, 'id', 'tokenId'],
  [/^\/api\/me\/privacy-requests\//, 'id', 'privacyRequestId'],
  [/^\/api\/privacy\/exports\//, 'id', 'exportId'],
  [/^\/api\/me\/support\/requests\//, 'id', 'supportRequestId'],
  [/^\/api\/me\/support\/requests\//, 'grantId', 'supportGrantId'],
  [/^\/api\/admin\/support\/requests\//, 'userId', 'userId'],
  [/^\/api\/admin\/support\/requests\//, 'id', 'supportRequestId'],
  [/^\/api\/admin\/support\/requests\//, 'deviceId', 'deviceId'],
  [/^\/api\/me\/imports\//, 'id', 'importId'],
  [/^\/api\/devices\//, 'id', 'deviceId'],
  [/^\/api\/health-data\/readings\//, 'id', 'readingId'],
  [/^\/api\/health-data\/sessions\//, 'id', 'healthSessionId'],
  [/^\/api\/household\/inbox\//, 'id', 'inboxId'],
  [/^\/api\/household\/memberships\//, 'ownerId', 'userId'],
  [/^\/api\/household\/members\//, 'userId', 'memberId'],
  [/^\/api\/developer\/apps\//, 'clientId', 'developerAppId'],
  [/^\/api\/connected-apps\//, 'clientId', 'partnerClientId'],
  [/^\/api\/clinics\/[^/]+\/patients\//, 'patientId', 'userId'],
  [/^\/api\/clinics\//, 'clinicId', 'clinicId'],
  [/^\/api\/me\/clinics\//, 'clinicId', 'clinicId'],
  [/^\/fhir\/R4\/Patient\//, 'id', 'fhirPatientId'],
  [/^\/fhir\/R4\/Device\//, 'id', 'fhirDeviceId'],
  [/^\/fhir\/R4\/Observation\//, 'id', 'fhirObservationId'],
];
/** Parameters that are names, not ids: the same for everyone. */
export const PARAM_VALUES: Record<string, string> = {
  kind: 'steps',
  purpose: 'marketing_email',
  document: 'privacy',
  version: '1',
  file: '1.ndjson',
  metric: 'weight_gain', // a clinic's monitored metric (the victim shares weight)
  role: 'security', // a staff role (DELETE /api/admin/staff/:userId/roles/:role)
};

export function victimParam(op: Operation, param: string): string | undefined {
  return PARAM_IDS.find(([pattern, name]) => name === param && pattern.test(op.path))?.[2];
}

/** The URL of an operation: victim ids in its parameters (or random ones), plausible query values. */
export function urlOf(op: Operation, ids: Record<string, string> | null, random: () => string): string {
  let path = op.path;
  for (const param of op.params) {
    const key = victimParam(op, param);
    const value = (ids && key && ids[key]) || PARAM_VALUES[param] || random();
    path = path.replace(`:${param}`, encodeURIComponent(value));
  }
  const query = new URLSearchParams(QUERIES[op.key] ?? (op.method === 'GET' ? QUERIES[op.path] : '') ?? '');
  for (const q of op.query) {
    if (q.required && !query.has(q.name)) query.set(q.name, String(plausible(q.schema)));
  }
  return query.size ? `${path}?${query}` : path;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString();
const range = `from=${day(-7)}&to=${day(1)}`;
/**
 * Query strings that make a read succeed for a caller entitled to it, by operation (or by path: the
 * action of a /wbsapi call, sent with GET or POST).
 */
const QUERIES: Record<string, string> = {
  '/wbsapi/measure': 'action=getmeas',
  '/wbsapi/v2/measure': `action=getactivity&startdateymd=${day(-7).slice(0, 10)}&enddateymd=${day(0).slice(0, 10)}`,
  '/wbsapi/v2/sleep': 'action=getsummary&lastupdate=0',
  '/wbsapi/v2/user': 'action=getdevice',
  '/wbsapi/v2/heart': 'action=list',
  '/wbsapi/notify': 'action=list',
  'GET /api/health-data/readings': `metric=weight&${range}`,
  'GET /api/health-data/sessions': range,
  'GET /api/health-data/timeseries': `metric=heart_rate&${range}`,
  'GET /api/health-data/aggregates': `metric=weight&from=${day(-7).slice(0, 10)}&to=${day(1).slice(0, 10)}`,
  'GET /api/health-data/derived': `kind=bp_category&${range}`,
  'GET /api/health-data/changes': `since=${day(-30)}`,
  // A clinic's records and reports are per calendar month.
  'GET /api/clinics/:clinicId/patients/:patientId/time-log': `month=${day(0).slice(0, 7)}`,
  'GET /api/clinics/:clinicId/report': `month=${day(0).slice(0, 7)}`,
  'GET /api/clinics/:clinicId/report.csv': `month=${day(0).slice(0, 7)}`,
  'GET /api/clinics/:clinicId/patients/:patientId/report': `month=${day(0).slice(0, 7)}`,
  'GET /api/clinics/:clinicId/patients/:patientId/report.csv': `month=${day(0).slice(0, 7)}`,
  'GET /api/admin/support/requests/:userId/:id/readings': `metric=weight&${range}`,
};

/** Headers an operation needs to reach its access check (FHIR Bulk Data kick-off). */
export const HEADERS: Record<string, Record<string, string>> = {
  'GET /fhir/R4/$export': { prefer: 'respond-async' },
  'GET /fhir/R4/Patient/$export': { prefer: 'respond-async' },
  // A well-formed invitation code (of no invitation), so the route reaches its session check.
  'POST /api/clinic-invitations/staff/accept': { 'x-invitation-code': 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' },
  'POST /api/clinic-invitations/patient/accept': { 'x-invitation-code': 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' },
  'POST /api/clinic-invitations/patient/accept-as-guardian': {
    'x-invitation-code': 'ZZZZ-ZZZZ-ZZZZ-ZZZZ',
    'x-guardian-token': '00000000-0000-4000-8000-000000000000.not-a-guardian-link',
  },
};

/** Bodies that pass a route's validation where the plausible body from its schema would not. */
const BODIES: Record<string, unknown> = {
  'PATCH /api/me': { displayName: 'Matrix caller' },
  'POST /api/me/email': { currentPassword: 'not-the-password', newEmail: 'matrix@example.test' },
  'POST /api/me/totp/confirm': { code: '123456' },
  'DELETE /api/me/totp': { currentPassword: 'not-the-password', code: '123456' },
  'POST /api/auth/second-factor/totp': { code: '123456' },
  'POST /api/me/policies/acceptances': { document: 'terms', version: '1' },
  'POST /api/developer/apps': {
    name: 'Matrix app',
    redirectUris: ['https://matrix.example.test/cb'],
    scopes: ['user.info'],
  },
  'PATCH /api/developer/apps/:clientId': { name: 'Matrix app' },
  'POST /api/devices/pair': { serial: 'NO-SUCH-UNIT', claimCode: 'ABC123' },
  'POST /api/device/sync': { items: [] },
  'POST /api/device/activate': { serial: 'NO-SUCH-UNIT', claimCode: 'ABC123' },
  'PUT /api/clinics/:clinicId/patients/:patientId/thresholds/:metric': { preset: 'heart_failure' },
  // A window far ahead (never running while the matrix writes), ending after it starts.
  'POST /api/admin/maintenance': {
    startsAt: '2199-01-01T00:00:00Z',
    endsAt: '2199-01-01T02:00:00Z',
    messageEn: 'Matrix window',
    messageFr: 'Fenêtre de la matrice',
  },
  // The console: an existing version (refused as a duplicate: nothing is published), an app to register.
  'POST /api/admin/policies': {
    document: 'terms',
    version: '1',
    effectiveDate: '2199-01-01',
    summary: 'Matrix version',
    major: false,
    markdown: '# Terms\n\nA version the matrix never publishes.',
  },
  'POST /api/admin/partner-apps': {
    name: 'Matrix app',
    redirectUris: ['https://matrix.example.test/cb'],
    scopes: ['user.info'],
  },
  // A version the catalog has already (refused as a duplicate: nothing is published).
  'POST /api/admin/firmware': {
    model: 'vb-scale-body',
    version: '1.4.2',
    fileUrl: 'https://matrix.example.test/fw.bin',
    sha256: '0'.repeat(64),
  },
  'POST /api/factory/units': {
    units: [
      { serial: 'MATRIX-1', mac: '00:11:22:33:44:55', modelId: 'vb-scale-body', claimCode: 'ABCD1234' },
    ],
  },
};

export function bodyOf(op: Operation): unknown {
  if (op.key in BODIES) return BODIES[op.key];
  // The Withings-style API takes its parameters in the body too: the same action as the query's.
  if (op.method === 'POST' && QUERIES[op.path])
    return Object.fromEntries(new URLSearchParams(QUERIES[op.path]));
  if (op.body) return plausible(op.body);
  return op.method === 'GET' || op.method === 'DELETE' ? undefined : {};
}
