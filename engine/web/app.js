// rmsim serve: the student's page. Talks to /api/* with the token kept
// in this browser; builds everything with textContent (no HTML from data).
'use strict';
const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
let token = localStorage.getItem('rmsim-token');
let me = null;

const TEMPLATE = `-- A strategy: this one is tit for tat with a second chance.
-- h.turn, h.my, h.their ("C"/"D" lists), h.length (nil if unknown), h.memory
return {
  name = "my_strategy",
  description = "cooperate first, then copy the buyer, forgive one in ten",
  move = function(h)
    if h.turn == 1 then return "C" end
    if h.their[h.turn - 1] == "D" and math.random() > 0.1 then return "D" end
    return "C"
  end,
}
`;

async function api(method, path, body) {
  const headers = {'Content-Type': 'application/json'};
  if (token) headers['X-Token'] = token;
  const r = await fetch(path, {method, headers, body: body ? JSON.stringify(body) : undefined});
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

function showClass() {
  $('join').classList.add('hidden');
  $('class').classList.remove('hidden');
  $('who').textContent = me ? me.name : '';
}

async function join() {
  $('join-error').textContent = '';
  const r = await api('POST', '/api/join', {name: $('join-name').value.trim(), code: $('join-code').value.trim()});
  if (!r.ok) { $('join-error').textContent = r.data.error; return; }
  token = r.data.token;
  localStorage.setItem('rmsim-token', token);
  await refresh();
}

function settingsText(s) {
  const p = s.points;
  return `Points each period (you / buyer): both cooperate ${p.R} / ${p.R}; you cooperate, ` +
    `the buyer competes ${p.S} / ${p.T}; you compete, the buyer cooperates ${p.T} / ${p.S}; ` +
    `both compete ${p.P} / ${p.P}. ` +
    (s.unknown_length > 0 ? `Nobody knows how long it lasts: another period with chance ${s.unknown_length}. `
                          : `The relationship lasts ${s.periods} periods. `) +
    (s.noise > 0 ? `Messages get lost: a choice arrives as the opposite with chance ${s.noise}.` : '');
}

let lastRound = -1;
async function refresh() {
  const r = await api('GET', '/api/me');
  if (r.status === 403) { token = null; localStorage.removeItem('rmsim-token'); return; }
  if (!r.ok) return;
  me = r.data;
  showClass();
  const s = me.round.settings;
  $('round').textContent = me.round.number ? `round ${me.round.number}` : 'default settings';
  if (me.round.number !== lastRound) {
    lastRound = me.round.number;
    $('opt-periods').value = s.periods;
    $('opt-unknown').value = s.unknown_length;
    $('opt-noise').value = s.noise;
    $('opt-payoff').value = s.payoff;
  }
  $('points').textContent = settingsText(s);
  showEntry(me.entry);
  showGame(me.game);
}

function drawHistory(g, id = 'history', other = 'buyer', theirs = g.buyer) {
  const svg = $(id);
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const n = g.turn, w = Math.max(6, Math.min(28, 900 / Math.max(n, 1)));
  [['you', g.you, 6], [other, theirs, 38]].forEach(([who, moves, y]) => {
    const t = document.createElementNS(SVG, 'text');
    t.setAttribute('x', 0); t.setAttribute('y', y + 17); t.textContent = who;
    svg.appendChild(t);
    for (let i = 0; i < n; i++) {
      const r = document.createElementNS(SVG, 'rect');
      r.setAttribute('x', 70 + i * w); r.setAttribute('y', y);
      r.setAttribute('width', w - 2); r.setAttribute('height', 24);
      r.setAttribute('fill', moves[i] === 'C' ? '#2b7a78' : '#e07a5f');
      const tip = document.createElementNS(SVG, 'title');
      tip.textContent = `period ${i + 1}: ${moves[i] === 'C' ? 'cooperated' : 'competed'}`;
      r.appendChild(tip);
      svg.appendChild(r);
    }
  });
}

function showGame(g) {
  if (!g || !g.started) { $('board').classList.add('hidden'); return; }
  $('board').classList.remove('hidden');
  const s = g.settings;
  const of = s.unknown_length > 0 ? '' : ` of ${s.periods}`;
  const last = g.turn - 1;
  let text = g.over ? `Game over after ${g.turn} period${g.turn === 1 ? '' : 's'}.`
                    : `Period ${g.turn + 1}${of}. Cooperate or compete?`;
  if (last >= 0) {
    const word = (m) => m === 'C' ? 'cooperated' : 'competed';
    text = `Last period you ${word(g.you[last])}, the buyer ${word(g.buyer[last])}. ` + text;
  }
  $('status').textContent = text;
  $('score').textContent = `You ${g.score_you} points, buyer ${g.score_buyer}` +
    (g.buyer_name ? ` (the buyer plays ${g.buyer_name})` : '');
  $('lost').textContent = last >= 0 && g.choices[last] !== g.you[last]
    ? `A message got lost: your choice to ${g.choices[last] === 'C' ? 'cooperate' : 'compete'} arrived as the opposite.` : '';
  $('btn-c').disabled = $('btn-d').disabled = g.over;
  drawHistory(g);
  if (g.over && g.debrief) {
    $('debrief-box').classList.remove('hidden');
    $('debrief').textContent = g.debrief;
  } else {
    $('debrief-box').classList.add('hidden');
  }
}

async function newGame() {
  $('play-error').textContent = '';
  const r = await api('POST', '/api/game', {
    periods: Number($('opt-periods').value), unknown_length: Number($('opt-unknown').value),
    noise: Number($('opt-noise').value), payoff: $('opt-payoff').value.trim()});
  if (!r.ok) { $('play-error').textContent = r.data.error; return; }
  showGame(r.data);
}

async function move(m) {
  $('btn-c').disabled = $('btn-d').disabled = true;
  const r = await api('POST', '/api/move', {move: m});
  if (!r.ok) { $('play-error').textContent = r.data.error; $('btn-c').disabled = $('btn-d').disabled = false; return; }
  $('play-error').textContent = '';
  showGame(r.data);
}

function showEntry(e) {
  const p = $('entry-status');
  p.className = '';
  if (!e || !e.entered) { p.textContent = 'You have not entered a strategy yet.'; return; }
  if (e.error) { p.className = 'error'; p.textContent = 'Your entry will be disqualified: ' + e.error; }
  else { p.className = 'ok'; p.textContent = `Your entry: ${e.name}. It is in the class tournament.`; }
}

function showCheck(r, entered) {
  const box = $('check-result');
  while (box.firstChild) box.removeChild(box.firstChild);
  if (!r.ok) {
    box.appendChild(el('p', r.data.error, 'error'));
    if (r.data.entered) box.appendChild(el('p', 'It is entered as it is, and will be disqualified with this reason unless you fix it.'));
    return;
  }
  box.appendChild(el('p', `${r.data.name}: ${entered ? 'entered. ' : ''}Against each classic over ${r.data.turns} turns (points per turn):`, 'ok'));
  const t = el('table');
  const head = el('tr');
  ['classic', 'you', 'them'].forEach((h) => head.appendChild(el('th', h)));
  t.appendChild(head);
  r.data.vs.forEach((v) => {
    const tr = el('tr');
    tr.appendChild(el('td', v.name));
    tr.appendChild(el('td', v.you.toFixed(2), 'n'));
    tr.appendChild(el('td', v.them.toFixed(2), 'n'));
    t.appendChild(tr);
  });
  box.appendChild(t);
}

async function sendStrategy(path) {
  $('check-btn').disabled = $('enter-btn').disabled = true;
  const box = $('check-result');
  while (box.firstChild) box.removeChild(box.firstChild);
  box.appendChild(el('p', 'Playing the classics...', 'muted'));
  const r = await api('POST', path, {source: $('source').value});
  $('check-btn').disabled = $('enter-btn').disabled = false;
  showCheck(r, path === '/api/entry');
  if (path === '/api/entry') refresh();
}

async function loadEntry() {
  const r = await api('GET', '/api/entry');
  $('source').value = r.ok ? r.data.source : TEMPLATE;
}

// ---- playing another student: poll while waiting for the partner ----
let duelTimer = null;
function showDuel(d) {
  const word = (m) => m === 'C' ? 'cooperated' : 'competed';
  const playing = d.state === 'playing' && !d.partner_left;
  $('duel-board').classList.toggle('hidden', !playing && !(d.state === 'playing' && d.turn > 0));
  let status = '';
  if (d.state === 'waiting') status = 'Waiting for a partner...';
  else if (d.partner_left) status = 'Your partner left. Find a new one.';
  else if (d.state === 'playing') {
    const last = d.turn - 1;
    status = `Playing with ${d.partner}. `;
    if (last >= 0) status += `Last period you ${word(d.you[last])}, ${d.partner} ${word(d.them[last])}. `;
    if (d.over) status += `Game over after ${d.turn} periods.`;
    else if (d.waiting) status += `Waiting for ${d.partner}'s choice...`;
    else status += `Period ${d.turn + 1}${d.settings.unknown_length > 0 ? '' : ' of ' + d.settings.periods}: cooperate or compete?`;
  }
  $('duel-status').textContent = status;
  $('duel-score').textContent = d.state === 'playing' ? `You ${d.score_you} points, ${d.partner} ${d.score_them}` : '';
  $('duel-c').disabled = $('duel-d').disabled = !playing || d.over || d.waiting;
  if (d.state === 'playing') drawHistory(d, 'duel-history', d.partner, d.them);
  $('duel-debrief-box').classList.toggle('hidden', !d.debrief);
  $('duel-debrief').textContent = d.debrief || '';
  const poll = d.state === 'waiting' || (playing && !d.over && d.waiting);
  if (poll && !duelTimer) duelTimer = setInterval(pollDuel, 700);
  if (!poll && duelTimer) { clearInterval(duelTimer); duelTimer = null; }
}
async function pollDuel() {
  const r = await api('GET', '/api/duel');
  if (r.ok) showDuel(r.data);
}
async function duelCall(path, body) {
  const r = await api('POST', path, body);
  $('duel-error').textContent = r.ok ? '' : r.data.error;
  if (r.ok) showDuel(r.data);
}

$('duel-pair').addEventListener('click', () => duelCall('/api/duel', {}));
$('duel-c').addEventListener('click', () => duelCall('/api/duel/move', {move: 'C'}));
$('duel-d').addEventListener('click', () => duelCall('/api/duel/move', {move: 'D'}));
$('join-btn').addEventListener('click', join);
$('new-game').addEventListener('click', newGame);
$('btn-c').addEventListener('click', () => move('C'));
$('btn-d').addEventListener('click', () => move('D'));
$('check-btn').addEventListener('click', () => sendStrategy('/api/check'));
$('enter-btn').addEventListener('click', () => sendStrategy('/api/entry'));
$('upload').addEventListener('change', (ev) => {
  const f = ev.target.files[0];
  if (!f) return;
  if (f.size > 32768) { $('check-result').textContent = 'That file is larger than 32 KiB.'; return; }
  f.text().then((t) => { $('source').value = t; });
});
const params = new URLSearchParams(location.search);
if (params.get('code')) $('join-code').value = params.get('code');
$('source').value = TEMPLATE;
if (token) refresh().then(loadEntry).then(pollDuel);
setInterval(() => { if (token) refresh(); }, 5000);
