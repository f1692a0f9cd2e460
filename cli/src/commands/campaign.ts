import { readFileSync } from 'node:fs';
import { type AppContext, sendCampaignAsOperator } from '@vitalbase/server';
import type { Command } from 'commander';
import { withContext } from './user';

/** Sends a marketing email to every user who gave the marketing_email consent, and to no one else. */
export async function campaignSend(
  ctx: Pick<AppContext, 'database' | 'mailer' | 'config'>,
  opts: { subject: string; bodyFile: string },
  print: (line: string) => void,
) {
  const body = readFileSync(opts.bodyFile, 'utf8');
  const result = await sendCampaignAsOperator(ctx, { subject: opts.subject, body });
  print(`sent to ${result.sent} consenting user${result.sent === 1 ? '' : 's'}`);
  return result;
}

export function registerCampaignCommand(program: Command) {
  const campaign = program.command('campaign').description('marketing email (only to users who consented)');
  campaign
    .command('send')
    .description('mail a message to every user with the marketing_email consent')
    .requiredOption('--subject <text>', 'the subject line')
    .requiredOption('--body-file <path>', 'a plain-text file with the message')
    .action(async (opts: { subject: string; bodyFile: string }) => {
      await withContext((ctx) => campaignSend(ctx, opts, (line) => console.log(line)));
    });
}
