import { describe, expect, it } from 'vitest';
import { domainChoices } from '../../src/cache-ops/domain-options.ts';
import type { DomainSummary } from '../../src/providers/types.ts';

const summary = (domain: string) => ({ domain, status: 'online' }) as DomainSummary;

describe('the purge modal domain select', () => {
  const accounts = [
    { accountId: 'tencent-prod', domains: ['www.example.com', 'xn--fiq228c.example.com'].map(summary) },
  ];

  it('shows an international domain with its Unicode name, the listed form as value', () => {
    expect(domainChoices(accounts)).toEqual({
      options: [
        { text: { type: 'plain_text', text: 'www.example.com' }, value: 'www.example.com' },
        {
          text: { type: 'plain_text', text: 'xn--fiq228c.example.com (中文.example.com)' },
          value: 'xn--fiq228c.example.com',
        },
      ],
    });
  });

  it('finds it when typed in Unicode', () => {
    expect(domainChoices(accounts, '中文')).toEqual({
      options: [expect.objectContaining({ value: 'xn--fiq228c.example.com' })],
    });
  });
});
