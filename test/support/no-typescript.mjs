// Preloaded (`node --import`) into the compiled processes under test: loading tsx or any TypeScript file fails the
// process at once, so a production entry that still reaches for a source file cannot pass unnoticed.
import Module, { register } from 'node:module';

for (const extension of ['.ts', '.mts', '.cts', '.tsx']) {
  Module._extensions[extension] = (_module, filename) => {
    throw new Error(`TypeScript loaded at run time: ${filename}`);
  };
}
register('./no-typescript-hooks.mjs', import.meta.url);
