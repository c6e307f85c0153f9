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
  init: { method?: string; fields?: Array<[string, string]>; headers?: Record<string, string> } = {},
): Promise<ClientResponse> {
  const target = new URL(url);
  let body: Buffer | undefined;
  const headers: Record<string, string> = { ...init.headers };
  if (init.fields) {
    const form = new FormData();
    for (const [name, value] of init.fields) form.append(name, value);
    // Let the platform encode the multipart body exactly as a browser would.
    const encoded = new Request(url, { method: 'POST', body: form });
    body = Buffer.from(await encoded.arrayBuffer());
    headers['content-type'] = encoded.headers.get('content-type')!;
    headers['content-length'] = String(body.length);
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
    request.end(body);
  });
}
