#!/usr/bin/env node
// `npm start`: the bot, compiled and bundled (dist/bot/main.js; scripts/build.js says why).
import { runCompiled } from './run-compiled.js';

await runCompiled('bot/main.js');
