import type { MessageParams } from '../i18n/index.ts';

/** A message of the catalog with its placeholder values, translated in the page (so in the reader's language). */
export interface Message {
  readonly key: string;
  readonly params?: MessageParams;
}

/** Errors of a form: per field name, and `_form` for the form as a whole. */
export type FieldErrors = Record<string, Message>;

/** What a form action answers on failure: the errors and the submitted values to fill the form again. */
export interface FormFailure {
  readonly errors: FieldErrors;
  readonly values: Record<string, string>;
}
