// `npm run screenshots`: remakes the README's picture of the web playground (needs Debian's chromium).
import { makeDocsScreenshot } from '../test/web/support/docs-screenshot.ts';

const path = 'docs/playground.png';
await makeDocsScreenshot(path);
process.stdout.write(`Wrote ${path}\n`);
