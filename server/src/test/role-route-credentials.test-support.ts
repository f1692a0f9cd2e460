import { type StaffRole, staffMay, staffRoleNames } from '@vitalbase/core';
import type { LightMyRequestResponse } from 'fastify';
import type { Victim } from './role-route-fixture.test-support';
import { type Access, type Operation, PARAM_VALUES, victimParam } from './role-route-matrix.test-support';

/**
 * The credential types of the role × route matrix and what each must get. An expectation is a string:
 * `'2xx'`; `'passes'` (the access check let it through: anything but 401, 403 or 5xx); `'any'` (anything
 * but 5xx: public routes, whose answer depends on the input alone); or a status with an optional error
 * code, `'403 insufficient_scope'`. `null`: the cell is not run (it would repeat another one).
 */
export type Expected = '2xx' | 'passes' | 'any' | `${number}` | `${number} ${string}`;

/** How a credential is presented: the session cookie (a browser, with or without its CSRF token) or a bearer. */
export type Presented = { cookie?: string; csrf: boolean } | { bearer: string };

export interface CredentialType {
  name: string;
  /** Held by someone other than the victim: every answer must be free of the victim's data. */
  foreign: boolean;
  /**
   * How the credential is sent; `fresh(userId)` makes a new session (for sign-out routes) that passed
   * the account's second factor, unless `{ secondFactor: false }` (signed in with the password alone).
   */
  present(
    v: Victim,
    access: Access,
    fresh: (userId: string, opts?: { secondFactor?: boolean }) => Promise<string>,
  ): Presented | Promise<Presented>;
  expect(op: Operation, access: Access): Expected | null;
}

const cookieOf = (client: { getCookie(name: string): string | undefined }) => client.getCookie('vb_session');

const isRead = (op: Operation) => op.method === 'GET';
const takesVictimIds = (op: Operation) => op.params.some((p) => victimParam(op, p));
/** A parameter that names nothing of the victim's is filled with a random id: no such object. */
const takesRandomIds = (op: Operation) => op.params.some((p) => !victimParam(op, p) && !PARAM_VALUES[p]);
/**
 * What a caller entitled to the operation gets: a read of the victim's objects answers; a write (on
 * random ids, so the fixture survives) or a read of an unknown object passes the access check.
 */
const entitled = (op: Operation): Expected => (isRead(op) && !takesRandomIds(op) ? '2xx' : 'passes');
/** The machine APIs take no cookie; every other cookie-authenticated write under /api needs CSRF. */
const needsCsrf = (op: Operation) =>
  op.path.startsWith('/api/') && !/^\/api\/(device|factory)\//.test(op.path) && !isRead(op);

/** Whatever a credential that is not the route's kind gets: public answers, the rest is 401. */
function elsewhere(access: Access): Expected {
  return access.kind === 'public' ? 'any' : '401';
}

/**
 * Clinic routes: only a session of an account with a second factor passes the gate. Staff of no
 * clinic named (the victim, a patient of the victim's clinic; staff of another clinic; a clinician
 * removed from it) get 404 for the victim's clinic and patient and for random ids; their own list answers.
 */
function clinic(op: Operation, hasSecondFactor: boolean): Expected {
  if (!hasSecondFactor) return '403 clinic_second_factor_required';
  return takesRandomIds(op) || takesVictimIds(op) ? '404' : '2xx';
}

/**
 * The operator's console (issue #16): anyone signed in fully but without a staff role that opens the
 * route gets 403 staff_role_required (the victim included: a second factor, no role).
 */
const NO_STAFF_ROLE: Expected = '403 staff_role_required';
/** A factor enrolled, not passed in this session (second-factor/session-factor.ts). */
const STEP_UP: Expected = '403 second_factor_step_up_required';

/** A staff member holding `held` (and a second factor): their roles' routes answer, others are 403. */
function staff(op: Operation, access: Access, held: readonly StaffRole[]): Expected | null {
  if (access.kind !== 'staff') return null; // elsewhere an ordinary account: "other user's session" covers it
  return access.roles.length === 0 || staffMay(held, access.roles) ? entitled(op) : NO_STAFF_ROLE;
}

/** Clinic staff elsewhere: 404 on every clinic route naming the victim's clinic; their own account works. */
function clinicStaffElsewhere(op: Operation, access: Access): Expected {
  return access.kind === 'clinic' ? clinic(op, true) : foreignSession(op, access);
}

