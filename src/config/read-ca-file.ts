import { readFileSync } from 'node:fs';

export type ReadCaFileResult = { ok: true; pem: string } | { ok: false; problem: string };

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/**
 * Reads the PEM file of extra CAs named by `check.caFile`. The problem is worded to follow the key's name on one
 * start-up line: `check.caFile: cannot read /etc/x.pem (no such file); …`.
 */
export function readCaFile(path: string, readFile: (path: string) => string = readUtf8): ReadCaFileResult {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    const code =
      typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown error';
    return {
      ok: false,
      problem: `cannot read ${path} (${READ_ERRORS[code] ?? code}); give the path of a PEM file of CA certificates, or leave caFile out`,
    };
  }
  // Without this check a wrong file (a key, a DER certificate) would only show up as TLS errors on every check.
  if (!CERTIFICATE.test(text)) {
    return {
      ok: false,
      problem: `${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----); give a PEM file of CA certificates`,
    };
  }
  return { ok: true, pem: text };
}

function readUtf8(path: string): string {
  return readFileSync(path, 'utf8');
}
