// Switchboard's pages in a real browser (issue #7): headless Chromium driven by playwright-core.
//
//   node status-and-chat.mjs                 starts ./switchboard serve itself (every port chosen by
//                                            the kernel, a fresh data dir) and stops it at the end
//   node status-and-chat.mjs --url URL       uses a running server (echo and chat found in /status.json)
//
// 1. The status page: it loads, goes live, lists every service, shows server text as text; echo
//    traffic from Node moves the echo row's counters and sparkline (polled, never slept for).
// 2. The chat page: a message typed in the browser reaches a TCP chat client, and back. Skipped, with
//    a message, while /chat has no chat input (the page is being built on branch websocket-chat).
// 3. Stopping the server turns the status page's state to "reconnecting" (own server only).
//
// Screenshots and the server's output go to artifacts/. Exit status 0 passed, 1 failed.
// Environment: CHROMIUM (the browser; default: chromium on PATH), TEST_TIMEOUT_MS (default 180000).
import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const ARTIFACTS = path.join(HERE, "artifacts");
const STEP_MS = 15_000;                          // the longest any one wait may take
const TOTAL_MS = Number(process.env.TEST_TIMEOUT_MS || 180_000);
const SERVICES = ["http", "echo", "chat", "timestamp", "upper", "callcenter", "files"];

let server = null;          // the ./switchboard child, when this script started it
let serverLog = "";
let browser = null;
let dataDir = null;

function log(message) { console.log(`[browser-test] ${message}`); }
function fail(message) { throw new Error(message); }

// ---- the server ----

// Starts ./switchboard serve in its own process group with every service on a free loopback port
// (http on httpPort when given); resolves with the ports it prints once it says it is serving.
function startServer(httpPort = 0) {
  dataDir = dataDir || mkdtempSync(path.join(tmpdir(), "switchboard-browser-test-"));
  const args = ["serve", "--data-dir", dataDir];
  for (const name of SERVICES) args.push("--listen", `${name}=tcp://127.0.0.1:${name === "http" ? httpPort : 0}`);
  serverLog += `\n[starting ./switchboard ${args.join(" ")}]\n`;
  const before = serverLog.length;
  server = spawn(path.join(ROOT, "switchboard"), args, { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  log(`started ./switchboard ${args.join(" ")} (pid ${server.pid})`);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not say it was serving within 120 s:\n${serverLog}`)), 120_000);
    const seen = text => {
      serverLog += text;
      const mine = serverLog.slice(before);
      if (!mine.includes("Press Ctrl-C")) return;
      const ports = {};
      for (const name of SERVICES) {
        const match = mine.match(new RegExp(`^\\s*${name}\\s+tcp://127\\.0\\.0\\.1:(\\d+)`, "m"));
        if (match) ports[name] = Number(match[1]);
      }
      clearTimeout(timer);
      ports.http ? resolve(ports) : reject(new Error(`no http port in the server's output:\n${serverLog}`));
    };
    server.stdout.setEncoding("utf8").on("data", seen);
    server.stderr.setEncoding("utf8").on("data", seen);
    server.on("exit", (code, signal) => {
      serverLog += `\n[server exited: ${signal || code}]\n`;
      clearTimeout(timer);
      reject(new Error(`the server exited (${signal || code}) before serving:\n${serverLog}`));
    });
  });
}

// Stops the server's whole process group (the JVM, or a build still running) and waits for it.
async function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise(resolve => server.once("exit", resolve));
  try { process.kill(-server.pid, "SIGTERM"); } catch { return; }
  const killed = setTimeout(() => { try { process.kill(-server.pid, "SIGKILL"); } catch { /* gone */ } }, 10_000);
  await exited;
  clearTimeout(killed);
}

// The synchronous last resort on any exit: nothing this script started may outlive it.
process.on("exit", () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    try { process.kill(-server.pid, "SIGKILL"); } catch { /* gone */ }
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(1));

