/**
 * Source of the worker thread that performs UrlFetchApp's HTTP requests (plain JS, run with eval:true
 * so that it needs no transpiling). The main thread blocks on Atomics.wait until the worker has
 * posted the results on the MessagePort and bumped the counter in the SharedArrayBuffer.
 */
export const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('worker_threads');
const http = require('http');
const https = require('https');
const counter = new Int32Array(workerData.sab);
const port = workerData.port;

function once(req, redirectsLeft) {
  return new Promise((resolve) => {
    let u;
    try { u = new URL(req.url); } catch (e) { resolve({ error: 'invalid', message: String(e && e.message) }); return; }
    const lib = u.protocol === 'https:' ? https : http;
    const body = req.body ? Buffer.from(req.body) : null;
    const headers = Object.assign({}, req.headers);
    if (body) headers['Content-Length'] = String(body.length);
    let settled = false;
    const done = (r) => { if (!settled) { settled = true; clearTimeout(timer); resolve(r); } };
    const timer = setTimeout(() => { done({ error: 'timeout' }); try { r.destroy(); } catch (e) {} }, req.timeoutMs);
    const r = lib.request({
      protocol: u.protocol, hostname: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || undefined,
      path: u.pathname + u.search, method: req.method, headers,
      rejectUnauthorized: req.validateHttpsCertificates !== false,
    }, (res) => {
      const status = res.statusCode || 0;
      const loc = res.headers.location;
      if (req.followRedirects !== false && status >= 300 && status < 400 && loc && redirectsLeft > 0) {
        res.resume();
        const next = new URL(loc, req.url).toString();
        const method = status === 307 || status === 308 ? req.method : 'GET';
        const nreq = Object.assign({}, req, { url: next, method, body: method === req.method ? req.body : null });
        clearTimeout(timer);
        settled = true;
        once(nreq, redirectsLeft - 1).then(resolve);
        return;
      }
      const chunks = [];
      let size = 0;
      res.on('data', (c) => {
        size += c.length;
        if (size > req.maxBytes) { done({ error: 'toolarge' }); res.destroy(); return; }
        chunks.push(c);
      });
      res.on('end', () => done({ status, rawHeaders: res.rawHeaders, body: new Uint8Array(Buffer.concat(chunks)), url: req.url }));
      res.on('error', (e) => done({ error: 'connect', message: String(e && e.message) }));
    });
    r.on('error', (e) => done({ error: 'connect', message: String(e && e.code || e && e.message) }));
    if (body) r.end(body); else r.end();
  });
}

parentPort.on('message', async (msg) => {
  let results;
  try {
    results = await Promise.all(msg.requests.map((q) => once(q, 10)));
  } catch (e) {
    results = msg.requests.map(() => ({ error: 'connect', message: String(e && e.message) }));
  }
  port.postMessage({ id: msg.id, results });
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
});
`;
