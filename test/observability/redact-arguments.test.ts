import { describe, expect, it } from 'vitest';
import { redactArguments } from '../../src/observability/redact-arguments.ts';

describe('what of a typed command is logged', () => {
  it('keeps commands, flags, domains and paths as typed', () => {
    expect(redactArguments('purge --dir https://www.example.com/static/ --all')).toBe(
      'purge --dir https://www.example.com/static/ --all',
    );
    expect(redactArguments('stats www.example.com --last 7d')).toBe('stats www.example.com --last 7d');
  });

  it('replaces every query value and fragment of a URL, whatever the parameter is called', () => {
    expect(
      redactArguments(
        'purge https://v.example.com/a.mp4?wsSecret=9f86d08&wsABSTime=65a1 https://x.example.com/b#t=1',
      ),
    ).toBe(
      'purge https://v.example.com/a.mp4?wsSecret=[redacted]&wsABSTime=[redacted] https://x.example.com/b#[redacted]',
    );
  });

  it('replaces the password of a URL, and Slack tokens anywhere', () => {
    expect(redactArguments('add www.example.com --origin https://deploy:hunter2@origin.example.com')).toBe(
      'add www.example.com --origin https://deploy:[redacted]@origin.example.com',
    );
    expect(redactArguments('help xoxb-1234-5678-abcdef')).toBe('help [redacted]');
  });

  it('redacts inside Slack link markup too', () => {
    expect(
      redactArguments('purge <https://www.example.com/a.js?token=abc|www.example.com/a.js?token=abc>'),
    ).toBe('purge <https://www.example.com/a.js?token=[redacted]|www.example.com/a.js?token=[redacted]>');
  });
});
