/**
 * French typography, applied to every French string as it is shown (an i18next post-processor, so
 * the translation files stay easy to type and no new string can miss it): a narrow no-break space
 * (U+202F) before ; ? ! and », a no-break space (U+00A0) before : and after «, and between a number
 * and what it counts ("12 caractères", "5 min"), so a line never breaks inside them.
 */
const NBSP = '\u00a0';
const NNBSP = '\u202f';

export function frenchSpacing(text: string): string {
  // Only a space already written is made non-breaking: no space is added, so an interpolated address
  // (`?token=`) is left as it is.
  return text
    .replace(/ :/g, `${NBSP}:`)
    .replace(/ ([;?!»])/g, `${NNBSP}$1`)
    .replace(/« /g, `«${NBSP}`)
    .replace(/(\d) (?=[%°\p{L}])/gu, `$1${NBSP}`);
}

/** The i18next post-processor: French only, after interpolation (so `{{n}} min` is covered too). */
export const typography = {
  type: 'postProcessor' as const,
  name: 'typography',
  process(value: string, _key: unknown, options: { lng?: string }, translator: { language?: string }) {
    const language = options?.lng ?? translator.language ?? '';
    return language.startsWith('fr') ? frenchSpacing(value) : value;
  },
};
