import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { InvalidScenarioError } from '../errors.ts';

/** One step of a scenario: the step's name and its parameters. */
export interface ScenarioStep {
  readonly name: StepName;
  readonly params: Readonly<Record<string, unknown>>;
}

/** The steps a scenario can take. */
export const STEP_NAMES = [
  'boot', 'wait', 'plug', 'unplug', 'status', 'authorize', 'start', 'charge', 'meterValues', 'stop', 'heartbeat',
  'dataTransfer', 'offline', 'online', 'waitForCall', 'call', 'badFrame', 'firmwareStatus', 'diagnosticsStatus',
] as const;

/** One of {@link STEP_NAMES}. */
export type StepName = (typeof STEP_NAMES)[number];

/** A parsed scenario file. */
export interface Scenario {
  readonly name: string;
  /** Simulated seconds per real second in `charge` steps; `Infinity` sends every sample at once. Default 1. */
  readonly speed: number;
  readonly steps: readonly ScenarioStep[];
}

/** Where a bare value of a step goes (`- plug: 2` means connector 2, `- wait: 5` means 5 seconds). */
const SHORTHAND: Partial<Record<StepName, string>> = {
  wait: 'seconds', plug: 'connector', unplug: 'connector', authorize: 'tag', start: 'connector', stop: 'connector',
  meterValues: 'connector', waitForCall: 'action', badFrame: 'kind', firmwareStatus: 'status', diagnosticsStatus: 'status',
  boot: 'expect',
};

function isStepName(name: string): name is StepName {
  return (STEP_NAMES as readonly string[]).includes(name);
}

function parseStep(raw: unknown, index: number): ScenarioStep {
  const where = `step ${index + 1}`;
  if (typeof raw === 'string') {
    if (!isStepName(raw)) throw new InvalidScenarioError(`${where}: unknown step "${raw}" (known: ${STEP_NAMES.join(', ')})`);
    return { name: raw, params: {} };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InvalidScenarioError(`${where}: a step is a name or an object with one key`);
  }
  const entries = Object.entries(raw);
  const [entry] = entries;
  if (entries.length !== 1 || entry === undefined) throw new InvalidScenarioError(`${where}: a step object has exactly one key, the step name`);
  const [name, value] = entry;
  if (!isStepName(name)) throw new InvalidScenarioError(`${where}: unknown step "${name}" (known: ${STEP_NAMES.join(', ')})`);
  if (value === null || value === undefined) return { name, params: {} };
  if (typeof value === 'object' && !Array.isArray(value)) return { name, params: value as Record<string, unknown> };
  const key = SHORTHAND[name];
  if (key === undefined) throw new InvalidScenarioError(`${where}: "${name}" takes an object of parameters`);
  return { name, params: { [key]: value } };
}

/**
 * Reads a scenario from JSON or YAML text: either a list of steps, or `{ name?, speed?, steps }`. A step is a name
 * (`- heartbeat`), a name with its main value (`- plug: 1`) or a name with parameters
 * (`- charge: { connector: 1, minutes: 30, kW: 11 }`).
 */
export function parseScenario(text: string, name = 'scenario'): Scenario {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new InvalidScenarioError(`${name}: not valid JSON or YAML: ${(error as Error).message}`, error);
  }
  const root = Array.isArray(document) ? { steps: document } : (document as Record<string, unknown> | null);
  if (root === null || typeof root !== 'object' || !Array.isArray(root.steps)) {
    throw new InvalidScenarioError(`${name}: expected a list of steps or an object with "steps"`);
  }
  const speed = root.speed === undefined ? 1 : root.speed === 'max' ? Infinity : Number(root.speed);
  if (!(speed > 0)) throw new InvalidScenarioError(`${name}: speed must be a positive number or "max"`);
  return { name: typeof root.name === 'string' ? root.name : name, speed, steps: root.steps.map(parseStep) };
}

/** Reads and parses a scenario file (YAML is a superset of JSON, so one parser reads both). */
export async function loadScenario(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidScenarioError(`cannot read scenario ${path}: ${(error as Error).message}`, error);
  }
  return parseScenario(text, path);
}
