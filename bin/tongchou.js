#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so `npm start` needs no separate server build step.
import { register } from 'tsx/esm/api';

register();
await import('../server/main.ts');
