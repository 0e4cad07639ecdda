import { ApiError } from '../errors.ts';
import type { Services } from '../services.ts';
import type { PaymentView } from './driver-types.ts';

/** See `refundPayment` in `./admin.ts`. */
export async function runRefund(_services: Services, _id: number, _amountMinor?: number, _requestedBy?: string): Promise<PaymentView> {
  throw new ApiError(501, 'NotImplemented', 'paid charging is being built');
}
