import { emitKeypressEvents } from 'node:readline';
import type { ChargePoint } from '../charge-point/charge-point.ts';

/** The keys of interactive mode, shown by `?`. */
export const INTERACTIVE_HELP = `keys: 1-9 select connector · p plug · a authorize · s start · t stop · u unplug · f fault · r recover
      m meter values · h heartbeat · b boot · o offline/online · x drop connection · ? help · q quit`;

/**
 * Drives a station from the keyboard until `q` or Ctrl-C. Each key runs one step; its outcome is printed on one
 * line (the frames themselves are printed by the caller's frame listener).
 */
export function runInteractive(cp: ChargePoint, tag: string, print: (line: string) => void): Promise<void> {
  const input = process.stdin;
  let selected = 1;
  print(INTERACTIVE_HELP);
  const run = (label: string, step: () => Promise<unknown>) => {
    step().then(
      (result) => print(`✔ ${label}${result === undefined || typeof result === 'object' ? '' : `: ${String(result)}`}`),
      (error: unknown) => print(`✘ ${label}: ${(error as Error).message}`),
    );
  };
  return new Promise((resolve) => {
    emitKeypressEvents(input);
    input.setRawMode(true);
    input.resume();
    const onKey = (_: string, key: { name?: string; sequence?: string; ctrl?: boolean } | undefined) => {
      const name = key?.name ?? key?.sequence ?? '';
      if (name === 'q' || (key?.ctrl && name === 'c')) {
        input.off('keypress', onKey);
        input.setRawMode(false);
        input.pause();
        resolve();
        return;
      }
      if (/^[1-9]$/.test(name)) {
        if (Number(name) <= cp.connectors.length) selected = Number(name);
        print(`connector ${selected} selected`);
        return;
      }
      const c = selected;
      switch (name) {
        case 'p': return run(`plug ${c}`, () => cp.plugIn(c));
        case 'a': return run(`authorize ${tag}`, () => cp.authorize(tag));
        case 's': return run(`start on ${c}`, async () => (await cp.startTransaction(c, tag)).transactionId);
        case 't': return run(`stop on ${c}`, () => cp.stopTransaction(c, 'Local'));
        case 'u': return run(`unplug ${c}`, () => cp.unplug(c));
        case 'f': return run(`fault ${c}`, () => cp.fault(c));
        case 'r': return run(`recover ${c}`, () => cp.statusNotification(c, 'Available'));
        case 'm': return run(`meter values ${c}`, () => cp.sendMeterValues(c));
        case 'h': return run('heartbeat', () => cp.heartbeat());
        case 'b': return run('boot', async () => (await cp.boot()).status);
        case 'o': return cp.online ? run('offline', () => cp.goOffline()) : run('online', () => cp.goOnline());
        case 'x': return run('drop connection', async () => cp.dropConnection());
        case '?': return print(INTERACTIVE_HELP);
      }
    };
    input.on('keypress', onKey);
  });
}
