import type { JsonObject } from '@csms/gateway/protocol';
import { isDeepStrictEqual } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { BAD_FRAME_KINDS, type BadFrameKind } from '../charge-point/bad-frames.ts';
import type { ChargePoint } from '../charge-point/charge-point.ts';
import { CONNECTOR_STATUSES, type ConnectorStatus } from '../charge-point/state.ts';
import { InvalidScenarioError, UnexpectedAnswerError } from '../errors.ts';
import type { Scenario, ScenarioStep } from './scenario.ts';

/** What a scenario run needs besides the station. */
export interface RunScenarioOptions {
  /** The tag used where a step names none. */
  readonly tag?: string;
  /** Overrides the scenario's own speed. */
  readonly speed?: number;
  /** Called before each step with a one-line description. */
  readonly onStep?: (index: number, step: ScenarioStep) => void;
}

const num = (params: Readonly<Record<string, unknown>>, key: string, fallback?: number): number => {
  const value = params[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidScenarioError(`"${key}" must be a number`);
  return value;
};

const str = (params: Readonly<Record<string, unknown>>, key: string, fallback?: string): string => {
  const value = params[key] ?? fallback;
  if (typeof value !== 'string' || value === '') throw new InvalidScenarioError(`"${key}" must be a non-empty string`);
  return value;
};

function expectValue(step: string, actual: unknown, expected: unknown): void {
  if (expected === undefined) return;
  const matches =
    typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null
      ? Object.entries(expected).every(([k, v]) => isDeepStrictEqual((actual as Record<string, unknown>)[k], v))
      : isDeepStrictEqual(actual, expected);
  if (!matches) throw new UnexpectedAnswerError(`${step}: expected ${JSON.stringify(expected)}, the server answered ${JSON.stringify(actual)}`);
}

/**
 * Runs a scenario's steps in order on a station. Rejects at the first step whose answer is not what the step
 * expects (by default: boot Accepted, tags Accepted), or that the server refuses with a CALLERROR.
 */
export async function runScenario(cp: ChargePoint, scenario: Scenario, options: RunScenarioOptions = {}): Promise<void> {
  // Server CALLs are recorded for the whole run: one may arrive while an earlier step is still finishing.
  const run: Run = { cp, speed: options.speed ?? scenario.speed, tag: options.tag, received: [], waiters: [] };
  const onCall = (action: string) => {
    const waiter = run.waiters.find((w) => w.action === action);
    if (waiter === undefined) run.received.push(action);
    else {
      run.waiters.splice(run.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  cp.on('serverCall', onCall);
  try {
    for (const [index, step] of scenario.steps.entries()) {
      options.onStep?.(index, step);
      try {
        await runStep(run, step);
      } catch (error) {
        if (error instanceof Error) error.message = `step ${index + 1} (${step.name}): ${error.message}`;
        throw error;
      }
    }
  } finally {
    cp.off('serverCall', onCall);
  }
}

interface Run {
  readonly cp: ChargePoint;
  readonly speed: number;
  readonly tag: string | undefined;
  /** Server CALLs not yet consumed by a waitForCall step. */
  readonly received: string[];
  readonly waiters: { action: string; resolve: () => void }[];
}

function waitForCall(run: Run, action: string, timeoutS: number): Promise<void> {
  const seen = run.received.indexOf(action);
  if (seen >= 0) {
    run.received.splice(seen, 1);
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const waiter = {
      action,
      resolve: () => {
        clearTimeout(timer);
        resolve();
      },
    };
    const timer = setTimeout(() => {
      run.waiters.splice(run.waiters.indexOf(waiter), 1);
      reject(new UnexpectedAnswerError(`no ${action} from the server within ${timeoutS} s`));
    }, timeoutS * 1000);
    run.waiters.push(waiter);
  });
}

async function runStep(run: Run, step: ScenarioStep): Promise<void> {
  const { cp, speed, tag: defaultTag } = run;
  const p = step.params;
  const connector = () => num(p, 'connector', 1);
  switch (step.name) {
    case 'boot': {
      const result = cp.online ? await cp.boot() : await cp.powerUp();
      expectValue('BootNotification', result.status, p.expect ?? 'Accepted');
      return;
    }
    case 'wait':
      await sleep(num(p, 'seconds') * 1000);
      return;
    case 'plug':
      await cp.plugIn(connector());
      return;
    case 'unplug':
      await cp.unplug(connector());
      return;
    case 'status': {
      const status = str(p, 'status') as ConnectorStatus;
      if (!CONNECTOR_STATUSES.includes(status)) throw new InvalidScenarioError(`unknown status ${status}`);
      await cp.statusNotification(connector(), status, typeof p.errorCode === 'string' ? p.errorCode : 'NoError');
      return;
    }
    case 'authorize':
      expectValue('Authorize', await cp.authorize(str(p, 'tag', defaultTag)), p.expect ?? 'Accepted');
      return;
    case 'start': {
      const tx = await cp.startTransaction(connector(), str(p, 'tag', defaultTag));
      expectValue('start', tx.authorizationStatus, p.expect ?? 'Accepted');
      return;
    }
    case 'charge': {
      const id = connector();
      const totalS = num(p, 'minutes') * 60;
      const intervalS = num(p, 'intervalSeconds', 60);
      if (p.kW !== undefined) cp.setPower(id, num(p, 'kW') * 1000);
      if (p.soc !== undefined) cp.setSoc(id, num(p, 'soc'));
      for (let elapsed = 0; elapsed < totalS; elapsed += intervalS) {
        const period = Math.min(intervalS, totalS - elapsed);
        if (Number.isFinite(speed)) await sleep((period * 1000) / speed);
        cp.advanceMeter(id, period);
        // Offline, the reading waits in the queue until the station is back; the scenario goes on meanwhile.
        if (cp.online) await cp.sendMeterValues(id);
        else cp.background(cp.sendMeterValues(id));
      }
      return;
    }
    case 'meterValues':
      await cp.sendMeterValues(connector());
      return;
    case 'stop':
      await cp.stopTransaction(connector(), typeof p.reason === 'string' ? p.reason : 'Local');
      return;
    case 'heartbeat':
      await cp.heartbeat();
      return;
    case 'dataTransfer': {
      const answer = await cp.dataTransfer(str(p, 'vendorId'), p.messageId as string | undefined, p.data as string | undefined);
      expectValue('DataTransfer', answer.status, p.expect);
      return;
    }
    case 'firmwareStatus':
      await cp.firmwareStatus(str(p, 'status'));
      return;
    case 'diagnosticsStatus':
      await cp.diagnosticsStatus(str(p, 'status'));
      return;
    case 'offline':
      await cp.goOffline();
      return;
    case 'online':
      await cp.goOnline();
      return;
    case 'waitForCall':
      await waitForCall(run, str(p, 'action'), num(p, 'timeout', 60));
      return;
    case 'call': {
      const answer = await cp.call(str(p, 'action'), (p.payload ?? {}) as JsonObject);
      expectValue(str(p, 'action'), answer, p.expect);
      return;
    }
    case 'badFrame': {
      const kind = str(p, 'kind') as BadFrameKind;
      if (!BAD_FRAME_KINDS.includes(kind)) throw new InvalidScenarioError(`unknown bad frame kind ${kind}`);
      const answer = await cp.sendBadFrame(kind);
      if (answer === undefined) throw new UnexpectedAnswerError(`the server did not answer the ${kind} frame`);
      expectValue('bad frame', answer[2], p.expect);
      return;
    }
  }
}
