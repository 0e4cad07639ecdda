import type { ChargingProfileCriteria, ChargingProfileOrigin, ChargingProfileRecord, ChargingProfileStatus } from '@csms/db';
import type { ChargePointCommandResult, ChargingProfile16, ClearChargingProfileCriteria } from '@csms/temporal';
import { runCommand } from '../commands/run-command.ts';
import { ApiError } from '../errors.ts';
import type { Services } from '../services.ts';
import { toWireProfile, type RemoteStartProfileBody, type SetChargingProfileBody } from './charging-profile-schema.ts';

const ANSWERS: readonly string[] = ['Accepted', 'Rejected', 'NotSupported'];

/** The stored status of a station's answer; anything unexpected is `Failed` with the answer as its detail. */
function storedStatus(status: string): { status: ChargingProfileStatus; detail: string | null } {
  return ANSWERS.includes(status) ? { status: status as ChargingProfileStatus, detail: null } : { status: 'Failed', detail: `the station answered ${status.slice(0, 200)}` };
}

/** What a profile is stored with, from a parsed body. */
function storedFields(profile: Omit<SetChargingProfileBody, 'connectorId' | 'chargingProfilePurpose'>) {
  return {
    stackLevel: profile.stackLevel,
    kind: profile.chargingProfileKind,
    recurrencyKind: profile.recurrencyKind ?? null,
    validFrom: profile.validFrom ?? null,
    validTo: profile.validTo ?? null,
    transactionId: profile.transactionId ?? null,
  };
}

/**
 * Runs a command that carries a stored profile and records the answer on it: the station's status, or `Failed` with
 * the reason when the command did not reach the station or was refused before (the error is rethrown).
 */
async function runWithProfile(
  services: Services,
  stored: ChargingProfileRecord,
  run: () => Promise<ChargePointCommandResult>,
): Promise<{ result: ChargePointCommandResult; profile: ChargingProfileRecord }> {
  let result: ChargePointCommandResult;
  try {
    result = await run();
  } catch (error) {
    const reason = error instanceof ApiError ? `${error.code}: ${error.message}` : 'the command failed';
    await services.db.chargingProfiles.answer(stored.chargePointId, stored.chargingProfileId, 'Failed', reason);
    throw error;
  }
  const { status, detail } = storedStatus(result.status);
  return { result, profile: await services.db.chargingProfiles.answer(stored.chargePointId, stored.chargingProfileId, status, detail) };
}

/** Refuses a TxProfile whose transaction is not the running one of its connector (OCPP 1.6 §3.13.4). */
async function assertRunningTransaction(services: Services, chargePointId: string, connectorId: number, transactionId: number): Promise<void> {
  const transaction = await services.db.transactions.get(transactionId);
  if (!transaction || transaction.chargePointId !== chargePointId || transaction.evseId !== connectorId || transaction.status !== 'Active') {
    throw new ApiError(400, 'ValidationFailed', `transactionId: transaction ${transactionId} is not running on connector ${connectorId} of ${chargePointId}`, { field: 'transactionId' });
  }
}

async function assertStation(services: Services, chargePointId: string): Promise<void> {
  const station = await services.db.chargePoints.get(chargePointId);
  if (!station || station.deletedAt) throw new ApiError(404, 'NotFound', `charge point "${chargePointId}" does not exist`);
}

/** SetChargingProfile of an operator's profile: stored with a new id, sent, the answer recorded. */
export async function setChargingProfile(
  services: Services,
  chargePointId: string,
  body: SetChargingProfileBody,
  requestedBy: string,
  origin: ChargingProfileOrigin = 'Operator',
): Promise<{ status: string; profile: ChargingProfileRecord }> {
  await assertStation(services, chargePointId);
  if (body.transactionId !== undefined) await assertRunningTransaction(services, chargePointId, body.connectorId, body.transactionId);
  const stored = await services.db.chargingProfiles.allocate({
    chargePointId,
    connectorId: body.connectorId,
    purpose: body.chargingProfilePurpose,
    ...storedFields(body),
    schedule: toWireProfile(body, 0).chargingSchedule,
    origin,
    createdBy: requestedBy,
  });
  const profile: ChargingProfile16 = toWireProfile(body, stored.chargingProfileId);
  const { result, profile: answered } = await runWithProfile(services, stored, () =>
    runCommand(services, chargePointId, { type: 'setChargingProfile', connectorId: body.connectorId, profile }, requestedBy),
  );
  return { status: result.status, profile: answered };
}

/**
 * A remote start with a TxProfile: the profile is stored (connector 0 when the station picks the connector) and sent
 * inside RemoteStartTransaction; the start's answer becomes the profile's status.
 */