/** A browser session of someone other than the victim: their own account works, the victim's ids are 404. */
function foreignSession(op: Operation, access: Access): Expected {
  // The other user and the household member have no second factor.
  if (access.kind === 'clinic') return clinic(op, false);
  if (access.kind === 'session' || access.kind === 'scoped') {
    if (takesVictimIds(op)) return '404';
    return isRead(op) && !takesRandomIds(op) ? '2xx' : 'any';
  }
  if (access.kind === 'second-step') return '409 already_signed_in';
  if (access.kind === 'staff') return NO_STAFF_ROLE;
  return elsewhere(access);
}

/** Someone else's credential of a kind: the same rule on their own data, 404 on the victim's ids. */
function onVictimIds(rule: (op: Operation, access: Access) => Expected) {
  return (op: Operation, access: Access): Expected => {
    const expected = rule(op, access);
    return (expected === '2xx' || expected === 'passes') && takesVictimIds(op) ? '404' : expected;
  };
}

function token(op: Operation, access: Access, hasScope: boolean): Expected {
  if (['session', 'second-step', 'clinic', 'staff'].includes(access.kind)) return '403 session_required';
  if (access.kind === 'scoped') return hasScope ? entitled(op) : '403 insufficient_scope';
  return elsewhere(access);
}

function partner(op: Operation, access: Access, hasScope: boolean): Expected {
  if (access.kind !== 'partner') return elsewhere(access);
  // The clinic's Group: a user's app token, with or without a scope, is refused (it has no system scope).
  if (access.api === 'fhir-system') return '403';
  if (hasScope) return entitled(op);
  // The Withings-style API answers a missing scope as an invalid token (its status 401), FHIR with 403.
  return access.api === 'wbsapi' ? '401' : '403';
}

