/**
 * Wangsu signing vectors from the reference (§1.1, §1.2), as plain data. Neither scheme has an official published
 * vector: these were computed by re-implementing the documented formulas (certd's Basic assertion, the SDKs' AK/SK
 * algorithm). The intermediate AK/SK values were re-checked with `sha256sum` and `openssl dgst -hmac`.
 */
export interface BasicVector {
  name: string;
  username: string;
  apiKey: string;
  /** The exact Date header string that was signed. */
  date: string;
  /** The instant `date` names, for `rfc1123Date`. */
  epochMs: number;
  expected: { password: string; authorization: string };
}

export interface AkSkVector {
  name: string;
  accessKey: string;
  secretKey: string;
  method: string;
  path: string;
  /** The raw query after `?`, `''` when none. */
  query: string;
  host: string;
  contentType: string;
  /** The exact body bytes (as a string) that were hashed and sent. */
  body: string;
  timestamp: number;
  expected: {
    payloadHash: string;
    canonicalRequest: string;
    canonicalRequestHash: string;
    stringToSign: string;
    signature: string;
  };
}

export const BASIC_VECTORS: readonly BasicVector[] = [
  {
    name: 'reference §1.1: api-user / api-key',
    username: 'api-user',
    apiKey: 'api-key',
    date: 'Sat, 19 Sep 2026 14:20:02 GMT',
    epochMs: Date.UTC(2026, 8, 19, 14, 20, 2),
    expected: {
      password: 'GMrthHE077J5BOD/hcJbEu2G20k=',
      authorization: 'Basic YXBpLXVzZXI6R01ydGhIRTA3N0o1Qk9EL2hjSmJFdTJHMjBrPQ==',
    },
  },
];

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SHARED = {
  accessKey: 'ak-demo',
  secretKey: 'sk-demo',
  host: 'open.chinanetcenter.com',
  contentType: 'application/json',
  timestamp: 1700000000,
  query: '',
};

export const AKSK_VECTORS: readonly AkSkVector[] = [
  {
    name: 'reference §1.2: GET visitcontrol, no body',
    ...SHARED,
    method: 'GET',
    path: '/api/config/visitcontrol/www.example.com',
    body: '',
    expected: {
      payloadHash: EMPTY_SHA256,
      canonicalRequest: `GET\n/api/config/visitcontrol/www.example.com\n\ncontent-type:application/json\nhost:open.chinanetcenter.com\n\ncontent-type;host\n${EMPTY_SHA256}`,
      canonicalRequestHash: '4cf897fe6faa1814c45e6ed25cdbd9bf209da1911a29502829a8dab28ea091ae',
      stringToSign:
        'CNC-HMAC-SHA256\n1700000000\n4cf897fe6faa1814c45e6ed25cdbd9bf209da1911a29502829a8dab28ea091ae',
      signature: '6d3180596d0ea9049cb1e4534da997c83fee2296d8de7edf433786f1b85f11fa',
    },
  },
  {
    name: 'reference §1.2: POST ItemIdReceiver with its exact body',
    ...SHARED,
    method: 'POST',
    path: '/ccm/purge/ItemIdReceiver',
    body: '{"urls":["https://www.example.com/a.png"]}',
    expected: {
      payloadHash: 'e5c0ff40a1598876558d7ae6ba19eb6d3dd3c475bfaf9cc08d163b3ad1ce86a4',
      canonicalRequest:
        'POST\n/ccm/purge/ItemIdReceiver\n\ncontent-type:application/json\nhost:open.chinanetcenter.com\n\ncontent-type;host\ne5c0ff40a1598876558d7ae6ba19eb6d3dd3c475bfaf9cc08d163b3ad1ce86a4',
      canonicalRequestHash: 'ca7bb35a13ee979280e54ba987981f50979f10096c569bb66c383979e0b38717',
      stringToSign:
        'CNC-HMAC-SHA256\n1700000000\nca7bb35a13ee979280e54ba987981f50979f10096c569bb66c383979e0b38717',
      signature: '9c2580bfb6539d4ce40f2fd3eb1af9d0ccd0d1a2035cd173b52b81966d814b33',
    },
  },
];
