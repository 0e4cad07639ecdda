import { ApiError } from '../errors.ts';
import type { Services } from '../services.ts';

/** See `startPaidSession` in `./driver.ts`. */
export async function beginPaidSession(
  _services: Services,
  _input: { chargePointId: string; connectorId: number; locale: string },
): Promise<{ checkoutUrl: string; sessionId: string }> {
  throw new ApiError(501, 'NotImplemented', 'paid charging is being built');
}

/** See `stopDriverSession` in `./driver.ts`. */
export async function sendDriverStop(_services: Services, _sessionId: string): Promise<void> {
  throw new ApiError(501, 'NotImplemented', 'paid charging is being built');
}

/** See `confirmCheckoutReturn` in `./driver.ts`. */
export async function sendCheckoutReturn(_services: Services, _sessionId: string, _outcome: 'success' | 'cancel'): Promise<void> {
  throw new ApiError(501, 'NotImplemented', 'paid charging is being built');
}
