import { BlockArgs, changeBlocking } from '../changes/change-blocking.ts';
import { defineCommand } from './app-services.ts';

export const unblock = defineCommand({
  name: 'unblock',
  summary: 'Take client IPs/CIDRs or user agents off a domain’s deny list (operator, confirmed first)',
  usage: '<domain> ip <ip or CIDR>... | ua <regex>... [--dry-run]',
  examples: ['unblock www.example.com ip 192.0.2.1 --dry-run'],
  role: 'operator',
  mutating: true,
  flags: { 'dry-run': 'boolean' },
  args: BlockArgs,
  handler: (args, ctx) => changeBlocking('unblock', args, ctx),
});
