import type { AppContext } from '../../lib/context';
import { purgeExpiredParentalConsents } from './parental-consent.service';

export interface AccountJob {
  name: string;
  /** When it runs (cron syntax, UTC). */
  cron: string;
  run(ctx: AppContext): Promise<unknown>;
}

/** The accounts feature's scheduled work; the jobs runner schedules each entry. */
export const accountJobs: AccountJob[] = [
  {
    name: 'accounts.purge-expired-parental-consents',
    cron: '17 * * * *',
    run: (ctx) => purgeExpiredParentalConsents(ctx),
  },
];
