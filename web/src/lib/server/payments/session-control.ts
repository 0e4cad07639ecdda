import { randomBytes } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowNotFoundError, WorkflowUpdateFailedError, ApplicationFailure } from '@temporalio/client';
import {
  CHARGE_POINT_ID_ATTRIBUTE,
  CHARGING_SESSION_WORKFLOW,
  chargingSessionWorkflowId,
  driverStopSignal,
  PAYMENT_REFUSED,
  paidSessionKey,
  paymentNoticeSignal,
  startCheckoutUpdate,
  type ChargingSessionInput,
  type ChargingSessionWorkflow,
  type PaymentNotice,
  type PaymentRefusedReason,
} from '@csms/temporal';
import { checkoutReturnPath, absoluteUrl } from '../../ui/driver-links.ts';
import { ApiError } from '../errors.ts';
import type { Services } from '../services.ts';
import { describeOffer } from './offer.ts';
import { isSessionId } from './session-id.ts';

/** How long the start (Update-with-start: workflow, payment row, Checkout Session) may take. */
const START_DEADLINE_MS = 15_000;

const REFUSALS: Record<PaymentRefusedReason, [number, string, string]> = {
  PaymentsOff: [409, 'PaymentsOff', 'payments are off'],
  UnknownConnector: [404, 'NotFound', 'no such connector'],
  ChargePointOffline: [409, 'ChargePointOffline', 'the station is offline'],
  ConnectorBusy: [409, 'ConnectorBusy', 'the connector is in use'],
  ConnectorFaulted: [409, 'ConnectorFaulted', 'the connector is faulted'],
  ConnectorUnavailable: [409, 'ConnectorUnavailable', 'the connector is unavailable'],
  FreeCharging: [409, 'FreeCharging', 'charging here is free: no payment needed'],
  PricingMissing: [409, 'PricingMissing', 'the station has no complete price list'],
};

/** The API error of a refused start. */
export function refusalError(reason: PaymentRefusedReason, cause?: unknown): ApiError {
  const [status, code, message] = REFUSALS[reason];
  return new ApiError(status, code, message, {}, { cause });
}

const OFFER_TO_REFUSAL: Record<string, PaymentRefusedReason> = {
  paymentsOff: 'PaymentsOff',
  unknownConnector: 'UnknownConnector',
  stationOffline: 'ChargePointOffline',
  connectorBusy: 'ConnectorBusy',
  connectorFaulted: 'ConnectorFaulted',
  connectorUnavailable: 'ConnectorUnavailable',
  freeCharging: 'FreeCharging',
  pricingMissing: 'PricingMissing',
};

/** See `startPaidSession` in `./driver.ts`. */
export async function beginPaidSession(
  services: Services,
  input: { chargePointId: string; connectorId: number; locale: string },
): Promise<{ checkoutUrl: string; sessionId: string }> {
  const settings = services.config.payments;
  const baseUrl = services.config.publicBaseUrl;
  if (!settings || !baseUrl) throw refusalError('PaymentsOff');
  // a quick check so the page gets the precise reason; the workflow's payment row (unique index) decides a race
  const offer = await describeOffer(services, input.chargePointId, input.connectorId);
  if (offer.unavailable) throw refusalError(OFFER_TO_REFUSAL[offer.unavailable]!);

  // 128 random bits, base64url: the driver's only key to the session page; it says nothing about anything
  const sessionId = randomBytes(16).toString('base64url');
  const workflowId = chargingSessionWorkflowId(input.chargePointId, paidSessionKey(sessionId));
  const sessionInput: ChargingSessionInput = {
    chargePointId: input.chargePointId,
    payment: {
      sessionId,
      evseId: input.connectorId,
      locale: input.locale,
      successUrl: absoluteUrl(baseUrl, checkoutReturnPath(sessionId, 'success')),
      cancelUrl: absoluteUrl(baseUrl, checkoutReturnPath(sessionId, 'cancel')),
      settings: {
        publicBaseUrl: baseUrl,
        currency: settings.currency,
        startWindowMs: settings.startWindowMs,
        waitForPreparing: settings.waitForPreparing,
        minimumEnergyWh: settings.minimumEnergyWh,
        minimumChargeMinor: settings.minimumChargeMinor,
      },
    },
  };
  const start = new WithStartWorkflowOperation<ChargingSessionWorkflow>(CHARGING_SESSION_WORKFLOW, {
    workflowId,
    taskQueue: services.config.sessionTaskQueue,
    args: [sessionInput],
    workflowIdConflictPolicy: 'FAIL',
    typedSearchAttributes: [{ key: CHARGE_POINT_ID_ATTRIBUTE, value: input.chargePointId }],
  });
  try {
    const started = await services.temporalConnection.withDeadline(Date.now() + START_DEADLINE_MS, () =>
      services.temporal.workflow.executeUpdateWithStart(startCheckoutUpdate, { startWorkflowOperation: start }),
    );
    services.log.info({ workflowId, chargePointId: input.chargePointId, connectorId: input.connectorId }, 'paid session started');
    return started;
  } catch (error) {
    const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === PAYMENT_REFUSED) {
      throw refusalError((cause.details?.[0] as PaymentRefusedReason | undefined) ?? 'ConnectorBusy', error);
    }
    if (cause instanceof ApplicationFailure) {
      services.log.warn({ workflowId, type: cause.type }, 'paid session could not start the checkout');
      throw new ApiError(502, 'PaymentProviderError', 'the payment provider did not answer; try again', {}, { cause: error });
    }
    services.log.warn({ err: error, workflowId }, 'cannot start a paid session');
    // the driver never gets this session's Checkout URL: if the workflow runs, it must not hold the connector for the
    // checkout's half hour (best effort; a workflow that never started has nothing to cancel)
    await services.temporal.workflow
      .getHandle(workflowId)
      .signal(driverStopSignal)
      .catch(() => undefined);
    throw new ApiError(503, 'TemporalUnavailable', 'paid charging is unavailable right now', {}, { cause: error });
  }
}

async function workflowOf(services: Services, sessionId: string): Promise<string> {
  const payment = isSessionId(sessionId) ? await services.db.payments.getBySessionId(sessionId) : null;
  if (!payment) throw new ApiError(404, 'NotFound', 'no such session');
  return payment.workflowId;
}

async function signal(services: Services, workflowId: string, send: (handle: ReturnType<Services['temporal']['workflow']['getHandle']>) => Promise<void>) {
  try {
    await services.temporalConnection.withDeadline(Date.now() + 5000, () => send(services.temporal.workflow.getHandle(workflowId)));
  } catch (error) {
    // a finished session has nothing left to stop or confirm
    if (error instanceof WorkflowNotFoundError) return;
    services.log.warn({ err: error, workflowId }, 'cannot signal a paid session');
    throw new ApiError(503, 'TemporalUnavailable', 'try again in a moment', {}, { cause: error });
  }
}

/** See `stopDriverSession` in `./driver.ts`. */
export async function sendDriverStop(services: Services, sessionId: string): Promise<void> {
  const workflowId = await workflowOf(services, sessionId);
  await signal(services, workflowId, (handle) => handle.signal(driverStopSignal));
}

/** See `confirmCheckoutReturn` in `./driver.ts`. */
export async function sendCheckoutReturn(services: Services, sessionId: string, outcome: 'success' | 'cancel'): Promise<void> {
  const workflowId = await workflowOf(services, sessionId);
  const notice: PaymentNotice = { source: 'return', type: outcome };
  await signal(services, workflowId, (handle) => handle.signal(paymentNoticeSignal, notice));
}
