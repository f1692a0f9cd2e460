import {
  type PolicyAcceptBody,
  type PolicyDocument,
  type PolicyPublishInput,
  policyDocuments,
  POLICY_VERSION_CHANGED,
  policyPublishInput,
  type SignUpPolicies,
} from '@vitalbase/core';
import type { Database, DbTransaction, Executor } from '../../db/client';
import { Conflict, Invalid, NotFound } from '../../lib/errors';
import { mailLanguage } from '../../lib/mail-language';
import { fillOperatorFacts, type OperatorConfig, type PolicyLocale } from './operator-facts';
import { createPoliciesRepo, type PolicyRecord, type PolicyVersionRow } from './policies.repo';
import { diffPolicies, renderPolicyMarkdown } from './policy-render';
import {
  checkPublishable,
  inForce,
  mayAccept,
  OWED,
  owedRecordVersion,
  pendingAcceptance,
  startOfUtcDay,
  upcoming,
  utcDate,
  versionsOf,
} from './policy-rules';
import { seedFirstPolicyVersions, seedSummaryTranslation, seedTranslation } from './policy-seed';

export interface PoliciesDeps {
  database: Pick<Database, 'db'>;
  now: () => Date;
  /** The operator's facts shown in the texts (placeholders without them: the CLI's listing). */
  config?: OperatorConfig;
}

/**
 * The catalog is read on every signed-in request (the acceptance gate) and changes a few times a year:
 * it is kept in memory per database for a few seconds, and dropped at once when this process publishes.
 * Another process's publication (the CLI) shows within CACHE_MS, long before it can take effect.
 */
const CACHE_MS = 10_000;
const catalogCache = new WeakMap<object, { loadedAt: number; rows: Promise<PolicyVersionRow[]> }>();

function forgetPolicyCatalog(db: object) {
  catalogCache.delete(db);
}

/** A version's summary in the reader's language when it has one (the operator's, or version 1's), else English. */
export function summaryIn(v: PolicyVersionRow, locale: PolicyLocale): { text: string; locale: PolicyLocale } {
  const french =
    locale === 'fr' ? (v.summaryFr ?? seedSummaryTranslation(v.document, v.summary, locale)) : null;
  return french ? { text: french, locale: 'fr' } : { text: v.summary, locale: 'en' };
}

const summary = (v: PolicyVersionRow, locale: PolicyLocale = 'en') => {
  const s = summaryIn(v, locale);
  return {
    document: v.document,
    version: v.version,
    effectiveDate: utcDate(v.effectiveAt),
    publishedAt: v.publishedAt.toISOString(),
    major: v.major,
    summary: s.text,
    summaryLocale: s.locale,
  };
};

