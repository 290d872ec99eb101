/**
 * Tencent's published TC3-HMAC-SHA256 worked examples (reference §2.3), as plain data. Vectors A–C share one
 * request (DescribeInstances on cvm at 1551113065) and differ in the printed keys and signed headers; the SDK vector
 * comes from tencentcloud-sdk-nodejs test/common/sign.test.ts. Intermediate values are given where published.
 */
export interface Tc3Vector {
  name: string;
  secretId: string;
  secretKey: string;
  service: string;
  host: string;
  action: string;
  contentType: string;
  /** The exact body bytes (as a string) that were hashed and sent. */
  body: string;
  timestamp: number;
  signedHeaders: readonly string[];
  expected: {
    date: string;
    payloadHash?: string;
    canonicalRequest?: string;
    canonicalRequestHash?: string;
    stringToSign?: string;
    secretDate?: string;
    secretService?: string;
    secretSigning?: string;
    signature: string;
    authorization: string;
  };
}

/** Literal backslash-u escapes and spaces after `:` and `,`, exactly as the doc's Python example serialises it. */
const DOC_BODY = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
const DOC_PAYLOAD_HASH = '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064';
const DOC_REQUEST = {
  service: 'cvm',
  host: 'cvm.tencentcloudapi.com',
  action: 'DescribeInstances',
  contentType: 'application/json; charset=utf-8',
  body: DOC_BODY,
  timestamp: 1551113065,
};
const DOC_STRING_TO_SIGN =
  'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031';

export const TC3_VECTORS: readonly Tc3Vector[] = [
  {
    name: 'A: older English docs',
    secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
    secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    ...DOC_REQUEST,
    signedHeaders: ['content-type', 'host'],
    expected: {
      date: '2019-02-25',
      payloadHash: DOC_PAYLOAD_HASH,
      canonicalRequestHash: '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
      stringToSign: DOC_STRING_TO_SIGN,
      signature: '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
      authorization:
        'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    },
  },
  {
    name: 'B: older Chinese docs, masked key',
    secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******',
    secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******',
    ...DOC_REQUEST,
    signedHeaders: ['content-type', 'host'],
    expected: {
      date: '2019-02-25',
      payloadHash: DOC_PAYLOAD_HASH,
      canonicalRequestHash: '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
      stringToSign: DOC_STRING_TO_SIGN,
      signature: '2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c',
      authorization:
        'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c',
    },
  },
  {
    name: 'C: current Chinese doc, signs x-tc-action lower-cased',
    secretId: `AKID${'*'.repeat(32)}`,
    secretKey: '*'.repeat(32),
    ...DOC_REQUEST,
    signedHeaders: ['content-type', 'host', 'x-tc-action'],
    expected: {
      date: '2019-02-25',
      payloadHash: DOC_PAYLOAD_HASH,
      canonicalRequest: `POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\nx-tc-action:describeinstances\n\ncontent-type;host;x-tc-action\n${DOC_PAYLOAD_HASH}`,
      canonicalRequestHash: '7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84',
      secretDate: 'da98fb70dcf6b112dc21038d1eeeb3a95c74b4dcb12c1131f864f6066bd02be0',
      secretService: '8d70cbefb03939f929db64d32dc2ba89b1095620119fe3e050e2b18c5bd2752f',
      secretSigning: 'b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af',
      signature: '10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f',
      authorization: `TC3-HMAC-SHA256 Credential=AKID${'*'.repeat(32)}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f`,
    },
  },
  {
    name: 'SDK: tencentcloud-sdk-nodejs sign.test.ts',
    secretId: 'test-secret-id',
    secretKey: 'test-secret-key',
    service: 'cvm',
    host: 'cvm.tencentcloudapi.com',
    action: 'DescribeInstances',
    contentType: 'application/json',
    body: '{"Action":"DescribeInstances","Version":"2017-03-12"}',
    timestamp: 1640995200,
    signedHeaders: ['content-type', 'host'],
    expected: {
      date: '2022-01-01',
      signature: '96473b50fe407833672a5d6d067238d88bb44c8abcc39ef83baa3132afbfadd3',
      authorization:
        'TC3-HMAC-SHA256 Credential=test-secret-id/2022-01-01/cvm/tc3_request, SignedHeaders=content-type;host, Signature=96473b50fe407833672a5d6d067238d88bb44c8abcc39ef83baa3132afbfadd3',
    },
  },
];
