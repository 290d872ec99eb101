#!/usr/bin/env node
// `npx cdnops <command>`: the command-line twin of /cdn, compiled (dist/src/cli/main.js).
import { runCompiled } from './run-compiled.js';

await runCompiled('src/cli/main.js');
