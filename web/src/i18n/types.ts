import type en from './locales/en';

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/** Every language file has exactly the keys of the English one (checked by TypeScript and a test). */
type Messages = DeepStrings<(typeof en)['messages']>;

export interface LocaleFile {
  /** The language's own name, for the language menu ("Français"). */
  name: string;
  messages: Messages;
}
