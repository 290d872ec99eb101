import type { VisitControlRule } from './visit-control-rule.ts';

/**
 * The `visit-control-rules` array of the "查询防盗链配置" (query visit-control config) page's JSON sample, exactly as
 * published, with the one fix the sample needs to parse: the comma missing after `referer-control-rule`. It carries
 * no `data-id`; the sandbox assigns one when it seeds a domain with it.
 */
export const SEED_VISIT_CONTROL_SAMPLE: readonly VisitControlRule[] = [
  {
    'ip-control-rule': {
      'forbidden-ips': '1.2.3.4',
    },
    priority: 9,
    'control-action': '403',
    'rewrite-to': '',
    'except-directory': '',
    directory: '/home/',
    'specify-url-pattern': '',
    'custom-file-type': '',
    'path-pattern': '',
    'referer-control-rule': {
      'allow-null-referer': 'true',
      'valid-domain': 'c.com;d.com',
      'valid-url': 'http://b.com',
    },
    'ua-control-rule': {
      'valid-user-agents': 'Android|iPhone',
      'invalid-user-agents': '',
    },
  },
];
