/** How big and which fuzz run: a fixed seed for CI, larger or other runs on demand. */
export interface FuzzSettings {
  /** fast-check seed (`FUZZ_SEED`); CI uses the fixed default so a red run can be replayed. */
  readonly seed: number;
  /** Runs per property (`FUZZ_RUNS`). */
  readonly runs: number;
  /** Frames per version in the socket fuzz (`FUZZ_FRAMES`). */
  readonly frames: number;
}

/** The seed CI runs with. */
export const DEFAULT_FUZZ_SEED = 20_260_412;

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

/**
 * Reads `FUZZ_SEED`, `FUZZ_RUNS` and `FUZZ_FRAMES` (tests only; not part of any deployable's config).
 *
 * @param defaults the sizes that fit CI for the calling test file
 */
export function fuzzSettings(defaults: { runs: number; frames?: number }, env: NodeJS.ProcessEnv = process.env): FuzzSettings {
  return {
    seed: positiveInt('FUZZ_SEED', env.FUZZ_SEED, DEFAULT_FUZZ_SEED),
    runs: Math.max(1, positiveInt('FUZZ_RUNS', env.FUZZ_RUNS, defaults.runs)),
    frames: Math.max(1, positiveInt('FUZZ_FRAMES', env.FUZZ_FRAMES, defaults.frames ?? 0)),
  };
}
