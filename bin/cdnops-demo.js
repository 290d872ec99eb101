#!/usr/bin/env node
// `npm run demo`: the terminal chat and web playground, compiled (dist/demo/main.js).
import { runCompiled } from './run-compiled.js';

await runCompiled('demo/main.js');
