import type { HallConfig } from '@hallq/shared';

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The server's front page: what runs here and where each part lives. */
export function landingPage(config: HallConfig, seq: number): string {
  const zones = config.zones
    .map((z) => {
      const windows = config.windows.filter((w) => w.zoneId === z.id).length;
      const floor = config.floors.find((f) => f.id === z.floorId)?.name ?? '';
      return `<tr><td>${escape(z.id)}</td><td>${escape(z.name)}<br><small>${escape(z.nameEn)}</small></td><td>${escape(floor)}</td><td>${windows}</td></tr>`;
    })
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(config.hall.name)} · HallQ</title>
<style>body{font:18px/1.5 system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b2a3a}
h1{color:#b3261e}table{border-collapse:collapse}td,th{border-bottom:1px solid #ccd;padding:.3rem .8rem;text-align:left}code{background:#eef;padding:0 .3rem}</style></head>
<body><h1>${escape(config.hall.name)}</h1><p>${escape(config.hall.nameEn)} — HallQ 大厅排队叫号 · event log at seq ${seq}</p>
<h2>专区 Zones</h2><table><tr><th></th><th>专区 Zone</th><th>楼层 Floor</th><th>窗口 Windows</th></tr>${zones}</table>
<h2>API</h2><ul><li><a href="/api/v1/health">/api/v1/health</a></li><li><a href="/api/v1/hall">/api/v1/hall</a></li>
<li><a href="/api/v1/queues">/api/v1/queues</a></li><li><a href="/api/v1/openapi.json">/api/v1/openapi.json</a></li></ul>
<h2>界面 UIs</h2><ul><li><a href="/kiosk">/kiosk</a> 取号机 kiosk</li>
<li><a href="/display?screen=hall">/display?screen=hall</a> 综合屏 · <a href="/display?screen=zone:A">zone:A</a> 专区屏 · <a href="/display?screen=window:5">window:5</a> 窗口屏</li>
<li><a href="/counter">/counter</a> 窗口终端 counter (w005 / demo)</li><li><a href="/rate?window=5">/rate?window=5</a> 评价器 rating screen</li></ul>
<p>Realtime: Socket.IO at <code>/socket.io</code>.</p>
</body></html>`;
}
