// The values test/global-setup.ts provides (declared there too); repeated here because web's tsconfig, which
// svelte-check uses, does not include the repository's test/ folder.
declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
  }
}

export {};
