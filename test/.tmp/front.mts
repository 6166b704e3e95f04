import { startTestApp } from '../helpers/test-app';
import { startNginxFront } from '../helpers/nginx-front';
const a = await startTestApp(); const b = await startTestApp();
const ports = [a, b].map((t) => Number(new URL(t.baseUrl).port));
const front = await startNginxFront(ports);
for (const i of [0, 1, 0]) {
  const r = await fetch(`${front.baseUrl}/api/health`, { headers: front.pin(i) });
  console.log(i, r.status, await r.text());
}
const r = await fetch(`${front.baseUrl}/api/health`); console.log('rr', await r.text());
await a.close();
const r2 = await fetch(`${front.baseUrl}/api/health`, { headers: front.pin(0) }); console.log('after A died, pin 0 ->', r2.status, await r2.text());
await front.close(); await b.close();
