#!/usr/bin/env node
// `npm start`: installs what is missing, migrates the database, and runs Temporal, worker, gateway and web together.
import { assertNodeVersion, ensureNodeModules, REPO_ROOT, registerTypeScript } from './bootstrap.mjs';

process.chdir(REPO_ROOT);
assertNodeVersion();
ensureNodeModules();
await registerTypeScript();
const { startSystem } = await import('./system/start-system.ts');
await startSystem();
