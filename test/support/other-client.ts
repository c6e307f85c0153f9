/**
 * Requests from another machine, played on this one: the server sees the
 * socket's peer address, so binding the client to another loopback address
 * (127.0.0.2, …) makes it another client. Only ever aimed at this machine.
 */
import http from 'node:http';

export interface ClientResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export async function requestFrom(
  localAddress: string,
  url: string,
  init: {
    method?: string;
    fields?: Array<[string, string]>;
    /** A raw body instead of fields. */
    body?: Buffer | string;
    headers?: Record<string, string>;
    /** Send the body chunked (Transfer-Encoding: chunked, no Content-Length), in pieces of this many bytes. */
    chunkBytes?: number;
  } = {},
): Promise<ClientResponse> {
  const target = new URL(url);
  let body: Buffer | undefined = init.body === undefined ? undefined : Buffer.from(init.body);
  const headers: Record<string, string> = { ...init.headers };
  if (init.fields) {
    const form = new FormData();
    for (const [name, value] of init.fields) form.append(name, value);
    // Let the platform encode the multipart body exactly as a browser would.
    const encoded = new Request(url, { method: 'POST', body: form });
    body = Buffer.from(await encoded.arrayBuffer());
    headers['content-type'] = encoded.headers.get('content-type')!;
    if (!init.chunkBytes) headers['content-length'] = String(body.length);
  }
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: init.method ?? (body ? 'POST' : 'GET'), localAddress, headers },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      },
    );
    request.on('error', reject);
    if (!init.chunkBytes || !body) return request.end(body);
    // No Content-Length: Node sends the pieces chunked.
    request.removeHeader('content-length');
    for (let offset = 0; offset < body.length; offset += init.chunkBytes) request.write(body.subarray(offset, offset + init.chunkBytes));
    request.end();
  });
}
