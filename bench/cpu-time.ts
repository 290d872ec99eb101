/** CPU time of this process, user and system, in ms: with the world's, where a wall time went on a busy machine. */
export function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
