import { isSecretConfigurationKey } from '@csms/temporal';

/** What a redacted value reads in the message log. */
export const REDACTED = '[redacted]';

type VariableEntry = { component?: { name?: unknown }; variable?: { name?: unknown }; attributeValue?: unknown };
type KeyValue = { key?: unknown; value?: unknown };

function isSecretVariable(entry: VariableEntry): boolean {
  const variable = entry.variable?.name;
  if (typeof variable !== 'string') return false;
  // SharedSecret under any component: a station may report WebPaymentsCtrlr under an instance-specific name
  return variable === 'SharedSecret' || isSecretConfigurationKey(`${String(entry.component?.name)}.${variable}`);
}

function redactVariables(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  let changed = false;
  for (const entry of entries as VariableEntry[]) {
    if (entry && typeof entry === 'object' && typeof entry.attributeValue === 'string' && isSecretVariable(entry)) {
      entry.attributeValue = REDACTED;
      changed = true;
    }
  }
  return changed;
}

function redactKeyValues(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  let changed = false;
  for (const entry of entries as KeyValue[]) {
    if (entry && typeof entry === 'object' && typeof entry.key === 'string' && typeof entry.value === 'string' && isSecretConfigurationKey(entry.key)) {
      entry.value = REDACTED;
      changed = true;
    }
  }
  return changed;
}

const MENTIONS_SECRET = /SharedSecret|BasicAuthPassword|AuthorizationKey/i;

/**
 * A frame as the message log may keep it: the value of every secret configuration variable becomes {@link REDACTED}:
 * 2.x `SetVariables`/`GetVariables` entries of `SharedSecret` (OCPP 2.1 `WebPaymentsCtrlr`) and
 * `SecurityCtrlr.BasicAuthPassword`, 1.6 `ChangeConfiguration` and `GetConfiguration` entries of `AuthorizationKey`
 * (`SECRET_CONFIGURATION_KEYS`). Cheap for every other frame: it is only parsed when it names such a key at all.
 */
export function redactSecrets(text: string): string {
  if (!MENTIONS_SECRET.test(text)) return text;
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    // not JSON: keep nothing of it rather than a secret
    return REDACTED;
  }
  if (!Array.isArray(frame)) return REDACTED;
  const payload = frame[frame[0] === 2 ? 3 : 2] as
    | { setVariableData?: unknown; getVariableResult?: unknown; configurationKey?: unknown; key?: unknown; value?: unknown }
    | undefined;
  if (!payload || typeof payload !== 'object') return REDACTED;
  const changed = [
    redactVariables(payload.setVariableData),
    redactVariables(payload.getVariableResult),
    redactKeyValues(payload.configurationKey),
    redactKeyValues([payload]),
  ].some(Boolean);
  return changed ? JSON.stringify(frame) : text;
}
