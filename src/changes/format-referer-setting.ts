import type { RefererSetting } from '../providers/types.ts';

/**
 * One line for a referer setting, as the preview and `/cdn referer <domain>` show it:
 * `allow only *.example.com, example.com; empty referer allowed`, `deny bad.example.net; empty referer refused`,
 * `off (no referer check)`.
 */
export function formatRefererSetting(setting: RefererSetting): string {
  if (setting.mode === 'off') return 'off (no referer check)';
  const list = setting.referers.join(', ');
  const empty = `empty referer ${setting.allowEmpty ? 'allowed' : 'refused'}`;
  return setting.mode === 'allow' ? `allow only ${list}; ${empty}` : `deny ${list}; ${empty}`;
}
