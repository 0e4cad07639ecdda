/** Types of scripts/build.mjs for the TypeScript tests that read its entries. */
/** The server entries: [workspace, source entry, output file name]. */
export declare const SERVER_ENTRIES: ReadonlyArray<readonly [workspace: string, entry: string, output: string]>;
/** The file the compiled worker loads its workflows from, beside its main.js. */
export declare const WORKFLOW_BUNDLE: string;
/** Compiles the gateway, the worker (with its workflow bundle) and the database CLI into `<workspace>/<outDir>/`. */
export declare function buildServers(options?: { outDir?: string; log?: (line: string) => void }): Promise<void>;
