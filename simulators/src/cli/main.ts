import { ChargePoint } from '../charge-point/charge-point.ts';
import { SimulatorError, UsageError } from '../errors.ts';
import { runScenario } from '../scenario/run-scenario.ts';
import { loadScenario } from '../scenario/scenario.ts';
import { parseSimArgs, SIM_USAGE } from './args.ts';
import { formatFrame } from './format.ts';
import { runInteractive } from './interactive.ts';

/**
 * `csms-sim`: one simulated station, interactive (keys) or scripted (`--scenario`). Exit codes: 0 done, 1 bad
 * arguments or scenario file, 2 the server answered unexpectedly or the connection failed.
 */
async function main(argv: readonly string[]): Promise<number> {
  const options = parseSimArgs(argv);
  if (options.help) {
    process.stdout.write(`${SIM_USAGE}\n`);
    return 0;
  }
  const scenario = options.scenario === undefined ? undefined : await loadScenario(options.scenario);
  if (scenario === undefined && !process.stdin.isTTY) {
    throw new UsageError('interactive mode needs a terminal; pass --scenario FILE to run a script');
  }
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const cp = new ChargePoint(options.station);
  if (!options.quiet) cp.on('frame', (frame) => print(formatFrame(frame)));
  cp.on('failure', (error) => print(`✘ ${error.message}`));
  cp.on('reconnecting', (attempt, delay) => print(`… reconnecting (attempt ${attempt}) in ${delay} ms`));
  try {
    print(`connecting ${cp.link.endpoint} as ${options.station.protocol ?? 'ocpp1.6'}`);
    if (scenario !== undefined) {
      await runScenario(cp, scenario, {
        tag: options.tag,
        ...(options.speed === undefined ? {} : { speed: options.speed }),
        onStep: (index, step) => print(`▶ step ${index + 1}: ${step.name} ${JSON.stringify(step.params)}`),
      });
      print(`✔ ${scenario.name}: ${scenario.steps.length} steps done`);
    } else {
      const boot = await cp.powerUp();
      print(`boot ${boot.status}, heartbeat every ${boot.interval} s`);
      await runInteractive(cp, options.tag, print);
    }
    return 0;
  } finally {
    await cp.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || (error instanceof SimulatorError && error.code === 'InvalidScenario');
    process.stderr.write(`csms-sim: ${(error as Error).message}\n`);
    process.exitCode = usage ? 1 : 2;
  },
);
