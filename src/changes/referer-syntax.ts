/**
 * The referer syntax of `/cdn referer <domain> set`, in one import: read a setting and show it. Each lives in its
 * own file; this module only gathers them.
 */
export { formatRefererSetting } from './format-referer-setting.ts';
export { parseRefererSetting } from './parse-referer-setting.ts';
