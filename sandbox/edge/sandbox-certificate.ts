/**
 * THROWAWAY SANDBOX KEY, FOR LOOPBACK ONLY. The edge sandbox serves this self-signed certificate so tests and the
 * demo exercise real TLS with SNI; tests trust it by passing `SANDBOX_CA` as `ca`. The private key is public on
 * purpose and protects nothing: never use it outside 127.0.0.0/8.
 *
 * EC P-256, CN cdnops-sandbox, its own CA (basicConstraints CA:TRUE), valid 2000-01-01 to 2100-01-01 so a machine
 * clock that is off by years still accepts it. subjectAltName: *.example.com, example.com, *.example.cn,
 * example.cn, *.example.net, *.example.org, localhost, IP 127.0.0.1. Generated once with the openssl CLI
 * (`openssl ca -selfsign -startdate 20000101000000Z -enddate 21000101000000Z`).
 */
export const SANDBOX_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIB+jCCAaGgAwIBAgIQA6fr9JhGDqqQI9rbPD4F6TAKBggqhkjOPQQDAjAZMRcw
FQYDVQQDDA5jZG5vcHMtc2FuZGJveDAgFw0wMDAxMDEwMDAwMDBaGA8yMTAwMDEw
MTAwMDAwMFowGTEXMBUGA1UEAwwOY2Rub3BzLXNhbmRib3gwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAATHPSwWs0nrxnUs+f3nj9nFKf0Zt5Ga+MEnD7+Psl2CCyxB
SquoE+FevOVEBy1fDiX3spBf+Il9VqvkvpwukYfDo4HIMIHFMB0GA1UdDgQWBBSY
c1ISUPTvbVzgWu4kNi6yR8CINDAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQE
AwIChDATBgNVHSUEDDAKBggrBgEFBQcDATBuBgNVHREEZzBlgg0qLmV4YW1wbGUu
Y29tggtleGFtcGxlLmNvbYIMKi5leGFtcGxlLmNuggpleGFtcGxlLmNugg0qLmV4
YW1wbGUubmV0gg0qLmV4YW1wbGUub3Jngglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDRwAwRAIgbJZwibpLyMvCYL8XgQfDFZQn3Wrum29DD1mZ5zBZnHgCIDzx
2YHvrGoXoistBZYcfW5XztzEpGsFOPE8pEG7zoqS
-----END CERTIFICATE-----`;

/** Also the trust anchor: the certificate is self-signed. */
export const SANDBOX_CA = SANDBOX_CERTIFICATE;

export const SANDBOX_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg6uStGgPI+BnMdzbJ
0ETWo0N1gA565Uhd0/woZUpWu2ShRANCAATHPSwWs0nrxnUs+f3nj9nFKf0Zt5Ga
+MEnD7+Psl2CCyxBSquoE+FevOVEBy1fDiX3spBf+Il9VqvkvpwukYfD
-----END PRIVATE KEY-----`;
