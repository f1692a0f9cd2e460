import { POLICY_ACCEPTANCE_REQUIRED } from '@vitalbase/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Forbidden } from '../../lib/errors';
import { POLICY_RECORDS_OF_SESSION_USER, type PolicyRecord } from './policies.repo';
import type { PoliciesService } from './policies.service';
import { utcDate } from './policy-rules';

declare module '../../lib/auth' {
  interface SessionFacts {
    /** The user's policy records, read with the session (policies.repo.ts POLICY_RECORDS_OF_SESSION_USER). */
    policyRecords: PolicyRecord[];
  }
}

/**
 * Routes a user may still use while a major policy version waits for their acceptance: reading and
 * accepting it (and what the app needs to show it), signing out, and the rights that never depend on
 * agreeing to anything: closing the account, exporting, withdrawing consents, filing a privacy
 * request, seeing who read their data. Everything else under /api is a data route and is held.
 */
const OPEN_PREFIXES = [
  '/api/auth/', // sign in, second factor, sign out (one or all sessions)
  '/api/csrf',
  '/api/policies', // the documents themselves
  '/api/me/policies', // status and acceptance
  '/api/privacy/', // public facts (data region, contact)
  '/api/me/erasure', // account deletion…
  '/api/erasure/', // …and cancelling it
  '/api/me/export', // access and portability
  '/api/me/exports',
  '/api/me/consents', // withdrawing is always possible
  '/api/me/cookie-preferences',
  '/api/me/privacy-requests', // objection, rectification, questions
  '/api/me/access-log',
  '/api/me/sessions', // signing other devices out
  '/api/password-strength',
  '/api/device/', // devices keep syncing (machine credentials): no measurement is lost meanwhile
  '/api/factory/',
];

/** Whether the gate reads the user's records on this route (a session brings them: policySessionFact). */
const gated = (method: string, routeUrl: string | undefined): routeUrl is string =>
  Boolean(routeUrl) && !isOpenDuringPolicyGate(method, routeUrl!);

/**
 * The user's records read with the session on the gated routes (accounts' session facts, issue 17):
 * plugged into accounts in features/index.ts.
 */
export const policySessionFact = { expression: POLICY_RECORDS_OF_SESSION_USER, wanted: gated };

function isOpenDuringPolicyGate(method: string, routeUrl: string): boolean {
  if (!routeUrl.startsWith('/api/')) return true;
  // Who is signed in, to show the acceptance page in their language.
  if (routeUrl === '/api/me' && method === 'GET') return true;
  return OPEN_PREFIXES.some((p) =>
    p.endsWith('/') ? routeUrl.startsWith(p) : routeUrl === p || routeUrl.startsWith(`${p}/`),
  );
}

/**
 * After a major version's effective date, a signed-in account that has not accepted it gets
 * 403 policy_acceptance_required on every data route (details: what to accept), until it does.
 */
export function registerPolicyGate(app: FastifyInstance, policies: PoliciesService) {
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const auth = req.auth;
    if (!auth || !gated(req.method, req.routeOptions.url)) return;
    // A browser's session brought the records in its own statement; a token's request reads them here.
    const records = auth.via === 'session' ? auth.facts?.policyRecords : undefined;
    const pending = await policies.pendingFor(auth.userId, records);
    if (!pending.length) return;
    throw new Forbidden(
      'A new version of our terms or privacy policy is in force: read and accept it to go on.',
      POLICY_ACCEPTANCE_REQUIRED,
      {
        pending: pending.map((v) => ({
          document: v.document,
          version: v.version,
          effectiveDate: utcDate(v.effectiveAt),
        })),
      },
    );
  });
}
