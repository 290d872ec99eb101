#!/usr/bin/env node
// `npm start`: the bot, compiled (dist/src/main.js).
import { runCompiled } from './run-compiled.js';

await runCompiled('src/main.js');
