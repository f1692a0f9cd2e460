import { z } from 'zod';
import { boundedDateSchema } from './input-bounds';

/**
 * Policy versions (PRODUCT.md P16): the privacy policy and the terms of use, each a series of
 * published Markdown versions with an effective date. A major version is announced 30 days ahead and
 * must be accepted once in force; a minor one (typos, clarifications) needs no acceptance.
 */
export const policyDocuments = ['privacy', 'terms'] as const;
export type PolicyDocument = (typeof policyDocuments)[number];
export const policyDocumentSchema = z.enum(policyDocuments);

/** How long before its effective date a major version must be published (privacy policy "MODIFICATION"). */
export const MAJOR_CHANGE_NOTICE_DAYS = 30;

/** The API's answer (403) to a data route while a major version in force waits for the user's acceptance. */
export const POLICY_ACCEPTANCE_REQUIRED = 'policy_acceptance_required';

/** The answer (409) to a sign-up that names a version no longer in force (details: the versions in force). */
export const POLICY_VERSION_CHANGED = 'policy_version_changed';

/** "1", "2", "2.1", "3.0.1": numbers compared part by part, so "10" comes after "9". */
export const policyVersionSchema = z
  .string()
  .trim()
  .regex(/^[1-9]\d{0,3}(\.\d{1,4}){0,2}$/, 'a version is like 2 or 2.1 (numbers separated by dots)');

export function comparePolicyVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** A calendar date, YYYY-MM-DD, that exists (no 2025-02-30), in years 1900–2200. */
export const isoDateSchema = boundedDateSchema;

const policySummaryText = z.string().trim().min(3).max(500);
const policyMarkdownText = z.string().trim().min(20).max(500_000);

/**
 * What the operator publishes (`vitalbase policy publish`, POST /api/admin/policies). The French text
 * and its summary come together or not at all: without them a French reader gets the English text with
 * a notice that this version exists in English only.
 */
export const policyPublishInput = z
  .strictObject({
    document: policyDocumentSchema,
    version: policyVersionSchema,
    effectiveDate: isoDateSchema,
    summary: policySummaryText,
    major: z.boolean(),
    markdown: policyMarkdownText,
    summaryFr: policySummaryText.optional(),
    markdownFr: policyMarkdownText.optional(),
  })
  .refine((v) => (v.summaryFr === undefined) === (v.markdownFr === undefined), {
    message: 'a French text needs its French summary, and a French summary its French text',
    path: ['summaryFr'],
  });
export type PolicyPublishInput = z.input<typeof policyPublishInput>;

/**
 * How an acceptance was given: in the app (`web`), through the API (`api`), ticked on the sign-up form
 * (`signup`), or `implied`: an account made before acceptances were recorded, whose sign-up stood for
 * the version in force that day (recorded once, when the server first seeded the operator's own texts).
 */
export const policyAcceptanceMethods = ['web', 'api', 'signup', 'implied'] as const;
export type PolicyAcceptanceMethod = (typeof policyAcceptanceMethods)[number];

/** What a sign-up accepts: the version in force of each document, as the form showed them. */
export const signUpPoliciesField = z.strictObject({
  privacy: policyVersionSchema,
  terms: policyVersionSchema,
});
export type SignUpPolicies = z.infer<typeof signUpPoliciesField>;

/** The languages a policy text can be asked in; a version without that translation answers in English. */
export const policyLocales = ['en', 'fr'] as const;
export const policyLocaleSchema = z.enum(policyLocales);

/** The body of POST /api/me/policies/acceptances. */
export const policyAcceptBody = z.strictObject({
  document: policyDocumentSchema,
  version: policyVersionSchema,
});
export type PolicyAcceptBody = z.infer<typeof policyAcceptBody>;

// The policy routes' answers (docs/api-privacy.md), declared by server/src/features/policies and
// inferred by web/src/features/policies/queries.ts.

export const policyVersionSummarySchema = z.object({
  document: policyDocumentSchema,
  version: z.string(),
  effectiveDate: z.string(),
  publishedAt: z.string(),
  major: z.boolean(),
  /** In the reader's language when the version has it; `summaryLocale` says which came back. */
  summary: z.string(),
  summaryLocale: policyLocaleSchema,
});
export type PolicyVersionSummary = z.infer<typeof policyVersionSummarySchema>;

/**
 * GET /api/policies/:document/:version, and GET /api/policies/:document (the version in force, public and
 * cacheable). `html` is rendered and sanitised by the server: safe to insert. The text is in the
 * language asked (`?locale=`) when the version has that translation; `locale` says which came back. The
 * operator's facts (name, contact, region…) are filled in, or shown as placeholders naming the setting.
 */
export const policyVersionDetailSchema = policyVersionSummarySchema.extend({
  inForce: z.boolean(),
  locale: policyLocaleSchema,
  markdown: z.string(),
  html: z.string(),
  previousVersion: z.string().nullable(),
  diff: z.array(z.object({ change: z.enum(['added', 'removed', 'same']), text: z.string() })).nullable(),
});
export type PolicyVersionDetail = z.infer<typeof policyVersionDetailSchema>;

/** GET /api/policies: every published version of each document. */
export const policyListSchema = z.object({
  documents: z.array(
    z.object({
      document: policyDocumentSchema,
      inForce: z.string().nullable(),
      versions: z.array(policyVersionSummarySchema),
    }),
  ),
});
export type PolicyList = z.infer<typeof policyListSchema>;

/** GET /api/me/policies (and the answer to an acceptance): where the user stands with each document. */
export const policyStatusSchema = z.object({
  documents: z.array(
    z.object({
      document: policyDocumentSchema,
      inForce: policyVersionSummarySchema.nullable(),
      upcoming: z.array(policyVersionSummarySchema.extend({ accepted: z.boolean() })),
      acceptanceRequired: policyVersionSummarySchema.nullable(),
      lastAccepted: z.object({ version: z.string(), acceptedAt: z.string() }).nullable(),
    }),
  ),
});
export type PolicyStatus = z.infer<typeof policyStatusSchema>;

/** GET /api/me/policies/acceptances: every version the user accepted, and when. */
export const policyAcceptancesSchema = z.object({
  acceptances: z.array(
    z.object({
      document: policyDocumentSchema,
      version: z.string(),
      acceptedAt: z.string(),
      method: z.enum(policyAcceptanceMethods),
    }),
  ),
});
export type PolicyAcceptances = z.infer<typeof policyAcceptancesSchema>;
