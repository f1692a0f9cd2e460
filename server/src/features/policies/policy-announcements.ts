import { mailLanguage } from '../../lib/mail-language';
import type { Mailer } from '../mail';
import { createPoliciesRepo } from './policies.repo';
import { type PoliciesDeps, createPoliciesService, summaryIn } from './policies.service';
import { upcoming, utcDate } from './policy-rules';
import { policyMailsIn } from './policy-mails';

export interface AnnounceDeps extends PoliciesDeps {
  mailer: Mailer;
  config: { publicUrl: string };
}

/**
 * Mails every active account about each announced major version (P16: a large change is announced 30
 * days ahead). Like a security alert it goes to everyone, whatever their marketing consents: it is
 * about the contract, not an offer. Batched by user id, each user in a transaction that records the
 * mailing first (ON CONFLICT: another run got there, nothing is sent) so a restart resumes and nobody
 * is mailed twice; a failed send rolls the record back and the next run retries that user.
 */
export async function announceMajorVersions(deps: AnnounceDeps, opts: { batchSize?: number } = {}) {
  const batchSize = opts.batchSize ?? 200;
  const db = deps.database.db;
  const repo = createPoliciesRepo(db);
  const all = await createPoliciesService(deps).catalog();
  const now = deps.now();
  let mailed = 0;
  for (const document of ['privacy', 'terms'] as const) {
    for (const version of upcoming(all, document, now).filter((v) => v.major)) {
      for (;;) {
        const batch = await repo.unannouncedActiveUsers(document, version.version, batchSize);
        for (const user of batch) {
          await db.transaction(async (tx) => {
            const first = await repo.markAnnounced(
              { userId: user.id, document, version: version.version, mailedAt: deps.now() },
              tx,
            );
            if (!first) return;
            const summary = summaryIn(version, mailLanguage(user.locale));
            const mail = policyMailsIn(user.locale).announcement({
              displayName: user.displayName,
              document,
              effectiveDate: utcDate(version.effectiveAt),
              summary: summary.text,
              englishOnly: summary.locale !== mailLanguage(user.locale),
              url: `${deps.config.publicUrl}/policies/${document}/${version.version}`,
            });
            await deps.mailer.send({ userId: user.id, to: user.email, kind: 'policy-change', ...mail });
            mailed += 1;
          });
        }
        if (batch.length < batchSize) break;
      }
    }
  }
  return { mailed };
}
