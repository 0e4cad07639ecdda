import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonObject, Ocpp16 } from '@csms/gateway/protocol';
import type { ChargePoint } from '../charge-point.ts';
import { json } from '../json.ts';
import type { ServerCallOutcome } from '../station-link.ts';

type Handler = (payload: JsonObject) => ServerCallOutcome;

/**
 * The simulator's conventions where a real station's behaviour depends on its hardware (docs/ocpp-1.6.md, Firmware
 * and diagnostics): configuration key `SimulatorInstallFails` = `true` makes an installation fail
 * (InstallationFailed); `SimulatorUploadBytes` sets the size of the generated diagnostics or log file (default 256);
 * a SignedUpdateFirmware whose `signature` is the text `invalid` fails verification (InvalidSignature), one whose
 * `signingCertificate` holds no PEM certificate is answered `InvalidCertificate`.
 */
export const SIMULATOR_INSTALL_FAILS = 'SimulatorInstallFails';
/** See {@link SIMULATOR_INSTALL_FAILS}. */
export const SIMULATOR_UPLOAD_BYTES = 'SimulatorUploadBytes';

/** The station waits at most this long for a retrieve date in the future (a test never waits for hours). */
const MAX_RETRIEVE_WAIT_MS = 60_000;
const HTTP_TIMEOUT_MS = 30_000;

const answer = (payload: object, after?: () => void): ServerCallOutcome => ({ payload: json(payload), ...(after ? { after } : {}) });

async function waitUntil(iso: string): Promise<void> {
  const wait = Math.min(MAX_RETRIEVE_WAIT_MS, new Date(iso).getTime() - Date.now());
  if (wait > 0) await sleep(wait, undefined, { ref: false });
}

/** Downloads the image; undefined when the server refused it or could not be reached. */
async function download(location: string): Promise<Buffer | undefined> {
  try {
    const response = await fetch(location, { signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
    if (!response.ok) {
      await response.body?.cancel();
      return undefined;
    }
    return Buffer.from(await response.arrayBuffer());
  } catch {
    return undefined;
  }
}

/** Uploads a generated text file with HTTP PUT; true when the server took it (2xx). */
async function upload(cp: ChargePoint, location: string, what: string): Promise<boolean> {
  const size = Math.max(1, cp.settings.number(SIMULATOR_UPLOAD_BYTES, 256));
  const line = `${new Date().toISOString()} ${cp.id} ${what}\n`;
  const body = line.repeat(Math.ceil(size / line.length)).slice(0, size);
  try {
    const response = await fetch(location, { method: 'PUT', body, headers: { 'content-type': 'text/plain' }, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** Every connector Unavailable while installing; the reboot reports them Available again. */
async function goUnavailable(cp: ChargePoint): Promise<void> {
  for (const connector of cp.connectors) await cp.statusNotification(connector.id, 'Unavailable');
}

/**
 * UpdateFirmware, SignedUpdateFirmware, GetDiagnostics and GetLog as a real 1.6 station does them: the firmware is
 * really fetched from `location` (Downloaded or DownloadFailed), installed with a reboot (Installing, Boot, Installed),
 * and the diagnostics or log file really uploaded by HTTP PUT (Uploaded, or UploadFailed / UploadFailure).
 */
export function firmwareCalls16(cp: ChargePoint): Record<string, Handler> {
  const signedStatus = (status: Ocpp16.FirmwareStatusEnumType, requestId: number) =>
    cp.call('SignedFirmwareStatusNotification', { status, requestId } satisfies Ocpp16.SignedFirmwareStatusNotificationRequest);
  const logStatus = (status: Ocpp16.UploadLogStatusEnumType, requestId: number) =>
    cp.call('LogStatusNotification', { status, requestId } satisfies Ocpp16.LogStatusNotificationRequest);

  return {
    UpdateFirmware(payload) {
      const request = payload as unknown as Ocpp16.UpdateFirmwareRequest;
      return answer({} satisfies Ocpp16.UpdateFirmwareResponse, () =>
        cp.background(
          (async () => {
            await waitUntil(request.retrieveDate);
            await cp.firmwareStatus('Downloading');
            if ((await download(request.location)) === undefined) {
              await cp.firmwareStatus('DownloadFailed');
              return;
            }
            await cp.firmwareStatus('Downloaded');
            await goUnavailable(cp);
            await cp.firmwareStatus('Installing');
            if (cp.settings.flag(SIMULATOR_INSTALL_FAILS)) {
              await cp.firmwareStatus('InstallationFailed');
              await cp.reportAllStatuses();
              return;
            }
            await cp.reboot();
            await cp.firmwareStatus('Installed');
          })(),
        ),
      );
    },

    SignedUpdateFirmware(payload) {
      const request = payload as unknown as Ocpp16.SignedUpdateFirmwareRequest;
      const { firmware, requestId } = request;
      if (!firmware.signingCertificate.includes('-----BEGIN CERTIFICATE-----')) {
        return answer({ status: 'InvalidCertificate' } satisfies Ocpp16.SignedUpdateFirmwareResponse);
      }
      return answer({ status: 'Accepted' } satisfies Ocpp16.SignedUpdateFirmwareResponse, () =>
        cp.background(
          (async () => {
            await waitUntil(firmware.retrieveDateTime);
            await signedStatus('Downloading', requestId);
            const image = await download(firmware.location);
            if (image === undefined) {
              await signedStatus('DownloadFailed', requestId);
              return;
            }
            await signedStatus('Downloaded', requestId);
            if (firmware.signature === 'invalid') {
              await signedStatus('InvalidSignature', requestId);
              return;
            }
            await signedStatus('SignatureVerified', requestId);
            await goUnavailable(cp);
            await signedStatus('Installing', requestId);
            if (cp.settings.flag(SIMULATOR_INSTALL_FAILS)) {
              await signedStatus('InstallationFailed', requestId);
              await cp.reportAllStatuses();
              return;
            }
            await signedStatus('InstallRebooting', requestId);
            await cp.reboot();
            const techInfo = `sha256 ${createHash('sha256').update(image).digest('hex')}`;
            await cp.call('SecurityEventNotification', { type: 'FirmwareUpdated', timestamp: new Date().toISOString(), techInfo } satisfies Ocpp16.SecurityEventNotificationRequest);
            await signedStatus('Installed', requestId);
          })(),
        ),
      );
    },

    GetDiagnostics(payload) {
      const request = payload as unknown as Ocpp16.GetDiagnosticsRequest;
      return answer({ fileName: `${cp.id}-diagnostics.log` } satisfies Ocpp16.GetDiagnosticsResponse, () =>
        cp.background(
          (async () => {
            await cp.diagnosticsStatus('Uploading');
            await cp.diagnosticsStatus((await upload(cp, request.location, 'diagnostics')) ? 'Uploaded' : 'UploadFailed');
          })(),
        ),
      );
    },

    GetLog(payload) {
      const request = payload as unknown as Ocpp16.GetLogRequest;
      return answer({ status: 'Accepted', filename: `${cp.id}-${request.logType}.log` } satisfies Ocpp16.GetLogResponse, () =>
        cp.background(
          (async () => {
            await logStatus('Uploading', request.requestId);
            await logStatus((await upload(cp, request.log.remoteLocation, request.logType)) ? 'Uploaded' : 'UploadFailure', request.requestId);
          })(),
        ),
      );
    },
  };
}
