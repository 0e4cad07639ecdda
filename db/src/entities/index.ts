import { ApiTokenEntity } from './api-token.entity.ts';
import { ChargePointEntity } from './charge-point.entity.ts';
import { ChargeTagEntity } from './charge-tag.entity.ts';
import { ChargingProfileEntity } from './charging-profile.entity.ts';
import { CommandFailureEntity } from './command-failure.entity.ts';
import { ConnectorEntity } from './connector.entity.ts';
import { FirmwareImageEntity } from './firmware-image.entity.ts';
import { GatewayNodeEntity } from './gateway-node.entity.ts';
import { LocalListStateEntity } from './local-list-state.entity.ts';
import { LocalListTagEntity } from './local-list-tag.entity.ts';
import { MessageLogEntity } from './message-log.entity.ts';
import { MeterSampleEntity } from './meter-sample.entity.ts';
import { OutboxEventEntity, OutboxSequenceEntity } from './outbox-event.entity.ts';
import { PaymentEntity } from './payment.entity.ts';
import { ReservationEntity } from './reservation.entity.ts';
import { SecurityEventEntity } from './security-event.entity.ts';
import { SessionIntentEntity } from './session-intent.entity.ts';
import { StationFileJobEntity, StationFileJobEventEntity } from './station-file-job.entity.ts';
import { StripeWebhookEventEntity } from './stripe-webhook-event.entity.ts';
import { TransactionEntity } from './transaction.entity.ts';
import { TransactionEventEntity } from './transaction-event.entity.ts';
import { UserEntity } from './user.entity.ts';
import { WebSessionEntity } from './web-session.entity.ts';

export {
  ApiTokenEntity,
  ChargePointEntity,
  ChargeTagEntity,
  ChargingProfileEntity,
  CommandFailureEntity,
  ConnectorEntity,
  FirmwareImageEntity,
  GatewayNodeEntity,
  LocalListStateEntity,
  LocalListTagEntity,
  MessageLogEntity,
  MeterSampleEntity,
  OutboxEventEntity,
  OutboxSequenceEntity,
  PaymentEntity,
  ReservationEntity,
  SecurityEventEntity,
  SessionIntentEntity,
  StationFileJobEntity,
  StationFileJobEventEntity,
  StripeWebhookEventEntity,
  TransactionEntity,
  TransactionEventEntity,
  UserEntity,
  WebSessionEntity,
};

/** Every entity of the schema, in the order the ORM discovers them. */
export const ALL_ENTITIES = [
  ChargePointEntity,
  ConnectorEntity,
  ChargeTagEntity,
  PaymentEntity,
  TransactionEntity,
  TransactionEventEntity,
  MeterSampleEntity,
  MessageLogEntity,
  StripeWebhookEventEntity,
  UserEntity,
  ApiTokenEntity,
  OutboxEventEntity,
  OutboxSequenceEntity,
  SessionIntentEntity,
  WebSessionEntity,
  GatewayNodeEntity,
  LocalListTagEntity,
  LocalListStateEntity,
  ReservationEntity,
  FirmwareImageEntity,
  StationFileJobEntity,
  StationFileJobEventEntity,
  ChargingProfileEntity,
  SecurityEventEntity,
  CommandFailureEntity,
];
