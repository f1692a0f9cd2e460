import type { Config } from '../../config';

export type PolicyLocale = 'en' | 'fr';

/**
 * The facts that make a policy the operator's own: written in the Markdown as `{{NAME}}` (the name of
 * the setting that gives it), filled in when a version is shown, so the operator sets them once in the
 * configuration and every version, and the version a user accepted, names the same operator. A fact
 * that is not set shows as a placeholder naming the setting, never as an empty gap.
 */
const facts: Record<string, { value: (c: OperatorConfig) => string | undefined; en: string; fr: string }> = {
  OPERATOR_NAME: { value: (c) => c.operator?.name, en: 'operator name', fr: 'nom de l’exploitant' },
  OPERATOR_ADDRESS: {
    value: (c) => c.operator?.address,
    en: 'operator postal address',
    fr: 'adresse postale de l’exploitant',
  },
  PRIVACY_CONTACT: { value: (c) => c.privacyContact, en: 'privacy contact', fr: 'contact confidentialité' },
  DPO_CONTACT: {
    value: (c) => c.operator?.dpoContact,
    en: 'data protection officer contact',
    fr: 'contact du délégué à la protection des données',
  },
  PROCESSORS: { value: (c) => c.operator?.processors, en: 'processors', fr: 'sous-traitants' },
  GOVERNING_LAW: { value: (c) => c.operator?.governingLaw, en: 'governing law', fr: 'droit applicable' },
  DATA_REGION: { value: (c) => c.dataRegion, en: 'data region', fr: 'région des données' },
  PUBLIC_URL: { value: (c) => c.publicUrl, en: 'service address', fr: 'adresse du service' },
  DEVICE_DIAGNOSTICS_RETENTION_DAYS: {
    value: (c) => c.deviceDiagnosticsRetentionDays?.toString(),
    en: 'retention of device diagnostics',
    fr: 'durée de conservation des diagnostics',
  },
  OAUTH_REFRESH_TOKEN_TTL_DAYS: {
    value: (c) => c.oauthRefreshTokenTtlDays?.toString(),
    en: 'refresh token lifetime',
    fr: 'durée des jetons de rafraîchissement',
  },
};

export type OperatorConfig = Partial<
  Pick<
    Config,
    | 'operator'
    | 'privacyContact'
    | 'dataRegion'
    | 'publicUrl'
    | 'deviceDiagnosticsRetentionDays'
    | 'oauthRefreshTokenTtlDays'
  >
>;

/**
 * A value as literal Markdown text: the marks that format, link or open HTML are escaped. Dots and
 * dashes are left alone (a value is never at the start of a line), so an address stays an autolink.
 */
const literal = (value: string) => value.replace(/[\\`*_{}[\]()#|<>~]/g, '\\$&');

const placeholder = (name: string, label: string, locale: PolicyLocale) =>
  `<mark>${literal(`[${label} — ${locale === 'fr' ? 'à définir :' : 'set'} ${name}]`)}</mark>`;

/** The Markdown with each `{{FACT}}` replaced by the configured value or a visible placeholder. */
export function fillOperatorFacts(markdown: string, config: OperatorConfig, locale: PolicyLocale): string {
  return markdown.replace(/\{\{([A-Z_]+)\}\}/g, (token, name: string) => {
    const fact = facts[name];
    if (!fact) return token;
    const value = fact.value(config);
    return value ? literal(value) : placeholder(name, fact[locale], locale);
  });
}

/** The facts a policy names that the configuration leaves unset (the operator is warned at start). */
export function missingOperatorFacts(config: OperatorConfig): string[] {
  return Object.entries(facts)
    .filter(([, fact]) => !fact.value(config))
    .map(([name]) => name);
}
