/** The API 3.0 answer body. Business errors are HTTP 200 with `Response.Error`; every answer has a RequestId. */
export interface Envelope {
  Response: Record<string, unknown> & { RequestId: string; Error?: { Code: string; Message: string } };
}

export function successEnvelope(requestId: string, fields: Record<string, unknown>): Envelope {
  return { Response: { ...fields, RequestId: requestId } };
}

export function errorEnvelope(requestId: string, code: string, message: string): Envelope {
  return { Response: { Error: { Code: code, Message: message }, RequestId: requestId } };
}
