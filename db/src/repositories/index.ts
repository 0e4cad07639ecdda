import type { Session } from '../orm/session.ts';
import { createChargePointRepository, type ChargePointRepository } from './charge-points.ts';

/** The repositories of one unit of work: on a database handle each call is its own, inside a transaction they share it. */
export interface Repositories {
  readonly chargePoints: ChargePointRepository;
}

/** Binds every repository to `session`. */
export function createRepositories(session: Session): Repositories {
  return {
    chargePoints: createChargePointRepository(session),
  };
}
