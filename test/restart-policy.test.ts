import { describe, expect, it } from 'vitest';
import { DeathCounter } from '../scripts/system/restart-policy.ts';
import { readSettings, SettingsError } from '../scripts/system/settings.ts';

const policy = { maxDeaths: 4, windowMs: 60_000, initialDelayMs: 1000, maxDelayMs: 5000 };

describe("the start command's restart policy", () => {
  it('doubles the delay with every death in the window, caps it, and gives up at the limit', () => {
    const deaths = new DeathCounter(policy);
    expect(deaths.record(0)).toEqual({ action: 'restart', delayMs: 1000, deathsInWindow: 1 });
    expect(deaths.record(2_000)).toEqual({ action: 'restart', delayMs: 2000, deathsInWindow: 2 });
    expect(deaths.record(5_000)).toEqual({ action: 'restart', delayMs: 4000, deathsInWindow: 3 });
    expect(deaths.record(10_000)).toEqual({ action: 'giveUp', deathsInWindow: 4 });
  });

  it('caps the delay at the maximum', () => {
    const deaths = new DeathCounter({ ...policy, maxDeaths: 10 });
    const delays = [0, 1, 2, 3, 4, 5].map((i) => deaths.record(i * 100));
    expect(delays.map((d) => (d.action === 'restart' ? d.delayMs : -1))).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('forgets deaths older than the window, so a process stable for a while restarts quickly again', () => {
    const deaths = new DeathCounter(policy);
    deaths.record(0);
    deaths.record(1_000);
    deaths.record(2_000);
    expect(deaths.record(70_000)).toEqual({ action: 'restart', delayMs: 1000, deathsInWindow: 1 });
  });

  it('reads the limits from the environment, with defaults, and names a bad variable', () => {
    expect(readSettings({}).restart).toEqual({ maxDeaths: 5, windowMs: 300_000, initialDelayMs: 1000, maxDelayMs: 30_000 });
    expect(
      readSettings({
        SUPERVISOR_MAX_DEATHS: '3',
        SUPERVISOR_DEATH_WINDOW_SECONDS: '60',
        SUPERVISOR_RESTART_DELAY_MS: '',
        SUPERVISOR_RESTART_MAX_DELAY_MS: '2000',
      }).restart,
    ).toEqual({ maxDeaths: 3, windowMs: 60_000, initialDelayMs: 1000, maxDelayMs: 2000 });
    expect(() => readSettings({ SUPERVISOR_MAX_DEATHS: 'many' })).toThrow(new SettingsError('SUPERVISOR_MAX_DEATHS must be a whole number from 1 to 1000, got "many"'));
    expect(() => readSettings({ SUPERVISOR_RESTART_MAX_DELAY_MS: '10' })).toThrow(/SUPERVISOR_RESTART_MAX_DELAY_MS must not be below SUPERVISOR_RESTART_DELAY_MS/);
    expect(() => readSettings({ WEB_PORT: '0' })).toThrow('WEB_PORT must be a port number between 1 and 65535, got "0"');
  });
});
