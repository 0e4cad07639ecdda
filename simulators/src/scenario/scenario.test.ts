import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario.ts';

describe('parseScenario', () => {
  it('reads YAML with bare names, shorthand values and parameter objects', () => {
    const scenario = parseScenario('speed: max\nsteps:\n  - boot\n  - plug: 2\n  - charge: { connector: 2, minutes: 5, kW: 7 }\n');
    expect(scenario.speed).toBe(Infinity);
    expect(scenario.steps).toEqual([
      { name: 'boot', params: {} },
      { name: 'plug', params: { connector: 2 } },
      { name: 'charge', params: { connector: 2, minutes: 5, kW: 7 } },
    ]);
  });

  it('reads a JSON list of steps', () => {
    expect(parseScenario('["boot", {"wait": 1}]').steps).toEqual([{ name: 'boot', params: {} }, { name: 'wait', params: { seconds: 1 } }]);
  });

  it.each([
    ['steps: [fly]', /unknown step "fly"/],
    ['steps: [{boot: {}, plug: 1}]', /exactly one key/],
    ['steps: [{charge: 5}]', /takes an object/],
    ['name: x', /list of steps/],
    ['speed: 0\nsteps: []', /speed/],
    ['steps: [', /not valid JSON or YAML/],
  ])('refuses %j', (text, message) => {
    expect(() => parseScenario(text)).toThrow(message);
  });
});
