import { ForeignKeyConstraintViolationException } from '@mikro-orm/core';
import { ChargePointEntity } from '../entities/charge-point.entity.ts';
import { CommandFailureEntity } from '../entities/command-failure.entity.ts';
import type { Session } from '../orm/session.ts';
import { clampText } from '../text-length.ts';

/** An operator command its station did not answer usefully (see {@link CommandFailureEntity}). */
export interface CommandFailureInput {
  readonly chargePointId: string;
  /** The command's type as the REST API names it. */
  readonly command: string;
  /** The API's error code (ChargePointOffline, ChargePointTimeout, ChargePointError, …). */
  readonly code: string;
  readonly message: string;
  readonly requestedBy: string | null;
  readonly failedAt: Date;
}

/** Failed operator commands, kept for the alerts list. */
export interface CommandFailureRepository {
  /** Stores one failure; a station deleted meanwhile is not an error (nothing is stored). */
  record(failure: CommandFailureInput): Promise<void>;
}

/** Binds the command failure repository to a session. */
export function createCommandFailureRepository(session: Session): CommandFailureRepository {
  return {
    record: async (failure) => {
      try {
        await session.write(async (em) => {
          if ((await em.count(ChargePointEntity, { id: failure.chargePointId })) === 0) return;
          em.create(CommandFailureEntity, {
            chargePoint: failure.chargePointId,
            command: clampText(failure.command, 50),
            code: clampText(failure.code, 50),
            message: clampText(failure.message, 500),
            requestedBy: failure.requestedBy === null ? null : clampText(failure.requestedBy, 100),
            failedAt: failure.failedAt,
          });
          await em.flush();
        });
      } catch (error) {
        // the station was purged between the check and the insert: its failures went with it
        if (!(error instanceof ForeignKeyConstraintViolationException)) throw error;
      }
    },
  };
}
