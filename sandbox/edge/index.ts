/** Simulated CDN edge nodes (HTTP and HTTPS on loopback addresses) for tests and the demo. */
export { SANDBOX_CA } from './sandbox-certificate.ts';
export { startEdgeSandbox } from './start-edge-sandbox.ts';
export type {
  EdgeConnection,
  EdgeOrigin,
  EdgeRequest,
  EdgeSandbox,
  EdgeSandboxOptions,
  EdgeStyle,
} from './types.ts';
