import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { EXTENDED_TRIGGER_MESSAGES, STATION_CERTIFICATE_TYPES } from '@csms/temporal';
import { runCommand } from '../../commands/run-command.ts';
import { defineOperation } from '../operation.ts';
import { chargePointIdParam, COMMAND_ERRORS, commandStatusSchema, text } from '../schemas.ts';

const DESCRIPTION =
  'Runs the `chargePointCommand` workflow (OCPP 1.6 security whitepaper; 2.x equivalents). 200 with the station’s ' +
  'OCPP status; 409 ChargePointOffline; 504 ChargePointTimeout; 502 ChargePointError; 503 TemporalUnavailable.';
const station = '/api/v1/charge-points/{id}';

const hashDataSchema = z.object({
  hashAlgorithm: z.enum(['SHA256', 'SHA384', 'SHA512']),
  issuerNameHash: text(1, 128),
  issuerKeyHash: text(1, 128),
  serialNumber: text(1, 40),
});

/** A PEM certificate that node:crypto can parse (OCPP: at most 5500 characters). */
const pemCertificate = z
  .string()
  .max(5500, 'a certificate may have at most 5500 characters (OCPP)')
  .refine((pem) => {
    try {
      new X509Certificate(pem);
      return /^-----BEGIN CERTIFICATE-----/.test(pem.trim());
    } catch {
      return false;
    }
  }, 'not a PEM-encoded X.509 certificate');

/** `POST …/certificates`: InstallCertificate. */
export const installCertificate = defineOperation({
  operationId: 'installCertificate', method: 'POST', path: `${station}/certificates`, tag: 'commands',
  summary: 'Install a root certificate on the station (InstallCertificate): the system’s (CentralSystemRootCertificate) or a manufacturer’s',
  description: DESCRIPTION, role: 'admin', errors: COMMAND_ERRORS, params: chargePointIdParam,
  body: z.object({ certificateType: z.enum(STATION_CERTIFICATE_TYPES), certificate: pemCertificate }),
  response: commandStatusSchema,
  handle: async ({ params, body, principal, services }) => {
    const result = await runCommand(services, params.id, { type: 'installCertificate', certificateType: body.certificateType, certificate: body.certificate.trim() }, principal!.username);
    return { status: result.status };
  },
});

/** `GET …/certificates?certificateType=…`: GetInstalledCertificateIds. */
export const getInstalledCertificateIds = defineOperation({
  operationId: 'getInstalledCertificateIds', method: 'GET', path: `${station}/certificates`, tag: 'commands',
  summary: 'Ask the station which certificates of a type it has installed (GetInstalledCertificateIds)',
  description: DESCRIPTION, role: 'admin', errors: COMMAND_ERRORS, params: chargePointIdParam,
  query: z.object({ certificateType: z.enum(STATION_CERTIFICATE_TYPES) }),
  response: commandStatusSchema.extend({ certificateHashData: z.array(hashDataSchema) }),
  handle: async ({ params, query, principal, services }) => {
    const result = await runCommand(services, params.id, { type: 'getInstalledCertificateIds', certificateType: query.certificateType }, principal!.username);
    return { status: result.status, certificateHashData: [...(result.certificateHashData ?? [])] };
  },
});

/** `POST …/certificates/delete`: DeleteCertificate (a body names the certificate, so not an HTTP DELETE). */
export const deleteCertificate = defineOperation({
  operationId: 'deleteCertificate', method: 'POST', path: `${station}/certificates/delete`, tag: 'commands',
  summary: 'Delete an installed certificate, named by the hash data the station reported (DeleteCertificate)',
  description: DESCRIPTION, role: 'admin', errors: COMMAND_ERRORS, params: chargePointIdParam,
  body: z.object({ certificateHashData: hashDataSchema }),
  response: commandStatusSchema,
  handle: async ({ params, body, principal, services }) => {
    const result = await runCommand(services, params.id, { type: 'deleteCertificate', certificateHashData: body.certificateHashData }, principal!.username);
    return { status: result.status };
  },
});

/** `POST …/extended-trigger`: ExtendedTriggerMessage. */
export const extendedTriggerMessage = defineOperation({
  operationId: 'extendedTriggerMessage', method: 'POST', path: `${station}/extended-trigger`, tag: 'commands',
  summary: 'Ask the station to send a message now, including SignChargePointCertificate (ExtendedTriggerMessage; 2.x TriggerMessage)',
  description: DESCRIPTION, role: 'admin', errors: COMMAND_ERRORS, params: chargePointIdParam,
  body: z.object({ message: z.enum(EXTENDED_TRIGGER_MESSAGES), connectorId: z.number().int().min(0).optional() }),
  response: commandStatusSchema,
  handle: async ({ params, body, principal, services }) => {
    const result = await runCommand(
      services, params.id,
      { type: 'extendedTriggerMessage', message: body.message, ...(body.connectorId === undefined ? {} : { connectorId: body.connectorId }) },
      principal!.username,
    );
    return { status: result.status };
  },
});
