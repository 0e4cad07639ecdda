import { ApplicationFailure, sleep } from '@temporalio/workflow';
import {
  FailureType,
  type ChargePointCommandInput,
  type ChargePointCommandResult,
  type InvalidCommandReason,
} from '@csms/temporal';

function fail(type: FailureType, message: string, details: unknown[] = []): never {
  throw ApplicationFailure.create({ type, message, details, nonRetryable: true });
}

/**
 * Test stand-in for the `chargePointCommand` workflow of issue 7, registered under the same name on a test task
 * queue. The station id picks the outcome, so the web app's status mapping can be checked against real Temporal.
 */
export async function chargePointCommand(input: ChargePointCommandInput): Promise<ChargePointCommandResult> {
  const { chargePointId, command } = input;
  switch (chargePointId) {
    case 'cp-offline':
      return fail(FailureType.ChargePointOffline, 'no gateway node holds a connection to cp-offline');
    case 'cp-timeout':
      return fail(FailureType.ChargePointTimeout, 'cp-timeout did not answer within 30 s');
    case 'cp-callerror':
      return fail(FailureType.ChargePointCallError, 'the station answered with a CALLERROR', [
        { errorCode: 'NotImplemented', errorDescription: 'Reset is not supported' },
      ]);
    case 'cp-invalid':
      return fail(FailureType.ChargePointInvalidResponse, 'the CALLRESULT breaks the schema');
    case 'cp-lost':
      return fail(FailureType.ConnectionLost, 'the socket closed during the call');
    case 'cp-refuse': {
      const reason: InvalidCommandReason = command.type === 'remoteStop' ? 'NoOpenTransaction' : command.type === 'remoteStart' ? 'TagNotAccepted' : 'UnknownConnector';
      return fail(FailureType.InvalidCommand, `refused: ${reason}`, [{ reason }]);
    }
    case 'cp-slow':
      await sleep(60_000);
      return { status: 'Accepted' };
    case 'cp-echo':
      return { status: JSON.stringify({ command, requestedBy: input.requestedBy ?? null }) };
  }
  if (command.type === 'getConfiguration') {
    const known = [{ key: 'HeartbeatInterval', value: '300', readonly: false }, { key: 'NumberOfConnectors', value: '2', readonly: true }];
    const keys = command.keys ?? known.map((entry) => entry.key);
    return {
      status: 'Accepted',
      configuration: known.filter((entry) => keys.includes(entry.key)),
      unknownKeys: keys.filter((key) => !known.some((entry) => entry.key === key)),
    };
  }
  return { status: command.type === 'unlockConnector' ? 'Unlocked' : command.type === 'changeConfiguration' ? 'RebootRequired' : 'Accepted' };
}
