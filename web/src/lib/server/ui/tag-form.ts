import { optionalText } from './run-form.ts';

/** The body of `createChargeTag` / `updateChargeTag` from the tag form (the date input gives YYYY-MM-DD). */
export function tagBody(values: Record<string, string>, mode: 'create' | 'update'): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: (values.name ?? '').trim(),
    parentTagId: optionalText(values.parentTagId),
    expiresAt: optionalText(values.expiresAt),
    blocked: values.blocked === 'on',
  };
  if (mode === 'create') body.tagId = (values.tagId ?? '').trim();
  return body;
}
