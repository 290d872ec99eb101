import type { DomainStatus } from '../providers/types.ts';

const EMOJI: Readonly<Record<DomainStatus, string>> = {
  online: ':large_green_circle:',
  offline: ':red_circle:',
  processing: ':large_yellow_circle:',
  closing: ':large_yellow_circle:',
  rejected: ':no_entry:',
  unknown: ':white_circle:',
};

export function statusEmoji(status: DomainStatus): string {
  return EMOJI[status];
}
