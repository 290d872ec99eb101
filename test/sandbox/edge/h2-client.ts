import { type ClientHttp2Session, connect } from 'node:http2';

export interface H2Received {
  status: number;
  body: string;
}

/** An HTTP/2 session to an exact address, with SNI and `:authority` set to `host`, as a browser opens to a CDN edge. */
export function openH2(address: string, port: number, host: string, ca: string): ClientHttp2Session {
  return connect(`https://${host}:${port}`, { ca, servername: host, host: address, port });
}

export function getH2(session: ClientHttp2Session, path: string): Promise<H2Received> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': 'GET', ':path': path });
    const chunks: Buffer[] = [];
    let status = 0;
    stream.on('response', (headers) => {
      status = Number(headers[':status']);
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    // A stream cut off with its session ends too, without ever having had an answer.
    stream.on('close', () => {
      if (status === 0) reject(new Error(`stream closed unanswered (code ${stream.rstCode})`));
      else resolve({ status, body: Buffer.concat(chunks).toString() });
    });
  });
}
