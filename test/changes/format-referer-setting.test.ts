import { describe, expect, it } from 'vitest';
import { formatRefererSetting } from '../../src/changes/format-referer-setting.ts';
import { parseRefererSetting } from '../../src/changes/parse-referer-setting.ts';
import type { RefererSetting } from '../../src/providers/types.ts';

describe('formatRefererSetting', () => {
  it.each<[RefererSetting, string]>([
    [
      { mode: 'allow', referers: ['*.example.com', 'example.com'], allowEmpty: true },
      'allow only *.example.com, example.com; empty referer allowed',
    ],
    [{ mode: 'allow', referers: ['a.com'], allowEmpty: false }, 'allow only a.com; empty referer refused'],
    [
      { mode: 'deny', referers: ['bad.example.net'], allowEmpty: false },
      'deny bad.example.net; empty referer refused',
    ],
    [
      { mode: 'deny', referers: ['a.com', 'b.com'], allowEmpty: true },
      'deny a.com, b.com; empty referer allowed',
    ],
    [{ mode: 'off' }, 'off (no referer check)'],
  ])('shows %j as %s', (setting, line) => {
    expect(formatRefererSetting(setting)).toBe(line);
  });

  it('shows a parsed setting as typed, duplicates gone', () => {
    const setting = parseRefererSetting({
      mode: 'allow',
      list: ['*.example.com,example.com', 'EXAMPLE.com'],
      allowEmpty: true,
    });

    expect(formatRefererSetting(setting)).toBe(
      'allow only *.example.com, example.com; empty referer allowed',
    );
  });
});