/** Add a credential type here: how it is presented and what it must get. */
export const CREDENTIALS: CredentialType[] = [
  {
    name: 'anonymous',
    foreign: true,
    present: () => ({ csrf: true }),
    expect: (_op, access) => elsewhere(access),
  },
  {
    name: 'session',
    foreign: false,
    present: (v) => ({ cookie: cookieOf(v.user.client), csrf: true }),
    expect: (op, access) => {
      if (access.kind === 'session' || access.kind === 'scoped') return entitled(op);
      if (access.kind === 'clinic') return clinic(op, true);
      if (access.kind === 'second-step') return '409 already_signed_in';
      if (access.kind === 'staff') return NO_STAFF_ROLE;
      return elsewhere(access);
    },
  },
  {
    name: 'session without CSRF',
    foreign: false,
    present: (v) => ({ cookie: cookieOf(v.user.client), csrf: false }),
    // A read is the same request as the session's: only writes are sent.
    expect: (op, access) => (isRead(op) ? null : needsCsrf(op) ? '403 csrf_invalid' : elsewhere(access)),
  },
  {
    name: 'second-factor stage',
    foreign: false,
    present: (v) => ({ cookie: cookieOf(v.secondFactorStage), csrf: true }),
    expect: (_op, access) => {
      if (['session', 'scoped', 'clinic', 'staff'].includes(access.kind)) return '401 second_factor_required';
      if (access.kind === 'second-step') return 'passes';
      return elsewhere(access);
    },
  },
  {
    name: 'PAT with scope',
    foreign: false,
    present: (v) => ({ bearer: v.pat }),
    expect: (op, access) => token(op, access, true),
  },
  {
    name: 'PAT without scope',
    foreign: false,
    present: (v, access) => ({
      bearer: v.patWithout[access.kind === 'scoped' ? access.scope : 'export'] ?? '',
    }),
    expect: (op, access) => token(op, access, false),
  },
  {
    name: 'device credential',
    foreign: false,
    present: (v) => ({ bearer: v.deviceCredential }),
    expect: (_op, access) => (access.kind === 'device' ? 'passes' : elsewhere(access)),
  },
  {
    name: 'partner with scope',
    foreign: false,
    present: (v) => ({ bearer: v.partner }),
    expect: (op, access) => partner(op, access, true),
  },
  {
    name: 'partner without scope',
    foreign: false,
    present: (v) => ({ bearer: v.partnerNoScope }),
    expect: (op, access) => partner(op, access, false),
  },
  {
    name: "other user's PAT",
    foreign: true,
    present: (v) => ({ bearer: v.otherPat }),
    expect: onVictimIds((op, access) => token(op, access, true)),
  },
  {
    name: "other user's partner",
    foreign: true,
    present: (v) => ({ bearer: v.otherPartner }),
    expect: onVictimIds((op, access) => partner(op, access, true)),
  },
  {
    name: "other user's session",
    foreign: true,
    present: async (v, _access, fresh) => ({ cookie: await fresh(v.other.user.id), csrf: true }),
    expect: foreignSession,
  },
  {
    name: 'household member',
    foreign: true,
    present: async (v, _access, fresh) => ({ cookie: await fresh(v.member.user.id), csrf: true }),
    expect: foreignSession,
  },
  {
    name: 'other clinic staff',
    foreign: true,
    present: async (v, _access, fresh) => ({ cookie: await fresh(v.otherClinicStaff.user.id), csrf: true }),
    expect: clinicStaffElsewhere,
  },
  {
    name: 'removed clinic staff',
    foreign: true,
    present: async (v, _access, fresh) => ({ cookie: await fresh(v.removedClinicStaff.user.id), csrf: true }),
    expect: clinicStaffElsewhere,
  },
  // The operator's staff (issue #16), on the console's routes: each role, a revoked one, no second factor.
  ...staffRoleNames.map(
    (role): CredentialType => ({
      name: `staff ${role}`,
      foreign: true,
      present: async (v, _access, fresh) => ({ cookie: await fresh(v.staff[role].user.id), csrf: true }),
      expect: (op, access) => staff(op, access, [role]),
    }),
  ),
  {
    name: 'revoked staff',
    foreign: true,
    present: async (v, _access, fresh) => ({ cookie: await fresh(v.revokedStaff.user.id), csrf: true }),
    expect: (_op, access) => (access.kind === 'staff' ? NO_STAFF_ROLE : null),
  },
  {
    name: 'staff without second factor',
    foreign: true,
    present: async (v, _access, fresh) => ({
      cookie: await fresh(v.staffWithoutSecondFactor.user.id),
      csrf: true,
    }),
    expect: (_op, access) => (access.kind === 'staff' ? '403 staff_second_factor_required' : null),
  },
  // A factor enrolled, but this session signed in with the password alone (e.g. opened before the
  // factor was set up in another browser): staff and clinic pages ask for it in this session first.
  {
    name: 'staff, factor not passed here',
    foreign: true,
    present: async (v, _access, fresh) => ({
      cookie: await fresh(v.staff.operator_admin.user.id, { secondFactor: false }),
      csrf: true,
    }),
    expect: (_op, access) => (access.kind === 'staff' ? STEP_UP : null),
  },
  {
    name: 'clinic admin, factor not passed here',
    foreign: true,
    present: async (v, _access, fresh) => ({
      cookie: await fresh(v.victimClinicAdmin.user.id, { secondFactor: false }),
      csrf: true,
    }),
    expect: (_op, access) => (access.kind === 'clinic' ? STEP_UP : null),
  },
];

/**
 * The operations that answer a credential otherwise than its rule says, each with its reason:
 * "credential|METHOD /path" → expectation. Keep it short: a long list means a rule is wrong.
 */
