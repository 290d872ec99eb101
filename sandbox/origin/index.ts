/** A loopback origin web server for tests and the demo. */
export { startOriginSandbox } from './start-origin-sandbox.ts';
export type { OriginFile, OriginRequest, OriginSandbox, OriginSandboxOptions } from './types.ts';
export { type Representation, writeRepresentation } from './write-representation.ts';
