// rmsim serve: the teacher's page (for the projector). The token comes
// from the address (#token) printed by `rmsim serve`.
'use strict';
const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const token = location.hash.slice(1);
const PALETTE = ['#2b7a78', '#e07a5f', '#3d405b', '#f2cc8f', '#81b29a', '#9c6644', '#6d597a',
  '#b56576', '#355070', '#eaac8b', '#588157', '#bc4749', '#4a4e69', '#c9ada7', '#22577a'];

async function api(method, path, body) {
  const r = await fetch(path, {method, headers: {'Content-Type': 'application/json', 'X-Teacher': token},
    body: body ? JSON.stringify(body) : undefined});
  let data = {};
  try { data = await r.json(); } catch (e) { data = {error: 'bad answer from the server'}; }
  return {status: r.status, ok: r.ok, data};
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function svgEl(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

async function refresh() {
  const r = await api('GET', '/api/teacher');
  if (!r.ok) { $('teacher-error').textContent = r.data.error; return; }
  $('teacher-error').textContent = '';
  const d = r.data;
  $('code').textContent = d.code;
  $('round-number').textContent = d.round.number;
  $('count').textContent = d.students.length;
  const body = $('students').tBodies[0];
  clear(body);
  d.students.forEach((s) => {
    const tr = el('tr');
    tr.appendChild(el('td', s.name));
    tr.appendChild(el('td', String(s.games), 'n'));
    tr.appendChild(el('td', s.games ? s.last_score.toFixed(2) : '', 'n'));
    tr.appendChild(el('td', !s.entered ? '' : s.entry_error ? 'fails its check' : s.entry_name,
      s.entry_error ? 'error' : ''));
    body.appendChild(tr);
  });
}

async function startRound() {
  const r = await api('POST', '/api/teacher/round', {periods: Number($('round-periods').value),
    unknown_length: Number($('round-unknown').value), noise: Number($('round-noise').value),
    payoff: $('round-payoff').value.trim()});
  $('teacher-error').textContent = r.ok ? '' : r.data.error;
  refresh();
}

function showLeaderboard(t) {
  const body = $('leaderboard').tBodies[0];
  clear(body);
  t.ranking.forEach((e) => {
    const tr = el('tr');
    tr.appendChild(el('td', String(e.rank), 'n'));
    tr.appendChild(el('td', e.strategy));
    tr.appendChild(el('td', e.score.toFixed(3), 'n'));
    tr.appendChild(el('td', String(e.wins), 'n'));
    body.appendChild(tr);
  });
  const dq = $('disqualified');
  clear(dq);
  if (t.disqualified.length) {
    dq.appendChild(el('h3', 'Disqualified'));
    const table = el('table');
    t.disqualified.forEach((e) => {
      const tr = el('tr', undefined, 'dq');
      tr.appendChild(el('td', e.strategy));
      tr.appendChild(el('td', e.reason, 'reason'));
      table.appendChild(tr);
    });
    dq.appendChild(table);
  }
  $('t-status').textContent = `${t.ranking.length + t.disqualified.length} entries, ${t.matches} matches, ` +
    `${t.turns} turns a match, noise ${t.noise}, payoffs ${t.payoff.join(',')}.`;
  ['csv', 'json', 'html'].forEach((x) => {
    const name = {csv: 'leaderboard.csv', json: 'tournament.json', html: 'report.html'}[x];
    $('x-' + x).href = `/export/${name}?token=${encodeURIComponent(token)}`;
  });
  $('exports').classList.remove('hidden');
  drawHeatmap(t);
}

// low: the competing colour, middle: paper, high: the cooperating colour
function shade(f) {
  const lo = [224, 122, 95], mid = [244, 241, 234], hi = [43, 122, 120];
  const [a, b, u] = f < 0.5 ? [lo, mid, f * 2] : [mid, hi, f * 2 - 1];
  return `rgb(${a.map((v, k) => Math.round(v + (b[k] - v) * u)).join(',')})`;
}

function drawHeatmap(t) {
  const svg = $('heatmap');
  clear(svg);
  const order = t.ranking.map((e) => t.names.indexOf(e.strategy));
  const n = order.length;
  if (n === 0) return;
  let lo = Infinity, hi = -Infinity;
  order.forEach((i) => order.forEach((j) => { const v = t.matrix[i][j]; lo = Math.min(lo, v); hi = Math.max(hi, v); }));
  const cell = Math.max(14, Math.min(44, 640 / n)), left = 180, top = 10;
  svg.setAttribute('height', top + n * cell + 10);
  svg.setAttribute('viewBox', `0 0 ${left + n * cell + 10} ${top + n * cell + 10}`);
  order.forEach((i, r) => {
    svg.appendChild(svgEl('text', {x: left - 6, y: top + r * cell + cell * 0.65, 'text-anchor': 'end',
      'font-size': Math.min(14, cell * 0.6)}, `${r + 1}. ${t.names[i]}`));
    order.forEach((j, c) => {
      const v = t.matrix[i][j], f = hi > lo ? (v - lo) / (hi - lo) : 0.5;
      const color = shade(f);
      const rect = svgEl('rect', {x: left + c * cell, y: top + r * cell, width: cell - 1, height: cell - 1, fill: color});
      rect.appendChild(svgEl('title', {}, `${t.names[i]} against ${t.names[j]}: ${v.toFixed(2)} a turn`));
      svg.appendChild(rect);
    });
  });
}

async function runTournament() {
  $('run-tournament').disabled = true;
  $('t-status').textContent = 'Playing every pair...';
  const r = await api('POST', '/api/teacher/tournament', {turns: Number($('t-turns').value),
    repetitions: Number($('t-reps').value), noise: Number($('t-noise').value), classics: $('t-classics').checked});
  $('run-tournament').disabled = false;
  if (!r.ok) { $('t-status').textContent = r.data.error; return; }
  showLeaderboard(r.data);
}

let timer = null;
async function playEvolution() {
  const r = await api('GET', `/api/teacher/evolution?dynamics=${$('evo-dynamics').value}&generations=60`);
  const svg = $('evolution');
  clear(svg);
  if (!r.ok) { $('evo-gen').textContent = r.data.error; return; }
  const e = r.data, n = e.names.length, G = e.shares.length - 1;
  const W = 900, H = Math.max(300, n * 18 + 20), left = 40, right = 200;
  svg.setAttribute('viewBox', `0 0 ${W} ${H + 20}`);
  svg.setAttribute('height', H + 20);
  svg.appendChild(svgEl('text', {x: 0, y: 12, 'font-size': 12}, '100%'));
  svg.appendChild(svgEl('text', {x: 0, y: H, 'font-size': 12}, '0%'));
  const x = (g) => left + (W - left - right) * g / G, y = (v) => H - v * (H - 10);
  const paths = e.names.map((name, a) => {
    const p = svgEl('path', {fill: PALETTE[a % PALETTE.length], 'fill-opacity': 0.9, stroke: '#fff', 'stroke-width': 0.5});
    p.appendChild(svgEl('title', {}, name));
    svg.appendChild(p);
    svg.appendChild(svgEl('rect', {x: W - right + 10, y: 10 + a * 18, width: 12, height: 12, fill: PALETTE[a % PALETTE.length]}));
    svg.appendChild(svgEl('text', {x: W - right + 28, y: 21 + a * 18, 'font-size': 13}, name));
    return p;
  });
  if (timer) clearInterval(timer);
  let shown = 0;
  const draw = () => {
    // stacked areas up to generation `shown`
    const below = new Array(shown + 1).fill(0);
    for (let a = 0; a < n; a++) {
      let top = '', bottom = '';
      for (let g = 0; g <= shown; g++) {
        top += `${g ? 'L' : 'M'}${x(g).toFixed(1)},${y(below[g] + e.shares[g][a]).toFixed(1)}`;
      }
      for (let g = shown; g >= 0; g--) bottom += `L${x(g).toFixed(1)},${y(below[g]).toFixed(1)}`;
      paths[a].setAttribute('d', top + bottom + 'Z');
      for (let g = 0; g <= shown; g++) below[g] += e.shares[g][a];
    }
    $('evo-gen').textContent = `generation ${shown} of ${G}` +
      (shown === G && e.fixed >= 0 ? `: ${e.names[e.fixed]} took over` : '');
  };
  draw();
  timer = setInterval(() => { if (shown >= G) { clearInterval(timer); timer = null; return; } shown++; draw(); }, 80);
}

$('start-round').addEventListener('click', startRound);
$('run-tournament').addEventListener('click', runTournament);
$('evo-play').addEventListener('click', playEvolution);
refresh();
api('GET', '/api/teacher/leaderboard').then((r) => { if (r.ok) showLeaderboard(r.data); });
setInterval(refresh, 3000);