export async function remoteStartWithProfile(
  services: Services,
  chargePointId: string,
  start: { connectorId?: number; idTag: string; chargingProfile: RemoteStartProfileBody },
  requestedBy: string,
): Promise<{ status: string; profile: ChargingProfileRecord }> {
  await assertStation(services, chargePointId);
  const body = start.chargingProfile;
  const stored = await services.db.chargingProfiles.allocate({
    chargePointId,
    connectorId: start.connectorId ?? 0,
    purpose: 'TxProfile',
    ...storedFields(body),
    schedule: toWireProfile(body, 0).chargingSchedule,
    origin: 'RemoteStart',
    createdBy: requestedBy,
  });
  const chargingProfile = toWireProfile(body, stored.chargingProfileId);
  const command = { type: 'remoteStart', idTag: start.idTag, ...(start.connectorId === undefined ? {} : { connectorId: start.connectorId }), chargingProfile } as const;
  const { result, profile } = await runWithProfile(services, stored, () => runCommand(services, chargePointId, command, requestedBy));
  return { status: result.status, profile };
}

/**
 * ClearChargingProfile with the operator's criteria; the stored profiles in force that match are marked Cleared when
 * the station answered Accepted, or Unknown (then it held none of them either).
 */
export async function clearChargingProfiles(
  services: Services,
  chargePointId: string,
  criteria: ClearChargingProfileCriteria,
  requestedBy: string,
): Promise<{ status: string; cleared: ChargingProfileRecord[] }> {
  await assertStation(services, chargePointId);
  const result = await runCommand(services, chargePointId, { type: 'clearChargingProfile', ...criteria }, requestedBy);
  if (result.status !== 'Accepted' && result.status !== 'Unknown') return { status: result.status, cleared: [] };
  const stored: ChargingProfileCriteria = {
    ...(criteria.id === undefined ? {} : { id: criteria.id }),
    ...(criteria.connectorId === undefined ? {} : { connectorId: criteria.connectorId }),
    ...(criteria.chargingProfilePurpose === undefined ? {} : { purpose: criteria.chargingProfilePurpose }),
    ...(criteria.stackLevel === undefined ? {} : { stackLevel: criteria.stackLevel }),
  };
  const detail = `ClearChargingProfile ${JSON.stringify(criteria)} by ${requestedBy}: ${result.status}`;
  return { status: result.status, cleared: await services.db.chargingProfiles.clear(chargePointId, stored, detail) };
}

/** Clears one stored profile by its id; 404 when the system holds no such profile in force on the station. */
export async function clearStoredProfile(services: Services, chargePointId: string, chargingProfileId: number, requestedBy: string) {
  const stored = await services.db.chargingProfiles.get(chargePointId, chargingProfileId);
  if (!stored || (stored.status !== 'Accepted' && stored.status !== 'Sent')) {
    throw new ApiError(404, 'NotFound', `the system has no charging profile ${chargingProfileId} in force on "${chargePointId}"`);
  }
  return clearChargingProfiles(services, chargePointId, { id: chargingProfileId }, requestedBy);
}

/**
 * The connector's charging limit: a Relative TxDefaultProfile with one period, made by the system. A new limit
 * takes the stack level of the connector's current limit profile, so the station replaces only that one; the first
 * takes one above every stored TxDefaultProfile in force on the connector or the station, so it is never replaced
 * or cleared by accident and it wins over them.
 */
export async function setChargingLimit(
  services: Services,
  chargePointId: string,
  connectorId: number,
  limit: { limit: number; unit: 'A' | 'W' },
  requestedBy: string,
): Promise<{ status: string; profile: ChargingProfileRecord }> {
  await assertStation(services, chargePointId);
  const inForce = (await services.db.chargingProfiles.list(chargePointId, { inForce: true })).filter((p) => p.purpose === 'TxDefaultProfile');
  const current = inForce.find((p) => p.origin === 'ChargingLimit' && p.connectorId === connectorId);
  const levels = inForce.filter((p) => p.connectorId === connectorId || p.connectorId === 0).map((p) => p.stackLevel);
  const stackLevel = current?.stackLevel ?? (levels.length === 0 ? 0 : Math.max(...levels) + 1);
  return setChargingProfile(
    services,
    chargePointId,
    {
      connectorId,
      chargingProfilePurpose: 'TxDefaultProfile',
      stackLevel,
      chargingProfileKind: 'Relative',
      chargingSchedule: { chargingRateUnit: limit.unit, chargingSchedulePeriod: [{ startPeriod: 0, limit: limit.limit }] },
    },
    requestedBy,
    'ChargingLimit',
  );
}

/** Removes the connector's charging limit (only the profile the system made for it); 404 when there is none. */
export async function clearChargingLimit(services: Services, chargePointId: string, connectorId: number, requestedBy: string) {
  await assertStation(services, chargePointId);
  const current = (await services.db.chargingProfiles.list(chargePointId, { inForce: true })).find((p) => p.origin === 'ChargingLimit' && p.connectorId === connectorId);
  if (!current) throw new ApiError(404, 'NotFound', `no charging limit set by the system on connector ${connectorId} of "${chargePointId}"`);
  return clearChargingProfiles(services, chargePointId, { id: current.chargingProfileId }, requestedBy);
}
