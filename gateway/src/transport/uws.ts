import uWS from 'uWebSockets.js';
import { NativeUwsMissingError } from '../errors.ts';

/**
 * The uWebSockets.js module, guaranteed native. The republished package silently falls back to a `ws` shim whose
 * `upgrade()` throws "Not implemented"; the native module exports `getParts`, the shim does not.
 */
export function loadUws(): typeof uWS {
  if (typeof (uWS as { getParts?: unknown }).getParts !== 'function') {
    throw new NativeUwsMissingError(
      `uWebSockets.js native binary did not load (Node ${process.versions.node}, ABI ${process.versions.modules}); ` +
        'the gateway needs Node 20 on Linux x64/arm64 with glibc >= 2.27',
    );
  }
  return uWS;
}
