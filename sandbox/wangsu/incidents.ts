/**
 * Incidents staged on Wangsu domains, for alerts to see: the same traffic model and the same controls as the Tencent
 * sandbox (traffic-model.ts), so a 5xx spike or a traffic jump shows in the status-code report and in the flow,
 * bandwidth and request reports from its start on, until it is ended.
 */
import { type Incident, type SandboxIncident, trafficProfile } from '../tencent/traffic-model.ts';
import type { SandboxState } from './state.ts';

export function startIncident(state: SandboxState, domain: string, incident: SandboxIncident): void {
  const name = domain.toLowerCase();
  state.incidents.set(name, [...(state.incidents.get(name) ?? []), { ...incident }]);
}

/** Ends the domain's open incidents at `at`: minutes from then on are back to normal. */
export function endIncident(state: SandboxState, domain: string, at: number): void {
  for (const incident of state.incidents.get(domain.toLowerCase()) ?? []) {
    if (incident.until === undefined) incident.until = at;
  }
}

/** The model's profile of a domain with the incidents staged on it. */
export function profileOf(state: SandboxState, domain: string) {
  const incidents: Incident[] = state.incidents.get(domain.toLowerCase()) ?? [];
  return trafficProfile(domain, incidents);
}
