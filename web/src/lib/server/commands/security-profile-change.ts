import type { Database } from '@csms/db';
import type { ChargePointCommand, ChargePointCommandResult } from '@csms/temporal';
import { ApiError } from '../errors.ts';

/** The configuration keys that set a station's security profile: 1.6 security whitepaper, 2.x SecurityCtrlr. */
const PROFILE_KEYS = new Set(['securityprofile', 'securityctrlr.securityprofile']);

const TAKEN = new Set(['Accepted', 'RebootRequired']);

/** What to do once the station answered a command that may change its security profile. */
export interface ProfileChange {
  /** Stores the new profile after the station took it; returns it, or undefined when nothing changed. */
  afterResult(result: ChargePointCommandResult): Promise<number | undefined>;
}

const NONE: ProfileChange = { afterResult: async () => undefined };

/**
 * A `changeConfiguration` of `SecurityProfile` (1.6) or `SecurityCtrlr.SecurityProfile` (2.x): checked before it is
 * sent — a profile 0 to 3, not lower than the stored one (a station must refuse a downgrade: 1.6 security whitepaper,
 * 2.0.1 A05.FR.05), and for profiles 1 and 2 a stored password, else the station could never connect again — and taken
 * over once the station answers `Accepted` or `RebootRequired`, so its next connection is admitted under the new
 * profile and one under the old is refused (OCA TC_083). Profile 3 needs `GATEWAY_CLIENT_CA_FILE` on the gateway,
 * which the web app cannot see: docs/security.md says so.
 */
export async function prepareProfileChange(db: Database, chargePointId: string, command: ChargePointCommand): Promise<ProfileChange> {
  if (command.type !== 'changeConfiguration' || !PROFILE_KEYS.has(command.key.toLowerCase())) return NONE;
  const profile = /^[0-3]$/.test(command.value.trim()) ? Number(command.value.trim()) : undefined;
  if (profile === undefined) throw new ApiError(400, 'ValidationFailed', `${command.key} must be 0, 1, 2 or 3`, { field: 'value' });
  const station = await db.chargePoints.get(chargePointId);
  if (!station) return NONE;
  if (profile < station.securityProfile) {
    throw new ApiError(400, 'ValidationFailed', `a station's security profile cannot be lowered (it is ${station.securityProfile}): the station must refuse it`, {
      field: 'value',
    });
  }
  if ((profile === 1 || profile === 2) && station.basicAuthPasswordHash === null) {
    throw new ApiError(400, 'ValidationFailed', `security profile ${profile} needs the station's password: set one first (AuthorizationKey)`, { field: 'value' });
  }
  return {
    afterResult: async (result) => {
      if (!TAKEN.has(result.status) || profile === station.securityProfile) return undefined;
      await db.chargePoints.update(chargePointId, { securityProfile: profile });
      return profile;
    },
  };
}
