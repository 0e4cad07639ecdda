import { assertStationPassword, hashStationPassword, InvalidInputError, sealSecret, type Database, type SecretKey } from '@csms/db';
import { isSecretConfigurationKey, isStationPasswordKey, type ChargePointCommand, type ChargePointCommandResult } from '@csms/temporal';
import { ApiError } from '../errors.ts';

/** A command ready for the workflow, and what to do once the station answered. */
export interface SealedCommand {
  /** The command the workflow carries: a secret value replaced by its sealed form. */
  readonly command: ChargePointCommand;
  /** Stores a new station password after the station accepted it; a no-op for every other command. */
  afterResult(result: ChargePointCommandResult): Promise<boolean>;
}

const TAKEN = new Set(['Accepted', 'RebootRequired']);

/**
 * Keeps secrets of generic configuration commands out of the workflow history (docs/security.md): a
 * `changeConfiguration` of a key of `SECRET_CONFIGURATION_KEYS` carries its value sealed (`sealSecret`, bound to the
 * station, the key and `expiresAtMs`); the gateway node opens it as the frame leaves. A station password (1.6
 * `AuthorizationKey`, 2.x `SecurityCtrlr.BasicAuthPassword`) must be one the gateway can check (16–40 characters, else
 * 400), and once the station answers `Accepted` or `RebootRequired` its hash becomes the stored password, so the
 * station's next login with it succeeds.
 */
export function sealCommandSecrets(
  deps: { readonly secretKey: SecretKey; readonly db: Database },
  chargePointId: string,
  command: ChargePointCommand,
  expiresAtMs: number,
): SealedCommand {
  const none: SealedCommand = { command, afterResult: async () => false };
  if (command.type !== 'changeConfiguration' || !isSecretConfigurationKey(command.key)) return none;
  const password = isStationPasswordKey(command.key);
  if (password) {
    try {
      assertStationPassword(command.value);
    } catch (error) {
      if (error instanceof InvalidInputError) throw new ApiError(400, 'ValidationFailed', `${command.key}: ${error.message}`, { field: 'value' }, { cause: error });
      throw error;
    }
  }
  const sealed = sealSecret(deps.secretKey, { chargePointId, key: command.key }, command.value, expiresAtMs);
  return {
    command: { ...command, value: sealed },
    afterResult: async (result) => {
      if (!password || !TAKEN.has(result.status)) return false;
      await deps.db.chargePoints.update(chargePointId, { basicAuthPasswordHash: hashStationPassword(deps.secretKey, chargePointId, command.value) });
      return true;
    },
  };
}
