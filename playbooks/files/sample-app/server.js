// tide.digitalocean sample app: the smallest Node.js service site.yml deploys behind nginx under PM2.
// GET /health answers {"status":"ok"}; every other GET answers one page naming the droplet that served it,
// so a check can tell that a request reached the app on that droplet (and not nginx alone).
// With DATABASE_URL (a PostgreSQL connection, e.g. a PgBouncer pool's), each page view is written as a row and the
// page shows how many rows PostgreSQL holds: a value the app read from the database.
'use strict';

const http = require('http');
const os = require('os');

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
const started = new Date().toISOString();
const database = openDatabase(process.env.DATABASE_URL);

function openDatabase(url) {
  if (!url) {
    return null;
  }
  const { Pool } = require('pg'); // Debian's node-pg
  // DigitalOcean signs its clusters' certificates with its own CA: give it as DATABASE_CA to verify them;
  // without it the connection is encrypted but the certificate is not checked.
  const ca = process.env.DATABASE_CA;
  const ssl = ca ? { ca, rejectUnauthorized: true } : { rejectUnauthorized: false };
  const pool = new Pool({ connectionString: url.replace(/[?&]sslmode=[^&]*/, ''), ssl, max: 2 });
  pool.on('error', (err) => console.error('database: ' + err.message));
  return pool;
}

async function recordVisit() {
  if (!database) {
    return null;
  }
  await database.query('CREATE TABLE IF NOT EXISTS tide_visits (id bigserial PRIMARY KEY, droplet text NOT NULL, ' +
    'at timestamptz NOT NULL DEFAULT now())');
  await database.query('INSERT INTO tide_visits (droplet) VALUES ($1)', [os.hostname()]);
  const result = await database.query('SELECT count(*) AS visits FROM tide_visits');
  return Number(result.rows[0].visits);
}

function page(visits) {
  const name = os.hostname();
  const stored = visits === null ? '' :
    `<p>Visits recorded in PostgreSQL: <strong id="visits">${visits}</strong>.</p>\n`;
  return '<!doctype html>\n<html><head><title>tide sample app</title></head><body>\n' +
    '<h1>tide sample app</h1>\n' +
    `<p>Served by <strong id="droplet">${name}</strong>, process ${process.pid}, up since ${started}.</p>\n` +
    stored + '</body></html>\n';
}

const server = http.createServer(async (req, res) => {
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
  let visits = null;
  try {
    visits = await recordVisit();
  } catch (err) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Served-By': os.hostname() });
    res.end('the database did not answer: ' + err.message + '\n');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'X-Served-By': os.hostname() });
  res.end(page(visits));
});

server.listen(port, host, () => {
  console.log(`tide sample app listening on ${host}:${port}`);
});

process.on('SIGINT', () => server.close(() => process.exit(0)));
