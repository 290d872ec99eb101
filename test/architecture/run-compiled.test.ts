/**
 * How every way of starting cdnops runs its compiled build (bin/run-compiled.js): undici's WebAssembly parser stays
 * at its baseline tier, since the optimizing compile cost a 36 MiB zone whose arena kept up to 10 MiB of idle memory.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = 'test/support/parse-many-answers.mjs';

/**
 * What V8 reports of each WebAssembly function it compiled while `script` ran. Single-threaded, V8 compiles a tier-up
 * in the foreground as soon as it is due rather than on a worker that may not finish before the process exits.
 */
function wasmCompilations(script: string): string {
  const flags = ['--single-threaded', '--trace-wasm-compilation-times'];
  return execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 15_000,
  });
}

describe('the compiled build', () => {
  it('never recompiles undici’s HTTP parser with TurboFan, however many answers it reads', () => {
    // The same answers read without run-compiled: the parser is tiered up, so the trace is able to show it.
    const plain = wasmCompilations(`await import('./${FIXTURE}');`);
    // run-compiled takes a path under dist/; the fixture is reached from there.
    const compiled = wasmCompilations(
      `const { runCompiled } = await import('./bin/run-compiled.js'); await runCompiled('../${FIXTURE}');`,
    );

    expect(plain).toMatch(/using TurboFan/);
    expect(compiled).toMatch(/Compiled function .* using Liftoff/);
    expect(compiled).not.toMatch(/using TurboFan/);
  });
});
