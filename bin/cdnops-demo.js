#!/usr/bin/env node
// `npm run demo`: runs the TypeScript sources through tsx, so it works straight after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../demo/main.ts');
