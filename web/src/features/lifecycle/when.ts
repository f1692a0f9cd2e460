/** An instant in the reader's language and zone (the console and the banner). */
export const when = (iso: string, language: string) =>
  new Date(iso).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' });
