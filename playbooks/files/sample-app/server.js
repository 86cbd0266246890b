// tide.digitalocean sample app: the smallest Node.js service site.yml deploys behind nginx under PM2.
// GET /health answers {"status":"ok"}; every other GET answers one page naming the droplet that served it,
// so a check can tell that a request reached the app on that droplet (and not nginx alone).
'use strict';

const http = require('http');
const os = require('os');

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
const started = new Date().toISOString();

function page() {
  const name = os.hostname();
  return '<!doctype html>\n<html><head><title>tide sample app</title></head><body>\n' +
    '<h1>tide sample app</h1>\n' +
    `<p>Served by <strong id="droplet">${name}</strong>, process ${process.pid}, up since ${started}.</p>\n` +
    '</body></html>\n';
}

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' });
    res.end();
    return;
  }
  if (req.url === '/health') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', droplet: os.hostname() }) + '\n');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'X-Served-By': os.hostname() });
  res.end(page());
});

server.listen(port, host, () => {
  console.log(`tide sample app listening on ${host}:${port}`);
});

process.on('SIGINT', () => server.close(() => process.exit(0)));
