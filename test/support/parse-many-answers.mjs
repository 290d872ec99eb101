// Run by test/architecture/run-compiled.test.ts, directly and through bin/run-compiled.js: enough HTTP answers read
// by undici (whose parser, llhttp, is WebAssembly) for V8 to tier the parser up, were it allowed to.
import { createServer } from 'node:http';
import { request } from 'undici';

const server = createServer((_request, response) => response.end('x'.repeat(1_000)));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
for (let answer = 0; answer < 300; answer++) {
  const response = await request(`http://127.0.0.1:${port}/`);
  await response.body.text();
}
server.close();
