import { defineJob } from '../../jobs/job';
import { ACCOUNT_MAIL_JOB, type AccountMailJobData, sendAccountMail } from './account-mail';
import { purgeExpiredParentalConsents } from './parental-consent.service';

/** The mails anonymous requests ask for (reset link, verification link, sign-up on a taken address). */
export const accountMailJob = defineJob<AccountMailJobData>({
  name: ACCOUNT_MAIL_JOB,
  run: (ctx, data) => sendAccountMail(ctx, data),
});

export const purgeExpiredParentalConsentsJob = defineJob({
  name: 'accounts.purge-expired-parental-consents',
  cron: '17 * * * *',
  run: (ctx) => purgeExpiredParentalConsents(ctx),
});

/** The accounts feature's background work, collected in jobs/index.ts. */
export const accountJobs = [purgeExpiredParentalConsentsJob, accountMailJob];
