import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { ConfigError } from '../errors.ts';

describe('alert thresholds in the web config', () => {
  it('default to 15 minutes offline, 24 hours open, the last 24 hours of failures and events', () => {
    expect(loadConfig({}).alerts).toEqual({
      offlineMs: 15 * 60_000,
      longSessionMs: 24 * 3_600_000,
      failedCommandWindowMs: 24 * 3_600_000,
      securityEventWindowMs: 24 * 3_600_000,
    });
  });

  it('take whole positive numbers and name the variable of a bad one', () => {
    const env = { ALERT_OFFLINE_MINUTES: '5', ALERT_SESSION_HOURS: '12', ALERT_COMMAND_FAILURE_HOURS: '2', ALERT_SECURITY_EVENT_HOURS: '168' };
    expect(loadConfig(env).alerts).toEqual({ offlineMs: 300_000, longSessionMs: 12 * 3_600_000, failedCommandWindowMs: 2 * 3_600_000, securityEventWindowMs: 168 * 3_600_000 });
    for (const [name, value] of [['ALERT_OFFLINE_MINUTES', '0'], ['ALERT_SESSION_HOURS', '1.5'], ['ALERT_SECURITY_EVENT_HOURS', 'a day']]) {
      expect(() => loadConfig({ [name!]: value }), name).toThrow(ConfigError);
      expect(() => loadConfig({ [name!]: value }), name).toThrow(new RegExp(`^${name}:`));
    }
  });
});
