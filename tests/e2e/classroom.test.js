// classroom.test.js - the web classroom end to end, in headless Chromium:
// two students join, one plays ten periods and enters a good strategy,
// the other enters a broken one; the teacher runs the tournament and sees
// the good one ranked and the broken one disqualified with its reason.
// Run by tests/e2e/run.sh (which `make test` calls); prints cmocka-style
// lines. Screenshots go to $SCREENSHOTS (make screenshots: docs/img).
'use strict';
const {spawn} = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const RMSIM = process.env.RMSIM || 'build/rmsim';
const work = process.env.E2E_DIR || 'build/e2e';
const shots = process.env.SCREENSHOTS || path.join(work, 'img');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rmsim-e2e-'));
const results = [];
let server;
const browsers = [];

async function launch(who) {
  const b = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    userDataDir: path.join(tmp, 'profile-' + who),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage', '--window-size=1100,900'],
    defaultViewport: {width: 1100, height: 900},
  });
  browsers.push(b);
  return b;
}

const GOOD = `-- tit for tat with a second chance
return {
  name = "second_chance",
  description = "cooperate first, copy the buyer, forgive one competition in ten",
  move = function(h)
    if h.turn == 1 then return "C" end
    if h.their[h.turn - 1] == "D" and math.random() > 0.1 then return "D" end
    return "C"
  end,
}
`;
const BROKEN = `return { name = "oops", move = function(h)
  return h.nothing.here
end }
`;

function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(RMSIM, ['serve', '--class', path.join(tmp, 'class'), '--port', '0'],
      {stdio: ['ignore', 'pipe', 'inherit']});
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const port = out.match(/listening on +http:\/\/127\.0\.0\.1:(\d+)\//);
      const code = out.match(/join code +(\w+)/);
      const teacher = out.match(/\/teacher#(\w+)/);
      if (port && code && teacher) resolve({base: `http://127.0.0.1:${port[1]}`, code: code[1], teacher: teacher[1]});
    });
    server.on('exit', (c) => reject(new Error(`rmsim serve exited (${c})`)));
    setTimeout(() => reject(new Error('rmsim serve did not start')), 10000);
  });
}

async function step(name, fn) {
  console.log(`[ RUN      ] ${name}`);
  try {
    await fn();
    console.log(`[       OK ] ${name}`);
    results.push(true);
  } catch (e) {
    console.log(`[  ERROR   ] --- ${e.message}`);
    if (process.env.E2E_DEBUG) console.log(e.stack);
    console.log(`[  FAILED  ] ${name}`);
    results.push(false);
    throw e;
  }
}

async function shot(page, name) {
  fs.mkdirSync(shots, {recursive: true});
  await page.screenshot({path: path.join(shots, name)});
}

// poll on a timer: requestAnimationFrame stops in a tab that is not in front
const POLL = {polling: 100};
const text = (page, sel) => page.$eval(sel, (e) => e.textContent);

async function joinAs(page, base, code, name) {
  await page.goto(`${base}/?code=${code}`);
  await page.type('#join-name', name);
  await page.click('#join-btn');
  await page.waitForSelector('#class:not(.hidden)');
}

