import { createSecureContext, rootCertificates } from 'node:tls';
import { describe, expect, it, vi } from 'vitest';
import { checkOptions, checkSettings } from '../../src/check/check-settings.ts';

// Which CAs went into the context cannot be read back from it; what it was built from can.
vi.mock('node:tls', async (importOriginal) => {
  const tls = await importOriginal<typeof import('node:tls')>();
  return { ...tls, createSecureContext: vi.fn(() => ({ context: {} })) };
});

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('checkSettings', () => {
  it('bounds a whole check by three request timeouts and uses the system CAs without a caFile', () => {
    const settings = checkSettings({ edges: 4, timeout: 5_000 });

    expect(settings).toEqual({
      edges: 4,
      timeoutMs: 5_000,
      overallTimeoutMs: 15_000,
      resolver: undefined,
      secureContext: undefined,
    });
    expect(checkOptions(settings, 8)).toEqual({ edges: 8, timeoutMs: 5_000, overallTimeoutMs: 15_000 });
  });

  it("trusts the caFile's CAs besides Node's own, not instead of them, in one context built up front", () => {
    const settings = checkSettings({ edges: 4, timeout: 5_000, caFile: '/etc/ca.pem' }, () => PEM);

    expect(vi.mocked(createSecureContext)).toHaveBeenCalledWith({ ca: [...rootCertificates, PEM] });
    expect(checkOptions(settings).secureContext).toBe(settings.secureContext);
  });

  it('stops with one line naming check.caFile when the file is missing', () => {
    const missing = () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };

    expect(() => checkSettings({ edges: 4, timeout: 5_000, caFile: '/etc/ca.pem' }, missing)).toThrow(
      'check.caFile: cannot read /etc/ca.pem (no such file); give the path of a PEM file of CA certificates, or leave caFile out',
    );
  });
});
