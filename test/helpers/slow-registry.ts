import http from 'node:http';

/**
 * A registry front on loopback that passes requests to the fixture registry
 * and holds every blob reply back for delayMs, so a pull lasts long enough
 * to be interrupted.
 */
export async function slowRegistry(delayMs: number, upstream = 'http://127.0.0.1:5000') {
  let blobRequests = 0;
  let closed = false;
  const server = http.createServer((req, res) => {
    const isBlob = (req.url ?? '').includes('/blobs/');
    // Count the daemon's pull only, not xrun's own look-ups (which send no docker agent).
    if (isBlob && String(req.headers['user-agent'] ?? '').includes('docker'))
      blobRequests++;
    const forward = () => {
      if (closed) return res.destroy();
      const proxied = http.request(
        `${upstream}${req.url}`,
        {
          method: req.method,
          headers: { ...req.headers, host: '127.0.0.1:5000' },
          agent: false,
        },
        (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      proxied.on('error', () => res.destroy());
      res.on('close', () => proxied.destroy());
      req.pipe(proxied);
    };
    if (isBlob) setTimeout(forward, delayMs);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    host: `localhost:${port}`,
    blobRequests: () => blobRequests,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
