// Test app: answers every request with who answered it, so the scenario can see PM2's cluster at work.
const http = require('http');

const port = Number(process.env.PORT || 3000);

http.createServer((req, res) => {
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({
    greeting: process.env.GREETING,
    pid: process.pid,
    instance: process.env.NODE_APP_INSTANCE,
  }));
}).listen(port, '0.0.0.0', () => console.log(`listening on ${port}`));
