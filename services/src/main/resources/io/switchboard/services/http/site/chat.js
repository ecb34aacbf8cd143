"use strict";
// The browser chat: one WebSocket to /chat/ws, the same rooms as the line-based chat on port 8008.
// Every line from the server is shown with textContent only: user text never becomes markup.
(() => {
  const log = document.getElementById("log");
  const form = document.getElementById("send");
  const line = document.getElementById("line");
  const sendButton = document.getElementById("send-button");
  const nickField = document.getElementById("nick");
  const stateBadge = document.getElementById("state");
  const reconnectButton = document.getElementById("reconnect");

  const MAX_SHOWN = 2000;          // lines kept in the page
  const MAX_MESSAGE_BYTES = 60000; // the server closes with 1009 past 64 KiB
  const FIRST_DELAY_MS = 500;
  const MAX_DELAY_MS = 30000;
  const NICK_KEY = "switchboard.chat.nick";

  let socket = null;
  let retryDelay = FIRST_DELAY_MS;
  let retryTimer = null;
  let leaving = false; // the user typed /quit: do not reconnect on our own
  let currentNick = "";  // the nick the server confirmed

  nickField.value = storedNick() || "web-" + String(1000 + Math.floor(Math.random() * 9000));

  function storedNick() {
    try { return localStorage.getItem(NICK_KEY); } catch (e) { return null; }
  }

  function rememberNick(nick) {
    try { localStorage.setItem(NICK_KEY, nick); } catch (e) { /* private mode: fine */ }
  }

  function setState(kind, text) {
    stateBadge.className = "state " + kind;
    stateBadge.textContent = text;
    sendButton.disabled = kind !== "open";
  }

  function kindOf(text) {
    if (text.startsWith("* ")) return "notice";
    if (text.startsWith("! ")) return "refusal";
    if (text.startsWith("[private")) return "private";
    return "message";
  }

  // Appends one line; "<nick> text" shows the nick in bold. Scrolls only if the reader was at the bottom.
  function show(text, kind) {
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 48;
    const item = document.createElement("li");
    item.className = kind;
    const said = /^<([^>]{1,40})> ([\s\S]*)$/.exec(text);
    if (said && (kind === "message" || kind === "mine")) {
      const nick = document.createElement("span");
      nick.className = "nick";
      nick.textContent = "<" + said[1] + ">";
      item.append(nick, document.createTextNode(" " + said[2]));
    } else {
      item.textContent = text;
    }
    log.appendChild(item);
    while (log.childElementCount > MAX_SHOWN) {
      log.firstElementChild.remove();
    }
    if (atBottom || kind === "mine" || kind === "command") {
      log.scrollTop = log.scrollHeight;
    }
  }

  function received(text) {
    const welcomed = /^\* Welcome to the Switchboard chat, (.+?)! /.exec(text);
    if (welcomed) {
      currentNick = welcomed[1];
    }
    const renamed = /^\* you are now known as (.+)$/.exec(text);
    if (renamed) {
      currentNick = renamed[1];
      nickField.value = renamed[1];
      rememberNick(renamed[1]);
    }
    show(text, kindOf(text));
  }

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = null;
    reconnectButton.hidden = true;
    leaving = false;
    setState("connecting", "connecting…");
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const ws = new WebSocket(scheme + location.host + "/chat/ws");
    socket = ws;
    ws.onopen = () => {
      retryDelay = FIRST_DELAY_MS;
      setState("open", "connected");
      const nick = nickField.value.trim();
      if (nick) {
        ws.send("/nick " + nick);
      }
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== "string") return;
      const lines = event.data.split("\n");
      if (lines[lines.length - 1] === "") lines.pop();
      lines.forEach(received);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      if (event.code === 1009) {
        show("! the connection was closed: that message was too long", "refusal");
      } else if (event.code === 1001) {
        show("* the server is stopping", "notice");
      }
      if (leaving) {
        setState("closed", "left the chat");
        reconnectButton.hidden = false;
        return;
      }
      const wait = Math.round(retryDelay * (0.75 + Math.random() * 0.5));
      retryDelay = Math.min(retryDelay * 2, MAX_DELAY_MS);
      setState("closed", "disconnected · retrying in " + Math.max(1, Math.round(wait / 1000)) + " s");
      reconnectButton.hidden = false;
      retryTimer = setTimeout(connect, wait);
    };
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = line.value;
    if (!text.trim() || !socket || socket.readyState !== WebSocket.OPEN) return;
    if (new TextEncoder().encode(text).length > MAX_MESSAGE_BYTES) {
      show("! that message is too long to send", "refusal");
      return;
    }
    socket.send(text);
    line.value = "";
    if (/^\/quit\b/i.test(text)) {
      leaving = true;
    }
    if (text.startsWith("//")) {
      show("<" + currentNick + "> " + text.slice(1), "mine");
    } else if (text.startsWith("/")) {
      show(text, "command");
    } else {
      show("<" + currentNick + "> " + text, "mine"); // the server does not echo our own lines
    }
  });

  nickField.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const nick = nickField.value.trim();
    if (nick && socket && socket.readyState === WebSocket.OPEN) {
      socket.send("/nick " + nick);
    }
    line.focus();
  });

  reconnectButton.addEventListener("click", () => {
    retryDelay = FIRST_DELAY_MS;
    connect();
  });

  connect();
})();
