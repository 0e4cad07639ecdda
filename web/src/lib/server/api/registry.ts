import type { Operation } from './operation.ts';
import * as alerts from './operations/alerts.ts';
import * as certificates from './operations/certificates.ts';
import * as chargePoints from './operations/charge-points.ts';
import * as chargeTags from './operations/charge-tags.ts';
import * as chargingProfiles from './operations/charging-profiles.ts';
import * as commands from './operations/commands.ts';
import * as diagnostics from './operations/diagnostics.ts';
import * as fleetImport from './operations/fleet-import.ts';
import * as stationFiles from './operations/station-files.ts';
import * as health from './operations/health.ts';
import * as localList from './operations/local-list.ts';
import * as messageLog from './operations/message-log.ts';
import * as openapi from './operations/openapi.ts';
import * as payments from './operations/payments.ts';
import * as reports from './operations/reports.ts';
import * as reservations from './operations/reservations.ts';
import * as securityEvents from './operations/security-events.ts';
import * as session from './operations/session.ts';
import * as tokens from './operations/tokens.ts';
import * as transactions from './operations/transactions.ts';
import * as users from './operations/users.ts';

/** Every operation of the REST API v1, the source of the OpenAPI document. */
export const OPERATIONS: readonly Operation[] = [
  health, openapi, session, users, tokens, chargePoints, commands, chargeTags, fleetImport, transactions, reports, messageLog, diagnostics, payments, chargingProfiles,
  reservations,
  localList,
  securityEvents,
  stationFiles,
  certificates,
  alerts,
].flatMap((module) => Object.values(module) as Operation[]);
