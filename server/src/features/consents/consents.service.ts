import {
  type ConsentChange,
  type ConsentPurpose,
  type CookiePreferences,
  consentPurposes,
  consentWordings,
} from '@vitalbase/core';
import { Conflict, Invalid } from '../../lib/errors';
import type { AppContext } from '../../lib/context';
import { createPoliciesService } from '../policies';
import { createConsentsRepo } from './consents.repo';
import type { consentMethods } from './consents.schema';

export type ConsentMethod = (typeof consentMethods)[number];

export interface ConsentState {
  purpose: ConsentPurpose;
  granted: boolean;
  /** The wording the app shows now; a choice must name it. */
  wordingVersion: number;
  title: string;
  text: string;
  /** The wording version the current choice was made on (null: never chosen). */
  chosenWordingVersion: number | null;
  changedAt: string | null;
}

/** Consents (P12, P13): one per purpose, off by default, given and withdrawn by the user only. */
export function createConsentsService(ctx: Pick<AppContext, 'database' | 'now'>) {
  const repo = createConsentsRepo(ctx.database.db);
  const policies = createPoliciesService(ctx);

  async function list(userId: string): Promise<ConsentState[]> {
    const rows = new Map((await repo.list(userId)).map((r) => [r.purpose, r]));
    return consentPurposes.map((purpose) => {
      const row = rows.get(purpose);
      const wording = consentWordings[purpose];
      return {
        purpose,
        granted: row?.granted ?? false,
        wordingVersion: wording.version,
        title: wording.title,
        text: wording.text,
        chosenWordingVersion: row?.wordingVersion ?? null,
        changedAt: row?.updatedAt.toISOString() ?? null,
      };
    });
  }

  async function change(userId: string, purpose: ConsentPurpose, body: ConsentChange, method: ConsentMethod) {
    const wording = consentWordings[purpose];
    if (body.wordingVersion !== wording.version) {
      // The user saw another text than the one in force: their choice cannot be recorded against it.
      throw new Conflict('The wording of this consent has changed: reload and read it again.', 'conflict', {
        wordingVersion: wording.version,
      });
    }
    if (body.form && purpose !== 'research') throw new Invalid('form: only the research consent has a form.');
    if (body.form && !body.granted) throw new Invalid('form: only giving consent takes a form.');
    if (purpose === 'research' && body.granted && !body.form) {
      throw new Invalid('form: research consent is given through its short form.');
    }
    const now = ctx.now();
    // The record names the privacy policy version in force when the choice was made.
    const policyVersion = await policies.versionInForce('privacy');
    await ctx.database.db.transaction(async (tx) => {
      const current = await repo.find(userId, purpose, tx);
      const unchanged =
        (current?.granted ?? false) === body.granted &&
        (!body.granted || current?.wordingVersion === body.wordingVersion);
      if (unchanged) return; // withdrawing twice or re-giving the same wording changes nothing
      await repo.upsert(
        {
          userId,
          purpose,
          granted: body.granted,
          wordingVersion: body.wordingVersion,
          policyVersion,
          updatedAt: now,
        },
        tx,
      );
      await repo.appendHistory(
        {
          userId,
          at: now,
          purpose,
          granted: body.granted,
          wordingVersion: body.wordingVersion,
          policyVersion,
          method,
          form: body.form ?? null,
        },
        tx,
      );
    });
    const state = (await list(userId)).find((s) => s.purpose === purpose);
    return state!;
  }

  async function history(userId: string) {
    const rows = await repo.history(userId, 500);
    return rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      purpose: r.purpose,
      granted: r.granted,
      wordingVersion: r.wordingVersion,
      policyVersion: r.policyVersion,
      method: r.method,
      form: r.form,
    }));
  }

  async function cookiePreferences(
    userId: string,
  ): Promise<(CookiePreferences & { updatedAt: string }) | null> {
    const row = await repo.findCookiePreferences(userId);
    if (!row) return null;
    return {
      analytical: row.analytical,
      social_media: row.socialMedia,
      marketing: row.marketing,
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  async function saveCookiePreferences(userId: string, prefs: CookiePreferences) {
    await repo.saveCookiePreferences({
      userId,
      analytical: prefs.analytical,
      socialMedia: prefs.social_media,
      marketing: prefs.marketing,
      updatedAt: ctx.now(),
    });
    return (await cookiePreferences(userId))!;
  }

  return {
    list,
    change,
    history,
    cookiePreferences,
    saveCookiePreferences,
    policyVersion: () => policies.versionInForce('privacy'),
  };
}
