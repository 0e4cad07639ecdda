import { numberField, optionalText } from './run-form.ts';

/** Form values that must never be sent back to the browser. */
export function withoutSecrets(values: Record<string, string>): Record<string, string> {
  const { basicAuthPassword: _secret, ...rest } = values;
  return rest;
}

/**
 * The body of `createChargePoint` / `updateChargePoint` from the charge point form. An empty password keeps the
 * current one; "remove" clears it. A password with security profile 0 raises it to 1 (Basic auth is then required).
 */
export function chargePointBody(values: Record<string, string>, mode: 'create' | 'update'): Record<string, unknown> {
  const password = values.basicAuthPassword ?? '';
  const remove = values.removePassword === 'on';
  const profile = numberField(values.securityProfile) ?? 0;
  const body: Record<string, unknown> = {
    name: (values.name ?? '').trim(),
    comment: optionalText(values.comment),
    clientCertThumbprint: optionalText(values.clientCertThumbprint),
    securityProfile: password && profile === 0 ? 1 : profile,
    pricing: {
      currency: (values['pricing.currency'] ?? '').trim().toUpperCase(),
      pricePerMwhMinor: numberField(values['pricing.pricePerMwhMinor']) ?? 0,
      sessionFeeMinor: numberField(values['pricing.sessionFeeMinor']) ?? 0,
      maxEnergyWh: numberField(values['pricing.maxEnergyWh']) ?? null,
      usageFeePerMinuteMinor: numberField(values['pricing.usageFeePerMinuteMinor']) ?? 0,
      freeMinutes: numberField(values['pricing.freeMinutes']) ?? 0,
      maxBillableMinutes: numberField(values['pricing.maxBillableMinutes']) ?? null,
      usageFeeFrom: values['pricing.usageFeeFrom'] === 'chargingEnd' ? 'chargingEnd' : 'sessionStart',
      freeCharging: values['pricing.freeCharging'] === 'on',
    },
  };
  if (mode === 'create') body.id = (values.id ?? '').trim();
  if (remove) body.basicAuthPassword = null;
  else if (password !== '') body.basicAuthPassword = password;
  return body;
}
