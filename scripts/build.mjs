#!/usr/bin/env node
// `npm run build`: the production build. Each deployable becomes compiled JavaScript that Node runs without a
// TypeScript loader (docs/deployment.md, Production build):
//
//   gateway/dist/main.js        the gateway            (gateway/src/main.ts)
//   workers/dist/main.js        the worker             (workers/src/main.ts)
//   workers/dist/workflow-bundle.js   the workflows, bundled for Temporal's sandbox ahead of time
//   workers/dist/workflow-bundle-otel.js   the same with OpenTelemetry's workflow interceptors (tracing on)
//   db/dist/csms-db.js          the database CLI       (db/src/cli/main.ts: migrate, bootstrap-admin, …)
//   web/build/                  the web app            (adapter-node; the workspace packages bundled, see vite.config.ts)
//
// The workspace packages (@csms/*) export TypeScript sources, so esbuild bundles them into each entry; every other
// package stays an import of node_modules, resolved from the workspace's own folder at run time (native addons such
// as uWebSockets.js, sqlite3 and Temporal's core bridge cannot be bundled, and a bundle of ordinary dependencies would
// only hide their versions from `npm ls`). Each output sits in its workspace so nested node_modules still resolve.
import { spawnSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../..');

/** The server entries: [workspace, source entry, output file name]. */
export const SERVER_ENTRIES = [
  ['gateway', 'src/main.ts', 'main.js'],
  ['workers', 'src/main.ts', 'main.js'],
  ['db', 'src/cli/main.ts', 'csms-db.js'],
];

/** The file the compiled worker loads its workflows from, beside its main.js. */
export const WORKFLOW_BUNDLE = 'workflow-bundle.js';

/**
 * The bundle the compiled worker loads when tracing is on: with OpenTelemetry's workflow interceptors, which export
 * the workflow's spans through a sink only the tracing worker plugin registers (so the worker without tracing must
 * not load them). A prebuilt bundle is the only place workflow interceptors can go: the worker ignores the plugin's
 * interceptor modules when given one.
 */
export const WORKFLOW_BUNDLE_OTEL = 'workflow-bundle-otel.js';

// the module OpenTelemetryPlugin hands the worker's own bundler (lib/plugin.js resolves './workflow-interceptors')
const OTEL_WORKFLOW_INTERCEPTORS = createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

/** Keeps every package import except the workspace packages out of the bundle. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@csms/') || args.path.startsWith('node:')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * Compiles the gateway, the worker (with its workflow bundle) and the database CLI into `<workspace>/<outDir>/`.
 * Tests build into an outDir of their own so they never replace what `npm run build` made.
 */
export async function buildServers({ outDir = 'dist', log = console.log } = {}) {
  const { build } = await import('esbuild');
  for (const [workspace, entry, output] of SERVER_ENTRIES) {
    const dir = join(REPO_ROOT, workspace, outDir);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const started = performance.now();
    await build({
      entryPoints: [join(REPO_ROOT, workspace, entry)],
      outfile: join(dir, output),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // resolve the workspace packages' `exports` as Node would, to their sources
      conditions: ['node', 'import'],
      plugins: [externalPackages],
      sourcemap: 'linked',
      legalComments: 'none',
      logLevel: 'warning',
    });
    // Node reads `type` from the nearest package.json: the workspace's says module, so .js is ESM here too
    log(`built ${workspace}/${outDir}/${output} in ${Math.round(performance.now() - started)} ms`);
  }
  await buildWorkflowBundle(join(REPO_ROOT, 'workers', outDir, WORKFLOW_BUNDLE), [], log);
  await buildWorkflowBundle(join(REPO_ROOT, 'workers', outDir, WORKFLOW_BUNDLE_OTEL), [OTEL_WORKFLOW_INTERCEPTORS], log);
}

/** Bundles the workflows for the worker's sandbox now, so the worker needs neither webpack nor their sources. */
async function buildWorkflowBundle(outfile, workflowInterceptorModules, log) {
  const started = performance.now();
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const { code } = await bundleWorkflowCode({
    workflowsPath: join(REPO_ROOT, 'workflows/src/index.ts'),
    workflowInterceptorModules,
    logger: { trace() {}, debug() {}, info() {}, warn: (m) => log(m), error: (m) => log(m), log() {} },
  });
  await writeFile(outfile, code);
  log(`built workers/${outfile.split('/workers/')[1]} in ${Math.round(performance.now() - started)} ms`);
}

/** The web app: adapter-node's build into web/build, as `npm start` serves it. */
function buildWeb() {
  const vite = join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: join(REPO_ROOT, 'web'), stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the web build failed (exit ${result.status})`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  try {
    // --out-dir <name>: another folder than dist in each workspace (the production-build test builds its own)
    const outDirAt = process.argv.indexOf('--out-dir');
    await buildServers(outDirAt > 0 ? { outDir: process.argv[outDirAt + 1] } : {});
    if (!process.argv.includes('--servers-only')) {
      const web = performance.now();
      buildWeb();
      console.log(`built web/build in ${Math.round(performance.now() - web)} ms`);
    }
    console.log(`production build done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
