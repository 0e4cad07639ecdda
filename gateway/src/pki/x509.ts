// tsyringe, which @peculiar/x509 uses for its algorithm providers, needs the Reflect polyfill loaded first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// Node's webcrypto is the standard Crypto; the package types it with the DOM lib, which this project does not load.
x509.cryptoProvider.set(webcrypto as never);

/** `@peculiar/x509`, ready on Node's WebCrypto: import it from here, never from the package directly. */
export { x509 };