/** Policy versions (P16): publish, read, accept, and what each user still has to accept. */
export function createPoliciesService(deps: PoliciesDeps) {
  const db = deps.database.db;
  const repo = createPoliciesRepo(db);

  function catalog(): Promise<PolicyVersionRow[]> {
    const cached = catalogCache.get(db);
    if (cached && Date.now() - cached.loadedAt < CACHE_MS) return cached.rows;
    const rows = repo.allVersions();
    catalogCache.set(db, { loadedAt: Date.now(), rows });
    rows.catch(() => catalogCache.delete(db));
    return rows;
  }

  async function seed() {
    const added = await seedFirstPolicyVersions(db, deps.now());
    if (added) forgetPolicyCatalog(db);
    return added;
  }

  async function find(document: PolicyDocument, version: string) {
    const all = await catalog();
    const found = all.find((v) => v.document === document && v.version === version);
    if (!found) throw new NotFound('Policy version');
    return { all, found };
  }

  /** Every version of both documents, with which one is in force now. */
  async function list(locale: PolicyLocale = 'en') {
    const all = await catalog();
    const now = deps.now();
    return policyDocuments.map((document) => ({
      document,
      inForce: inForce(all, document, now)?.version ?? null,
      versions: versionsOf(all, document)
        .map((v) => summary(v, locale))
        .reverse(),
    }));
  }

  /**
   * A version's text as shown: in the language asked when the operator published it in that language
   * (or it is version 1, Vitalbase's own bilingual text), the operator's facts filled in.
   */
  function shown(v: PolicyVersionRow, locale: PolicyLocale) {
    const translated =
      (locale === 'fr' ? v.markdownFr : null) ?? seedTranslation(v.document, v.markdown, locale);
    const language: PolicyLocale = translated ? locale : 'en';
    return { markdown: fillOperatorFacts(translated ?? v.markdown, deps.config ?? {}, language), language };
  }

  /** One version: its text as sanitised HTML and Markdown, and what changed from the one before. */
  async function show(document: PolicyDocument, version: string, locale: PolicyLocale = 'en') {
    const { all, found } = await find(document, version);
    return detail(all, found, locale);
  }

  /** The version in force of a document (the public /privacy-policy and /terms pages). */
  async function showInForce(document: PolicyDocument, locale: PolicyLocale) {
    const all = await catalog();
    const current = inForce(all, document, deps.now());
    if (!current) throw new NotFound('Policy version');
    return detail(all, current, locale);
  }

  function detail(all: PolicyVersionRow[], found: PolicyVersionRow, locale: PolicyLocale) {
    const ordered = versionsOf(all, found.document);
    const previous = ordered[ordered.indexOf(found) - 1];
    const text = shown(found, locale);
    return {
      ...summary(found, text.language),
      inForce: inForce(all, found.document, deps.now())?.version === found.version,
      locale: text.language,
      markdown: text.markdown,
      html: renderPolicyMarkdown(text.markdown),
      previousVersion: previous?.version ?? null,
      diff: previous ? changes(previous, found, text.language) : null,
    };
  }

  /** What changed, in the language shown when both versions have it, else in English. */
  function changes(previous: PolicyVersionRow, found: PolicyVersionRow, language: PolicyLocale) {
    const [before, after] = [shown(previous, language), shown(found, language)];
    if (before.language === after.language) return diffPolicies(before.markdown, after.markdown);
    return diffPolicies(shown(previous, 'en').markdown, shown(found, 'en').markdown);
  }

  /**
   * The versions this user must accept before going on (empty: nothing owed). `records`: the user's
   * records read already (with the session, policy-gate.ts); read here when not given.
   */
  async function pendingFor(userId: string, records?: readonly PolicyRecord[]): Promise<PolicyVersionRow[]> {
    const all = await catalog();
    const now = deps.now();
    // The user's records are read on each request: an account the operator made owes the versions in
    // force even when no major version took effect (policy-rules.ts `OWED`).
    const accepted = records ?? (await repo.acceptances(userId));
    if (!accepted.some((a) => a.method === OWED) && !all.some((v) => v.major && v.effectiveAt <= now))
      return [];
    return policyDocuments
      .map((d) => pendingAcceptance(all, d, now, accepted))
      .filter((v): v is PolicyVersionRow => Boolean(v));
  }

  /**
   * Per document: the version in force, the announced ones, what is owed and what was accepted; the
   * summaries in the reader's language when the version has it.
   */
  async function status(userId: string, locale: PolicyLocale = 'en') {
    const all = await catalog();
    const now = deps.now();
    const [pending, records] = await Promise.all([pendingFor(userId), repo.acceptances(userId)]);
    const accepted = records.filter((a) => a.method !== OWED);
    return policyDocuments.map((document) => {
      const current = inForce(all, document, now);
      const mine = accepted.filter((a) => a.document === document);
      const owed = pending.find((p) => p.document === document);
      return {
        document,
        inForce: current ? summary(current, locale) : null,
        upcoming: upcoming(all, document, now).map((v) => ({
          ...summary(v, locale),
          accepted: mine.some((a) => a.version === v.version),
        })),
        acceptanceRequired: owed ? summary(owed, locale) : null,
        lastAccepted: mine.at(-1)
          ? { version: mine.at(-1)!.version, acceptedAt: mine.at(-1)!.acceptedAt.toISOString() }
          : null,
      };
    });
  }

  async function acceptances(userId: string) {
    const out = [];
    for (const a of await repo.acceptances(userId)) {
      if (a.method === OWED) continue; // owed, not accepted
      out.push({
        document: a.document,
        version: a.version,
        acceptedAt: a.acceptedAt.toISOString(),
        method: a.method,
      });
    }
    return out;
  }

  async function accept(
    userId: string,
    body: PolicyAcceptBody,
    method: 'web' | 'api',
    locale: PolicyLocale = 'en',
  ) {
    const { all, found } = await find(body.document, body.version);
    if (!mayAccept(all, found, deps.now())) {
      throw new Conflict('This version is no longer in force: read and accept the current one.', 'conflict', {
        inForce: inForce(all, body.document, deps.now())?.version,
      });
    }
    await repo.accept({
      userId,
      document: found.document,
      version: found.version,
      acceptedAt: deps.now(),
      method,
    });
    return status(userId, locale);
  }

  /**
   * A sign-up names the versions its form showed: each must be the one in force now, or the person
   * accepted a text that is no longer the contract (409, with the versions in force to show instead).
   * Checked before anything else, so the answer does not depend on whether the address has an account.
   */
  async function checkSignUpVersions(accepted: SignUpPolicies): Promise<void> {
    const all = await catalog();
    const now = deps.now();
    const current = Object.fromEntries(policyDocuments.map((d) => [d, inForce(all, d, now)?.version]));
    const stale = policyDocuments.filter((d) => accepted[d] !== current[d]);
    if (stale.length) {
      throw new Conflict(
        'The terms or the privacy policy changed while you were signing up: read the current versions and accept them.',
        POLICY_VERSION_CHANGED,
        { inForce: current, stale },
      );
    }
  }

  /** Records a new account's acceptance of the versions in force, in the sign-up's transaction. */
  async function recordSignUpAcceptance(tx: DbTransaction, userId: string, accepted: SignUpPolicies) {
    for (const document of policyDocuments) {
      await repo.accept(
        { userId, document, version: accepted[document], acceptedAt: deps.now(), method: 'signup' },
        tx,
      );
    }
  }

  /**
   * An account the operator creates (`vitalbase user create`) accepted nothing: the person was not
   * there. It records the versions in force as owed, so the gate asks the person to accept them at
   * their first sign-in (policy-rules.ts `OWED`); nobody accepts on their behalf.
   */
  async function owedAtCreation() {
    // Seeded and read before the account's transaction (the embedded database has one connection).
    await seed();
    const all = await catalog();
    const now = deps.now();
    const owed = policyDocuments.flatMap((document) => {
      const current = inForce(all, document, now);
      return current ? [{ document, version: owedRecordVersion(current.version) }] : [];
    });
    return async (tx: Executor, userId: string) => {
      for (const v of owed) await repo.accept({ userId, ...v, acceptedAt: now, method: OWED }, tx);
    };
  }

  /** The language a user reads the policies in: their account's (French or English). */
  async function readerLocale(userId: string): Promise<PolicyLocale> {
    return mailLanguage(await repo.localeOf(userId));
  }

  /** The operator publishes a version (`vitalbase policy publish`). */
  async function publish(input: PolicyPublishInput) {
    const parsed = policyPublishInput.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Invalid(`${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`);
    }
    const v = parsed.data;
    await seed();
    forgetPolicyCatalog(db);
    const now = deps.now();
    checkPublishable(await catalog(), v, now);
    const inserted = await repo.insertVersion({
      document: v.document,
      version: v.version,
      effectiveAt: startOfUtcDay(v.effectiveDate),
      publishedAt: now,
      major: v.major,
      summary: v.summary,
      markdown: v.markdown,
      summaryFr: v.summaryFr ?? null,
      markdownFr: v.markdownFr ?? null,
    });
    forgetPolicyCatalog(db);
    if (!inserted) throw new Conflict(`Version ${v.version} of the ${v.document} document exists already.`);
    const { found } = await find(v.document, v.version);
    return summary(found);
  }

  /** The version of a document in force now (consent records carry the privacy policy's). */
  async function versionInForce(document: PolicyDocument): Promise<string> {
    let current = inForce(await catalog(), document, deps.now());
    // A database no server has started on yet (a CLI run) may not have version 1: add it now.
    if (!current && (await seed())) current = inForce(await catalog(), document, deps.now());
    if (!current) throw new Error(`no version of the ${document} document is in force`);
    return current.version;
  }

  return {
    catalog,
    seed,
    list,
    show,
    showInForce,
    status,
    acceptances,
    accept,
    pendingFor,
    checkSignUpVersions,
    recordSignUpAcceptance,
    owedAtCreation,
    publish,
    readerLocale,
    versionInForce,
  };
}

export type PoliciesService = ReturnType<typeof createPoliciesService>;
