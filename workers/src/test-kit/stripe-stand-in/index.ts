/** The Stripe stand-in of the test kit (see `stripe-stand-in.ts`). */
export { startStripeStandIn, type StandInRequest, type StripeStandIn, type StripeStandInOptions } from './stripe-stand-in.ts';
