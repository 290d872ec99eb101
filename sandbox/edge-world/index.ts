/** DNS, origin and edge sandboxes composed around the provider sandboxes, for `/cdn check` in tests and the demo. */
export { type EdgeWorld, startEdgeWorld } from './start-edge-world.ts';
