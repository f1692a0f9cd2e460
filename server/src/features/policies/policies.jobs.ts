import { defineJob } from '../../jobs/job';
import { announceMajorVersions } from './policy-announcements';

/**
 * Announcement mail of published major versions: every 5 minutes and at every start, so a version the
 * operator published from the command line is mailed soon, and a run cut short resumes where it stopped.
 */
export const policyJobs = [
  defineJob({
    name: 'policies.announce-major-versions',
    cron: '*/5 * * * *',
    run: (ctx) => announceMajorVersions(ctx),
  }),
];
