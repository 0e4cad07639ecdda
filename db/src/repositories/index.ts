import { createBulkWriteRepository, type BulkWriteRepository } from '../bulk/bulk-writes.ts';
import type { Session } from '../orm/session.ts';
import { createAlertRepository, type AlertRepository } from './alerts.ts';
import { createApiTokenRepository, type ApiTokenRepository } from './api-tokens.ts';
import { createChargePointRepository, type ChargePointRepository } from './charge-points.ts';
import { createChargeTagRepository, type ChargeTagRepository } from './charge-tags.ts';
import { createChargingProfileRepository, type ChargingProfileRepository } from './charging-profiles.ts';
import { createCommandFailureRepository, type CommandFailureRepository } from './command-failures.ts';
import { createConnectorRepository, type ConnectorRepository } from './connectors.ts';
import { createFleetOverviewRepository, type FleetOverviewRepository } from './fleet-overview.ts';
import { createGatewayNodeRepository, type GatewayNodeRepository } from './gateway-nodes.ts';
import { createLocalListRepository, type LocalListRepository } from './local-lists.ts';
import { createMessageLogRepository, type MessageLogRepository } from './message-log.ts';
import { createMeterSampleRepository, type MeterSampleRepository } from './meter-samples.ts';
import { createOutboxRepository, type OutboxRepository } from './outbox.ts';
import { createPaymentRepository, type PaymentRepository } from './payments.ts';
import { createReservationRepository, type ReservationRepository } from './reservations.ts';
import { createStationFileRepository, type StationFileRepository } from './station-files.ts';
import { createSecurityEventRepository, type SecurityEventRepository } from './security-events.ts';
import { createSessionIntentRepository, type SessionIntentRepository } from './session-intents.ts';
import { createTransactionRepository, type TransactionRepository } from './transactions.ts';
import { createUserRepository, type UserRepository } from './users.ts';
import { createWebhookEventRepository, type WebhookEventRepository } from './webhook-events.ts';
import { createWebSessionRepository, type WebSessionRepository } from './web-sessions.ts';

/** The repositories of one unit of work: on a database handle each call is its own, inside a transaction they share it. */
export interface Repositories {
  readonly chargePoints: ChargePointRepository;
  readonly connectors: ConnectorRepository;
  readonly chargeTags: ChargeTagRepository;
  readonly transactions: TransactionRepository;
  readonly meterSamples: MeterSampleRepository;
  readonly messageLog: MessageLogRepository;
  readonly payments: PaymentRepository;
  readonly webhookEvents: WebhookEventRepository;
  readonly users: UserRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly outbox: OutboxRepository;
  readonly sessionIntents: SessionIntentRepository;
  readonly reservations: ReservationRepository;
  readonly webSessions: WebSessionRepository;
  readonly stationFiles: StationFileRepository;
  /** The gateway's hot-path writes as multi-row statements past the ORM. */
  readonly bulk: BulkWriteRepository;
  readonly gatewayNodes: GatewayNodeRepository;
  /** Charging profiles the system sent (smart charging). */
  readonly chargingProfiles: ChargingProfileRepository;
  readonly localLists: LocalListRepository;
  /** SecurityEventNotifications stations sent. */
  readonly securityEvents: SecurityEventRepository;
  /** The operators' overview: tiles filtered and counted in SQL. */
  readonly fleetOverview: FleetOverviewRepository;
  /** Operator commands that failed, kept for the alerts list. */
  readonly commandFailures: CommandFailureRepository;
  /** Offline stations, faulted connectors, long sessions, failed commands and security events, counted and paged. */
  readonly alerts: AlertRepository;
}

/** Binds every repository to `session`. */
export function createRepositories(session: Session): Repositories {
  return {
    chargePoints: createChargePointRepository(session),
    connectors: createConnectorRepository(session),
    chargeTags: createChargeTagRepository(session),
    transactions: createTransactionRepository(session),
    meterSamples: createMeterSampleRepository(session),
    messageLog: createMessageLogRepository(session),
    payments: createPaymentRepository(session),
    webhookEvents: createWebhookEventRepository(session),
    users: createUserRepository(session),
    apiTokens: createApiTokenRepository(session),
    outbox: createOutboxRepository(session),
    sessionIntents: createSessionIntentRepository(session),
    reservations: createReservationRepository(session),
    webSessions: createWebSessionRepository(session),
    stationFiles: createStationFileRepository(session),
    bulk: createBulkWriteRepository(session),
    gatewayNodes: createGatewayNodeRepository(session),
    chargingProfiles: createChargingProfileRepository(session),
    localLists: createLocalListRepository(session),
    securityEvents: createSecurityEventRepository(session),
    fleetOverview: createFleetOverviewRepository(session),
    commandFailures: createCommandFailureRepository(session),
    alerts: createAlertRepository(session),
  };
}
