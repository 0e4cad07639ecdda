#!/usr/bin/env node
// Runs the TypeScript sources directly (the workspace exports sources, not builds).
import { register } from 'tsx/esm/api';

register();
await import('../src/page/main.ts');