// Resolves once a TCP connection to port succeeds (polled, at most STEP_MS).
async function waitForPort(port) {
  const deadline = Date.now() + STEP_MS;
  for (;;) {
    const ok = await new Promise(resolve => {
      const socket = net.connect(port, "127.0.0.1", () => { socket.end(); resolve(true); });
      socket.on("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) fail(`port ${port} did not accept a connection within ${STEP_MS} ms`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

// ---- TCP clients ----

// Sends `lines` to the echo service on one connection and checks they all come back unchanged.
function echoRoundTrip(port, lines) {
  const text = lines.map(line => line + "\n").join("");
  return new Promise((resolve, reject) => {
    let received = "";
    const socket = net.connect(port, "127.0.0.1", () => socket.write(text));
    socket.setEncoding("utf8");
    socket.setTimeout(STEP_MS, () => socket.destroy(new Error(`echo: ${received.length} of ${text.length} characters back after ${STEP_MS} ms`)));
    socket.on("data", data => {
      received += data;
      if (received.length >= text.length) {
        if (received !== text) return socket.destroy(new Error(`echo changed the data: ${JSON.stringify(received)}`));
        socket.end();
      }
    });
    socket.on("error", reject);
    socket.on("close", () => (received === text ? resolve() : reject(new Error("echo closed early"))));
  });
}

// A line-based TCP client for the chat service: keeps every line, and can wait for one.
class ChatClient {
  constructor(port) {
    this.lines = [];
    this.waiters = [];
    this.socket = net.connect(port, "127.0.0.1");
    this.socket.setEncoding("utf8");
    let partial = "";
    this.socket.on("data", data => {
      const parts = (partial + data).split("\n");
      partial = parts.pop();
      for (const line of parts) this.lines.push(line.replace(/\r$/, ""));
      this.waiters = this.waiters.filter(waiter => !waiter());
    });
    this.socket.on("error", error => log(`chat client: ${error.message}`));
    this.connected = new Promise((resolve, reject) => { this.socket.once("connect", resolve); this.socket.once("error", reject); });
  }
  send(line) { this.socket.write(line + "\n"); }
  // Resolves with the first line (seen or to come) matching test, or rejects after STEP_MS.
  waitFor(test, what) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const line = this.lines.find(test);
        if (line === undefined) return false;
        clearTimeout(timer);
        resolve(line);
        return true;
      };
      const timer = setTimeout(() => reject(new Error(`chat client: no ${what} within ${STEP_MS} ms; lines: ${JSON.stringify(this.lines)}`)), STEP_MS);
      if (!check()) this.waiters.push(check);
    });
  }
  close() { this.socket.destroy(); }
}

// ---- the browser ----

function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try { return execFileSync("which", [name], { encoding: "utf8" }).trim(); } catch { /* next */ }
  }
  fail("no chromium on PATH (apt-get install -y chromium), or set CHROMIUM");
}

// A page that records console errors and uncaught exceptions, to fail on them at the end.
async function openPage(context, problems, name) {
  const page = await context.newPage();
  page.on("console", message => { if (message.type() === "error") problems.push(`${name}: console: ${message.text()}`); });
  page.on("pageerror", error => problems.push(`${name}: ${error.message}`));
  return page;
}

const shot = (page, name) => page.screenshot({ path: path.join(ARTIFACTS, name + ".png"), fullPage: true });

// The number in a counter cell ("1,234" or "1,234 (2 refused)").
function counterOf(page, service, field) {
  return page.$eval(`tr[data-service="${service}"] [data-field="${field}"]`, cell => Number(cell.textContent.split(" ")[0].replace(/,/g, "")));
}

