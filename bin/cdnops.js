#!/usr/bin/env node
// `npx cdnops <command>`: the command-line twin of /cdn. Runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
