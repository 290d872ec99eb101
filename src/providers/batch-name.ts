/** How a series that adds up several domains names them: the first, and how many more. */
export function batchName(domains: readonly string[]): string {
  return domains.length === 1 ? domains[0]! : `${domains[0]}+${domains.length - 1} more`;
}
