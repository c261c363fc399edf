// rmsim serve: what the student's and the teacher's pages share (loaded
// before app.js or teacher.js). Everything is built with textContent.
'use strict';
const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';

// A call to /api/*: {status, ok, data}; auth is the page's token header.
async function request(method, path, body, auth) {
  const headers = Object.assign({'Content-Type': 'application/json'}, auth);
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

function svgEl(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
