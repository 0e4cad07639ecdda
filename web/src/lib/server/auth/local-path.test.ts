import { describe, expect, it } from 'vitest';
import { localPath } from './local-path.ts';

describe('localPath', () => {
  it('keeps paths on this site and replaces everything that could lead elsewhere', () => {
    expect(localPath('/admin/users?x=1')).toBe('/admin/users?x=1');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', '/\t/evil.example', 'admin', '', null, undefined, 3]) {
      expect(localPath(bad), String(bad)).toBe('/');
    }
  });
});
