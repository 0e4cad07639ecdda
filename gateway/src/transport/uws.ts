import uWS from 'uWebSockets.js';

/** Raised when the uWebSockets.js native binary did not load (its JS fallback cannot upgrade sockets). */
export class NativeUwsMissingError extends Error {
  override readonly name = 'NativeUwsMissingError';
  readonly code = 'UWS_NATIVE_MISSING';
}

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