const EXCEPTIONS: Record<string, { expect: Expected; why: string }> = {
  ...supportReadsOfAClosedRequest(),
  'household member|POST /api/household/memberships/:ownerId/accept': {
    expect: 'passes',
    why: 'an invited member accepts the invitation of the household it names',
  },
  'household member|DELETE /api/household/memberships/:ownerId': {
    expect: 'passes',
    why: 'a member may leave the household',
  },
  'household member|POST /api/household/inbox/:id/claim': {
    expect: 'passes',
    why: "a member claims the shared scale's weigh-in as theirs",
  },
  'household member|DELETE /api/household/inbox/:id': {
    expect: 'passes',
    why: "a member discards a weigh-in of the household's inbox",
  },
  'partner without scope|GET /wbsapi/notify': {
    expect: '2xx',
    why: "lists the app's own subscriptions, of the applis its scopes grant (none)",
  },
  'partner without scope|POST /wbsapi/notify': {
    expect: '2xx',
    why: "lists the app's own subscriptions, of the applis its scopes grant (none)",
  },
  'partner with scope|GET /fhir/R4/$export': {
    expect: 'passes',
    why: 'one export per patient at a time: after Patient/$export the next kick-off is 429',
  },
  "other user's partner|GET /fhir/R4/$export": {
    expect: 'passes',
    why: 'one export per patient at a time: after Patient/$export the next kick-off is 429',
  },
  'partner without scope|GET /fhir/R4/bulk-status/:id': {
    expect: '404',
    why: "a Bulk Data job is the app's own: an unknown one is 404 whatever the token's scopes",
  },
  'partner without scope|GET /fhir/R4/bulk-files/:id/:file': {
    expect: '404',
    why: "a Bulk Data job is the app's own: an unknown one is 404 whatever the token's scopes",
  },
  'partner without scope|DELETE /fhir/R4/bulk-status/:id': {
    expect: '404',
    why: "a Bulk Data job is the app's own: an unknown one is 404 whatever the token's scopes",
  },
};

/**
 * Support's reads of the victim's request: the fixture's request is closed (so no cell writes to the
 * victim's access log), and a closed request opens nothing, to every role that may use the route.
 */
function supportReadsOfAClosedRequest(): Record<string, { expect: Expected; why: string }> {
  const reads = ['', '/readings', '/devices/:deviceId/diagnostics'].map(
    (tail) => `GET /api/admin/support/requests/:userId/:id${tail}`,
  );
  const roles = staffRoleNames.filter((role) => staffMay([role], ['support']));
  return Object.fromEntries(
    roles.flatMap((role) =>
      reads.map((op) => [
        `staff ${role}|${op}`,
        {
          expect: '409 support_request_closed',
          why: 'the victim closed the request: support sees no more of it',
        },
      ]),
    ),
  );
}

/** Operations whose answer may show the victim's data to a foreign credential, and why. */
export const SHARED_VIEWS: Record<string, string> = {
  'household member|GET /api/household': "a member sees the household's name and its owner's name",
  'household member|GET /api/household/inbox': "a member sees the shared scale's unattributed weigh-ins",
  'household member|PUT /api/household': 'answers the same view as GET /api/household',
  'household member|GET /api/devices':
    "a member sees the household's shared scale (not the owner's other devices, Wi-Fi or credential date: household-members.int.test.ts)",
  // The operator's console (docs/operators.md): queues and catalogs that list every account's entries.
  'staff operator_admin|GET /api/admin/privacy-requests':
    "the privacy request queue lists every open request's id, kind and dates (no content, no account)",
  'staff privacy_officer|GET /api/admin/privacy-requests':
    "the privacy request queue lists every open request's id, kind and dates (no content, no account)",
  'staff operator_admin|GET /api/admin/partner-apps':
    "the catalog of partner apps lists every app, a developer's included (name and client id, not its owner)",
};

export function expectationFor(credential: CredentialType, op: Operation, access: Access): Expected | null {
  return EXCEPTIONS[`${credential.name}|${op.key}`]?.expect ?? credential.expect(op, access);
}

/** The status and error code of an answer; the Withings-style API's status is in its body. */
export function answerOf(res: LightMyRequestResponse, op: Operation): { status: number; code?: string } {
  let body: { status?: unknown; error?: { code?: unknown } } | undefined;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  if (op.path.startsWith('/wbsapi/') && res.statusCode === 200 && typeof body?.status === 'number') {
    const status = WBSAPI_STATUS[body.status] ?? 400;
    return { status };
  }
  const code = typeof body?.error?.code === 'string' ? body.error.code : undefined;
  return { status: res.statusCode, code };
}
const WBSAPI_STATUS: Record<number, number> = { 0: 200, 401: 401, 2553: 403, 294: 404, 601: 429, 2555: 500 };

export function meets(answer: { status: number; code?: string }, expected: Expected): boolean {
  const { status, code } = answer;
  if (expected === 'any') return status < 500;
  if (expected === '2xx') return status >= 200 && status < 300;
  if (expected === 'passes') return status < 500 && status !== 401 && status !== 403;
  const [wantStatus, wantCode] = expected.split(' ');
  return String(status) === wantStatus && (!wantCode || code === wantCode);
}