async function testStatusPage(context, base, ports, problems) {
  const page = await openPage(context, problems, "status");
  await page.goto(base + "/");
  await page.waitForSelector('#state[data-state="live"]', { timeout: STEP_MS });
  await page.waitForFunction(() => /\d/.test(document.querySelector('tr[data-service="echo"] [data-field="total"]')?.textContent || ""),
    null, { timeout: STEP_MS });

  // Structure: headings, a table with column headers, the state announced, the links.
  const facts = await page.evaluate(() => ({
    h1: document.querySelector("h1")?.textContent,
    h2: [...document.querySelectorAll("h2")].map(h => h.textContent),
    columns: document.querySelectorAll('#services thead th[scope="col"]').length,
    live: document.querySelector("#state")?.getAttribute("aria-live"),
    links: [...document.querySelectorAll("a")].map(a => a.getAttribute("href")),
    services: [...document.querySelectorAll("#services tbody tr")].map(tr => tr.dataset.service),
    timestamp: document.querySelector('tr[data-service="timestamp"] .desc')?.textContent,
    injected: document.querySelectorAll("#services ctime, #services data").length,
    model: document.querySelector("#model")?.textContent,
    heap: document.querySelector("#heap")?.textContent,
    threads: document.querySelector("#threads")?.textContent,
  }));
  if (facts.h1 !== "Switchboard" || facts.h2.length < 3 || facts.columns < 8 || facts.live !== "polite") fail(`page structure: ${JSON.stringify(facts)}`);
  for (const href of ["/files/", "/chat", "/metrics"]) if (!facts.links.includes(href)) fail(`no link to ${href}: ${facts.links}`);
  for (const name of ["http", "echo", "chat"]) if (!facts.services.includes(name)) fail(`no row for ${name}: ${facts.services}`);
  // The timestamp service describes itself with "[<ctime>] <data>": text, never markup.
  if (facts.services.includes("timestamp") && (!facts.timestamp?.includes("[<ctime>] <data>") || facts.injected)) fail(`server text rendered as HTML: ${JSON.stringify(facts.timestamp)}`);
  if (!facts.model || !/\d/.test(facts.heap) || !/\d/.test(facts.threads)) fail(`model or JVM missing: ${JSON.stringify(facts)}`);
  await shot(page, "status-before");

  // Echo traffic from Node moves the echo row: total connections, bytes in, and the sparkline's peak.
  const before = { total: await counterOf(page, "echo", "total"), bytesIn: await page.textContent('tr[data-service="echo"] [data-field="in"]') };
  log(`echo before: ${JSON.stringify(before)}`);
  const connections = 3;
  await Promise.all(Array.from({ length: connections }, (_, i) => echoRoundTrip(ports.echo, Array.from({ length: 50 }, (_, j) => `line ${j} of connection ${i}: ${"x".repeat(200)}`))));
  await page.waitForFunction(({ total, bytesIn, connections }) => {
    const cell = field => document.querySelector(`tr[data-service="echo"] [data-field="${field}"]`).textContent;
    const label = document.querySelector('tr[data-service="echo"] .spark').getAttribute("aria-label") || "";
    return Number(cell("total").split(" ")[0].replace(/,/g, "")) >= total + connections && cell("in") !== bytesIn && !/peak 0$/.test(label);
  }, { ...before, connections }, { timeout: STEP_MS }).catch(async error => {
    const now = await page.$eval('tr[data-service="echo"]', tr => tr.textContent).catch(() => "(no echo row)");
    fail(`the echo row did not move within ${STEP_MS} ms after ${connections} echo connections: before ${JSON.stringify(before)}, now ${JSON.stringify(now)} (${error.message.split("\n")[0]})`);
  });
  const after = await page.evaluate(() => ({
    total: document.querySelector('tr[data-service="echo"] [data-field="total"]').textContent,
    bytesIn: document.querySelector('tr[data-service="echo"] [data-field="in"]').textContent,
    spark: document.querySelector('tr[data-service="echo"] .spark').getAttribute("aria-label"),
    chart: document.querySelector("#chart").getAttribute("aria-label"),
  }));
  log(`echo after: ${JSON.stringify(after)}`);
  await shot(page, "status-after-echo");

  // The same page on a phone, and dark.
  const phone = await context.browser().newContext({ viewport: { width: 390, height: 844 }, isMobile: true, colorScheme: "dark" });
  const small = await openPage(phone, problems, "status-phone");
  await small.goto(base + "/");
  await small.waitForSelector('#state[data-state="live"]', { timeout: STEP_MS });
  const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 1) fail(`the phone layout scrolls sideways by ${overflow} px`);
  await shot(small, "status-phone-dark");
  await phone.close();
  return page;
}

// The chat page (built on branch websocket-chat): the message input, the list of lines, the send
// button (enabled once its WebSocket is open).
const CHAT_INPUT = "#line";
const CHAT_LIST = "#log";
const CHAT_READY = "#send-button:not([disabled])";

