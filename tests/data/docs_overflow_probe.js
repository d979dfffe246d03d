window.addEventListener('load', () => {
  const out = [];
  document.querySelectorAll('div.highlight pre').forEach((pre, i) => {
    const cs = getComputedStyle(pre);
    const r = pre.getBoundingClientRect();
    if (pre.scrollWidth > pre.clientWidth + 1) {
      out.push({i, overflowX: cs.overflowX, whiteSpace: cs.whiteSpace, scrollWidth: pre.scrollWidth, clientWidth: pre.clientWidth, right: r.right, viewport: window.innerWidth, canScroll: (() => { pre.scrollLeft = 50; const s = pre.scrollLeft; pre.scrollLeft = 0; return s; })()});
    }
  });
  const el = document.createElement('pre'); el.id = 'probe-result'; el.textContent = JSON.stringify(out); document.body.appendChild(el);
});
