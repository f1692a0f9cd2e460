import { consentPurposeSchema } from '@vitalbase/core';
import { z } from 'zod';

/** One purpose's current choice, as the user's and the parent's consent routes answer it. */
export const consentStateSchema = z.object({
  purpose: consentPurposeSchema,
  granted: z.boolean(),
  wordingVersion: z.number(),
  title: z.string(),
  text: z.string(),
  chosenWordingVersion: z.number().nullable(),
  changedAt: z.string().nullable(),
});
