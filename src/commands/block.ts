import { BlockArgs, changeBlocking } from '../changes/change-blocking.ts';
import { defineCommand } from './app-services.ts';

export const block = defineCommand({
  name: 'block',
  summary: 'Block client IPs/CIDRs or user agents on a whole domain (operator, confirmed first)',
  usage: '<domain> ip <ip or CIDR>... | ua <regex>... [--dry-run]',
  examples: [
    'block www.example.com ip 203.0.113.7 198.51.100.0/24',
    'block www.example.com ua BadBot.* ^curl/ --dry-run',
    'block www.example.cn ip 2001:db8::/32',
  ],
  role: 'operator',
  mutating: true,
  flags: { 'dry-run': 'boolean' },
  args: BlockArgs,
  handler: (args, ctx) => changeBlocking('block', args, ctx),
});
