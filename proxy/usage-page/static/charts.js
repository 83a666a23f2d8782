// Charts of the usage page, drawn as SVG by the page itself (no chart library, nothing from a CDN): calls per hour
// with the failed part on top, and succeeded against failed. Text goes in through textContent only.
'use strict';

(function () {
  const SVG = 'http://www.w3.org/2000/svg';

  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** A step for the y axis that gives about four grid lines with round numbers. */
  function niceStep(max) {
    const rough = Math.max(1, max / 4);
    const magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
    const steps = [1, 2, 5, 10].map((m) => m * magnitude);
    return steps.find((s) => s >= rough);
  }

  function hourLabel(iso, spanHours) {
    const d = new Date(iso);
    const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return spanHours > 24 ? `${d.toLocaleDateString([], { month: 'short', day: 'numeric' })}` : time;
  }

  /** Bars of calls per hour; the failed calls of each hour are drawn in red at the bottom of its bar. */
  function hourly(container, buckets) {
    const width = 720;
    const height = 220;
    const pad = { left: 40, right: 8, top: 10, bottom: 28 };
    const plotW = width - pad.left - pad.right;
    const plotH = height - pad.top - pad.bottom;
    const max = Math.max(1, ...buckets.map((b) => b.calls));
    const step = niceStep(max);
    const top = Math.ceil(max / step) * step;
    const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Calls per hour' });
    for (let v = 0; v <= top; v += step) {
      const y = pad.top + plotH - (v / top) * plotH;
      svg.appendChild(el('line', { x1: pad.left, x2: width - pad.right, y1: y, y2: y, stroke: '#e3e3e8' }));
      svg.appendChild(el('text', { x: pad.left - 6, y: y + 4, 'text-anchor': 'end' }, String(v)));
    }
    const slot = plotW / Math.max(1, buckets.length);
    const barW = Math.max(1, slot * 0.8);
    const labelEvery = Math.ceil(buckets.length / 8);
    buckets.forEach((b, i) => {
      const x = pad.left + i * slot + (slot - barW) / 2;
      const h = (b.calls / top) * plotH;
      const hf = (b.failed / top) * plotH;
      const bar = el('rect', { x, y: pad.top + plotH - h, width: barW, height: h, fill: '#0f6cbd' });
      bar.appendChild(el('title', {}, `${new Date(b.start).toLocaleString()}: ${b.calls} calls, ${b.failed} failed`));
      svg.appendChild(bar);
      if (hf > 0) svg.appendChild(el('rect', { x, y: pad.top + plotH - hf, width: barW, height: hf, fill: '#c50f1f' }));
      if (i % labelEvery === 0) {
        const label = hourLabel(b.start, buckets.length);
        svg.appendChild(el('text', { x: x + barW / 2, y: height - 8, 'text-anchor': 'middle' }, label));
      }
    });
    container.replaceChildren(
      svg,
      legend([
        ['bar', 'calls'],
        ['bad', 'failed'],
      ]),
    );
  }

  /** One horizontal bar split into succeeded and failed, with the counts written beside it. */
  function results(container, totals) {
    const width = 720;
    const height = 56;
    const total = Math.max(1, totals.calls);
    const okW = (totals.succeeded / total) * (width - 16);
    const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Succeeded and failed' });
    if (totals.calls === 0) {
      svg.appendChild(el('rect', { x: 8, y: 8, width: width - 16, height: 24, fill: '#e3e3e8' }));
    } else {
      svg.appendChild(el('rect', { x: 8, y: 8, width: okW, height: 24, fill: '#107c10' }));
      svg.appendChild(el('rect', { x: 8 + okW, y: 8, width: width - 16 - okW, height: 24, fill: '#c50f1f' }));
    }
    const pct = totals.calls === 0 ? 0 : Math.round((totals.failed / totals.calls) * 1000) / 10;
    svg.appendChild(el('text', { x: 8, y: 48 }, `${totals.succeeded} succeeded · ${totals.failed} failed (${pct}%)`));
    container.replaceChildren(
      svg,
      legend([
        ['ok', 'succeeded'],
        ['bad', 'failed'],
      ]),
    );
  }

  function legend(entries) {
    const p = document.createElement('p');
    p.className = 'legend';
    for (const [kind, text] of entries) {
      const swatch = document.createElement('span');
      swatch.className = `swatch ${kind}`;
      p.append(swatch, text);
    }
    return p;
  }

  window.UsageCharts = { hourly, results };
})();
