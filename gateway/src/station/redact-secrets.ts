/** What a redacted value reads in the message log. */
export const REDACTED = '[redacted]';

type Entry = { variable?: { name?: unknown }; attributeValue?: unknown };

function redactEntries(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  let changed = false;
  for (const entry of entries as Entry[]) {
    if (entry && typeof entry === 'object' && entry.variable?.name === 'SharedSecret' && typeof entry.attributeValue === 'string') {
      entry.attributeValue = REDACTED;
      changed = true;
    }
  }
  return changed;
}

/**
 * A frame as the message log may keep it: the value of every `SharedSecret` variable (OCPP 2.1 `WebPaymentsCtrlr`,
 * set by the CSMS or read back from a station) becomes {@link REDACTED}. Cheap for every other frame: it is only
 * parsed when it names a SharedSecret at all.
 */
export function redactSecrets(text: string): string {
  if (!text.includes('"SharedSecret"')) return text;
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    // not JSON: keep nothing of it rather than a secret
    return REDACTED;
  }
  if (!Array.isArray(frame)) return REDACTED;
  const payload = frame[frame[0] === 2 ? 3 : 2] as { setVariableData?: unknown; getVariableResult?: unknown } | undefined;
  if (!payload || typeof payload !== 'object') return REDACTED;
  const changed = redactEntries(payload.setVariableData) || redactEntries(payload.getVariableResult);
  return changed ? JSON.stringify(frame) : text;
}