async function testChat(context, base, ports, problems) {
  const page = await openPage(context, problems, "chat");
  await page.goto(base + "/chat");
  if (!(await page.$(CHAT_INPUT))) {
    await shot(page, "chat-not-ready");
    log("SKIP chat: /chat has no chat input yet (the WebSocket chat page is being built on branch websocket-chat)");
    return "skipped";
  }
  if (!ports.chat) fail("no chat port to connect a TCP client to");
  const tcp = new ChatClient(ports.chat);
  try {
    await tcp.connected;
    const stamp = Date.now().toString(36);
    const nick = `tcp${stamp}`;
    tcp.send(`/nick ${nick}`);
    await tcp.waitFor(line => line.includes(`known as ${nick}`), "nick confirmation");
    // The page is in the room once its WebSocket is open and the server has confirmed its nick.
    await page.waitForSelector(CHAT_READY, { timeout: STEP_MS });
    await page.waitForFunction(list => /known as|Welcome/.test(document.querySelector(list)?.textContent || ""),
      CHAT_LIST, { timeout: STEP_MS });
    // Browser -> TCP: the line arrives as "<web-NNNN> text".
    const fromBrowser = `hello from the browser ${stamp}`;
    await page.fill(CHAT_INPUT, fromBrowser);
    await page.press(CHAT_INPUT, "Enter");
    const got = await tcp.waitFor(line => line.includes(fromBrowser), "line from the browser");
    if (!/^<[^>]+> /.test(got)) fail(`the TCP client got ${JSON.stringify(got)}, not "<nick> text"`);
    // TCP -> browser, with markup that must stay text.
    const fromTcp = `hello from tcp ${stamp} <b>not bold</b>`;
    tcp.send(fromTcp);
    await page.waitForFunction(({ list, text }) => document.querySelector(list)?.textContent.includes(text),
      { list: CHAT_LIST, text: `<${nick}> ${fromTcp}` }, { timeout: STEP_MS });
    if (await page.$(`${CHAT_LIST} b`)) fail("chat text from TCP rendered as HTML");
    await shot(page, "chat");
    return "passed";
  } finally {
    tcp.close();
  }
}

// The server goes away: the status page says so instead of showing stale numbers as live. It comes
// back on the same port: the page is live again and shows the new process (resynchronised).
async function testReconnecting(page, httpPort) {
  await stopServer();
  await page.waitForSelector('#state[data-state="reconnecting"]', { timeout: STEP_MS });
  await shot(page, "status-reconnecting");
  await startServer(httpPort);
  await page.waitForFunction(pid => document.querySelector("#state").dataset.state === "live"
    && document.querySelector("#pid").textContent.endsWith(" " + pid)
    && document.querySelectorAll("#services tbody tr").length > 0, server.pid, { timeout: STEP_MS });
  await shot(page, "status-back");
}

async function main() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const urlAt = process.argv.indexOf("--url");
  let base, ports;
  if (urlAt > 0) {
    base = process.argv[urlAt + 1].replace(/\/$/, "");
    const state = await (await fetch(base + "/status.json")).json();
    ports = {};
    for (const service of state.services) {
      const tcp = service.endpoints.map(e => e.match(/^tcp:\/\/[^ ]*:(\d+)$/)).find(Boolean);
      if (tcp) ports[service.name] = Number(tcp[1]);
    }
  } else {
    ports = await startServer();
    base = `http://127.0.0.1:${ports.http}`;
  }
  log(`testing ${base} (ports ${JSON.stringify(ports)})`);
  await waitForPort(ports.http);
  if (!ports.echo) fail("no echo service on TCP");

  browser = await chromium.launch({
    executablePath: chromiumPath(),
    // Chromium's sandbox needs user namespaces, which containers running as root rarely have.
    args: process.getuid && process.getuid() === 0 ? ["--no-sandbox"] : [],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  const problems = [];
  const status = await testStatusPage(context, base, ports, problems);
  log("status page: passed");
  const chat = await testChat(context, base, ports, problems);
  log(`chat: ${chat}`);
  if (server) {
    await testReconnecting(status, ports.http);
    log("reconnecting and back: passed");
  }
  // Reconnecting pages log failed /events requests; anything else is a bug.
  const real = problems.filter(p => !/Failed to load resource|net::ERR_|EventSource/.test(p));
  if (real.length) fail(`errors in the pages:\n${real.join("\n")}`);
}

const watchdog = setTimeout(() => { console.error(`[browser-test] FAILED: over ${TOTAL_MS} ms in all`); process.exit(1); }, TOTAL_MS);
let status = 0;
try {
  await main();
  log("PASSED");
} catch (error) {
  status = 1;
  console.error(`[browser-test] FAILED: ${error.stack || error}`);
  for (const page of browser ? browser.contexts().flatMap(c => c.pages()) : []) {
    await page.screenshot({ path: path.join(ARTIFACTS, `failure-${Date.now()}.png`), fullPage: true }).catch(() => {});
  }
} finally {
  if (browser) await browser.close().catch(() => {});
  await stopServer();
  if (server) writeFileSync(path.join(ARTIFACTS, "server.log"), serverLog);
  clearTimeout(watchdog);
}
process.exit(status);