async function main() {
  const s = await startServer();
  console.log(`[==========] Running the web classroom in ${process.env.CHROMIUM}`);
  // one browser per person: Chromium stops serving a tab that is not in
  // front, and the two students and the teacher act at the same time
  const ada = await (await launch('ada')).newPage();
  ada.on('error', (e) => console.log('ada page crashed: ' + e.message));
  ada.on('pageerror', (e) => console.log('ada page error: ' + e.message));
  ada.setDefaultTimeout(20000);

  await step('a student joins with the code', async () => {
    await joinAs(ada, s.base, s.code, 'Ada');
    const who = await text(ada, '#who');
    if (who !== 'Ada') throw new Error(`header shows '${who}'`);
  });

  await step('she plays ten periods against a hidden buyer and reads the debrief', async () => {
    await ada.click('#new-game');
    await ada.waitForSelector('#board:not(.hidden)');
    const choices = 'CCDCCCCDCC';
    for (let t = 0; t < 10; t++) {
      await ada.click(choices[t] === 'C' ? '#btn-c' : '#btn-d');
      await ada.waitForFunction((n) => document.querySelectorAll('#history rect').length === 2 * n, POLL, t + 1);
      if (t === 4) await shot(ada, 'serve-student-game.png');
    }
    await ada.waitForSelector('#debrief-box:not(.hidden)');
    const debrief = await text(ada, '#debrief');
    if (!debrief.includes('Game over after 10 periods.')) throw new Error('no debrief: ' + debrief);
    if (!debrief.includes('The buyer was playing')) throw new Error('buyer not revealed');
    if (!(await ada.$eval('#btn-c', (b) => b.disabled))) throw new Error('buttons still active');
    await shot(ada, 'serve-student-debrief.png');
  });

  await step('she uploads a good strategy, checks it and enters it', async () => {
    const file = path.join(tmp, 'second_chance.lua');
    fs.writeFileSync(file, GOOD);
    const input = await ada.$('#upload');
    await input.uploadFile(file);
    await ada.waitForFunction(() => document.getElementById('source').value.includes('second_chance'), POLL);
    await ada.click('#check-btn');
    await ada.waitForSelector('#check-result table');
    await ada.click('#enter-btn');
    await ada.waitForFunction(() => document.getElementById('entry-status').className === 'ok', POLL);
    await ada.$eval('#strategy', (e) => e.scrollIntoView());
    await shot(ada, 'serve-student-strategy.png');
  });

  const bo = await (await launch('bo')).newPage();
  bo.setDefaultTimeout(20000);
  await step('another student enters a broken strategy and sees the line', async () => {
    await joinAs(bo, s.base, s.code, 'Bo');
    await bo.$eval('#source', (e, src) => { e.value = src; }, BROKEN);
    await bo.click('#enter-btn');
    await bo.waitForSelector('#check-result .error');
    const err = await text(bo, '#check-result .error');
    if (!err.includes('strategy.lua:2:')) throw new Error('error without its line: ' + err);
  });

  const teacher = await (await launch('teacher')).newPage();
  teacher.setDefaultTimeout(30000);
  await step('the teacher starts a round of three periods; two students play each other', async () => {
    await teacher.goto(`${s.base}/teacher#${s.teacher}`);
    await teacher.waitForFunction(() => document.getElementById('count').textContent === '2', POLL);
    await teacher.$eval('#round-periods', (e) => { e.value = '3'; });
    await teacher.click('#start-round');
    await teacher.waitForFunction(() => document.getElementById('round-number').textContent === '1', POLL);
    await ada.click('#duel-pair');
    await ada.waitForFunction(() => document.getElementById('duel-status').textContent.startsWith('Waiting for a partner'), POLL);
    await bo.click('#duel-pair');
    await bo.waitForFunction(() => document.getElementById('duel-status').textContent.startsWith('Playing with Ada'), POLL);
    await ada.waitForFunction(() => document.getElementById('duel-status').textContent.startsWith('Playing with Bo'), POLL);
    const plays = [['C', 'C'], ['D', 'C'], ['C', 'D']];
    for (let t = 0; t < 3; t++) {
      await ada.waitForFunction(() => !document.getElementById('duel-c').disabled, POLL);
      await ada.click(plays[t][0] === 'C' ? '#duel-c' : '#duel-d');
      await bo.waitForFunction(() => !document.getElementById('duel-c').disabled, POLL);
      await bo.click(plays[t][1] === 'C' ? '#duel-c' : '#duel-d');
      await ada.waitForFunction((n) => document.querySelectorAll('#duel-history rect').length === 2 * n, POLL, t + 1);
    }
    for (const page of [ada, bo]) {
      await page.waitForSelector('#duel-debrief-box:not(.hidden)');
      const d = await text(page, '#duel-debrief');
      if (!d.includes('Game over after 3 periods.')) throw new Error('duel debrief: ' + d);
    }
    // Ada: C/C 3, D/C 5, C/D 0 = 8 points; Bo: 3 + 0 + 5 = 8
    const score = await text(ada, '#duel-score');
    if (score !== 'You 8 points, Bo 8') throw new Error('duel score: ' + score);
    await ada.$eval('#duel', (e) => e.scrollIntoView());
    await shot(ada, 'serve-student-duel.png');
  });

  await step('the teacher runs the tournament: good ranked, broken disqualified', async () => {
    await teacher.click('#t-classics');
    await teacher.click('#run-tournament');
    await teacher.waitForSelector('#leaderboard tbody tr');
    const ranked = await teacher.$$eval('#leaderboard tbody tr td:nth-child(2)', (tds) => tds.map((t) => t.textContent));
    if (!ranked.includes('Ada')) throw new Error('Ada not ranked: ' + ranked.join(', '));
    if (ranked.includes('Bo')) throw new Error('Bo ranked despite failing');
    const dq = await teacher.$$eval('#disqualified tr', (rows) => rows.map((r) => r.textContent));
    if (dq.length !== 1 || !dq[0].startsWith('Bo') || !dq[0].includes('strategy.lua:2:'))
      throw new Error('disqualified: ' + JSON.stringify(dq));
    await shot(teacher, 'serve-teacher-leaderboard.png');
  });

  await step('the heat map, the evolution and the exports', async () => {
    const cells = await teacher.$$eval('#heatmap rect', (r) => r.length);
    const ranked = await teacher.$$eval('#leaderboard tbody tr', (r) => r.length);
    if (cells !== ranked * ranked) throw new Error(`${cells} heat map cells for ${ranked} strategies`);
    await teacher.select('#evo-dynamics', 'replicator');
    await teacher.click('#evo-play');
    await teacher.waitForFunction(() => document.getElementById('evo-gen').textContent.startsWith('generation 60 of 60'), POLL);
    await teacher.$eval('#heat', (e) => e.scrollIntoView());
    await shot(teacher, 'serve-teacher-heatmap.png');
    await teacher.$eval('#evo', (e) => e.scrollIntoView());
    await shot(teacher, 'serve-teacher-evolution.png');
    const href = await teacher.$eval('#x-csv', (a) => a.href);
    const csv = await teacher.evaluate((u) => fetch(u).then((r) => r.text()), href);
    if (!csv.startsWith('rank,strategy,score_per_turn')) throw new Error('export: ' + csv.slice(0, 80));
  });
}

main().catch(() => {}).finally(async () => {
  for (const b of browsers) await b.close().catch(() => {});
  if (server) server.kill('SIGTERM');
  fs.rmSync(tmp, {recursive: true, force: true});
  const passed = results.filter((r) => r).length, failed = results.length - passed;
  console.log(`[==========] ${results.length} test(s) run.`);
  if (passed) console.log(`[  PASSED  ] ${passed} test(s).`);
  if (failed || results.length < 7) {
    console.log(`[  FAILED  ] ${Math.max(failed, 7 - passed)} test(s)`);
    process.exitCode = 1;
  }
});
