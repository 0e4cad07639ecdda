import { OcppValidator, type OcppVersion } from '@csms/gateway/protocol';

const cache = new Map<OcppVersion, OcppValidator>();

/**
 * One shared validator per OCPP version. Loading a version's schemas reads dozens of files, so a process that
 * simulates thousands of stations must not do it per station.
 */
export function validatorFor(version: OcppVersion): OcppValidator {
  let validator = cache.get(version);
  if (validator === undefined) {
    validator = new OcppValidator(version);
    cache.set(version, validator);
  }
  return validator;
}
