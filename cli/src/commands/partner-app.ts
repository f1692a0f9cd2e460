import {
  type AppContext,
  deletePartnerAppAsOperator,
  disablePartnerAppAsOperator,
  enablePartnerAppAsOperator,
  listPartnerAppsAsOperator,
  registerPartnerAppAsOperator,
} from '@vitalbase/server';
import type { Command } from 'commander';
import { withContext } from './user';

type OperatorContext = Pick<AppContext, 'database' | 'now'>;

type Print = (line: string) => void;

export interface PartnerAppCreateOptions {
  name: string;
  redirectUri: string[];
  scope: string[];
  logoUri?: string;
  public?: boolean;
  /** Confidential apps: require PKCE (off by default: Withings clients send none). */
  requirePkce?: boolean;
}

/** Scopes as a partner writes them: comma- or space-separated, the option repeated, or both. */
export const splitScopes = (values: string[]) => values.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);

const collect = (value: string, previous: string[] = []) => [...previous, value];

export async function partnerAppCreate(ctx: OperatorContext, opts: PartnerAppCreateOptions, print: Print) {
  const { app, clientSecret } = await registerPartnerAppAsOperator(ctx, {
    name: opts.name,
    redirectUris: opts.redirectUri,
    scopes: splitScopes(opts.scope),
    ...(opts.logoUri ? { logoUri: opts.logoUri } : {}),
    public: opts.public ?? false,
    ...(opts.requirePkce ? { pkceRequired: true } : {}),
  });
  print(`registered ${app.name}`);
  print(`client_id: ${app.clientId}`);
  if (clientSecret) print(`client_secret (shown once): ${clientSecret}`);
  else print('public client: no secret (PKCE only)');
  print(
    `pkce: ${app.isPublic || app.pkceRequired ? 'required' : 'optional (checked when a code_challenge is sent)'}`,
  );
  return { app, clientSecret };
}

export async function partnerAppList(ctx: OperatorContext, print: Print) {
  const apps = await listPartnerAppsAsOperator(ctx);
  if (!apps.length) print('no partner apps');
  for (const a of apps) {
    print(
      [
        a.clientId,
        a.name,
        a.isPublic ? 'public' : 'confidential',
        a.isPublic || a.pkceRequired ? 'pkce required' : 'pkce optional',
        a.ownerUserId ? `owner ${a.ownerUserId}` : 'operator',
        a.scopes.join(','),
        a.redirectUris.join(' '),
        ...(a.disabledAt
          ? [`DISABLED since ${a.disabledAt.toISOString().slice(0, 10)}: ${a.disabledReason}`]
          : []),
      ].join('  '),
    );
  }
  return apps;
}

export async function partnerAppDelete(ctx: OperatorContext, clientId: string, print: Print) {
  const app = await deletePartnerAppAsOperator(ctx, clientId);
  print(`deleted ${app.name} (${app.clientId}); its tokens no longer work`);
  return app;
}

/** Disabled, not removed: its tokens and sign-ins are refused until it is enabled again (docs/operators.md). */
export async function partnerAppDisable(
  ctx: OperatorContext,
  clientId: string,
  reason: string,
  print: Print,
) {
  const app = await disablePartnerAppAsOperator(ctx, clientId, reason);
  print(`disabled ${app.name} (${app.clientId}); its tokens are refused, its connections are kept`);
  return app;
}

export async function partnerAppEnable(ctx: OperatorContext, clientId: string, print: Print) {
  const app = await enablePartnerAppAsOperator(ctx, clientId);
  print(`enabled ${app.name} (${app.clientId}) again`);
  return app;
}

export function registerPartnerAppCommands(program: Command) {
  const partnerApp = program
    .command('partner-app')
    .description('operator commands on partner apps (OAuth clients)');
  const print = (line: string) => console.log(line);

  partnerApp
    .command('create')
    .description('register a partner app owned by this instance; prints its client id and secret (once)')
    .requiredOption('--name <name>', 'the name users see on the consent screen')
    .requiredOption('--redirect-uri <uri>', 'an exact redirect URI (repeat for several)', collect)
    .requiredOption(
      '--scope <scopes>',
      'scopes it may ask for, comma- or space-separated (or repeated)',
      collect,
    )
    .option('--logo-uri <uri>', 'an https address of its logo')
    .option('--public', 'a public client (mobile or browser app): no secret, PKCE only')
    .option(
      '--require-pkce',
      'a confidential client must use PKCE too (off by default: Withings clients send none)',
    )
    .action(async (opts: PartnerAppCreateOptions) => {
      await withContext((ctx) => partnerAppCreate(ctx, opts, print));
    });

  partnerApp
    .command('list')
    .description('every registered partner app')
    .action(async () => {
      await withContext((ctx) => partnerAppList(ctx, print));
    });

  partnerApp
    .command('delete <clientId>')
    .description('delete a partner app: its tokens stop working at once')
    .action(async (clientId: string) => {
      await withContext((ctx) => partnerAppDelete(ctx, clientId, print));
    });

  partnerApp
    .command('disable <clientId>')
    .description(
      'disable a partner app (kept, not removed): its tokens and sign-ins are refused, its webhooks wait',
    )
    .requiredOption('--reason <text>', "why (shown to the app's users in their privacy center)")
    .action(async (clientId: string, opts: { reason: string }) => {
      await withContext((ctx) => partnerAppDisable(ctx, clientId, opts.reason, print));
    });

  partnerApp
    .command('enable <clientId>')
    .description('enable a disabled partner app again')
    .action(async (clientId: string) => {
      await withContext((ctx) => partnerAppEnable(ctx, clientId, print));
    });
}
