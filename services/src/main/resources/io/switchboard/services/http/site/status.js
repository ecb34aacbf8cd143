// Live status: the snapshot from /status.json, then one sample a second from /events.
"use strict";
const rows = new Map();
let previous = null;
function render(state, sample) {
  const body = document.querySelector("#services tbody");
  for (const service of state.services) {
    let row = rows.get(service.name);
    if (!row) {
      row = body.insertRow();
      row.dataset.service = service.name;
      for (let i = 0; i < 8; i++) row.insertCell();
      row.cells[0].textContent = service.name;
      row.cells[1].textContent = service.endpoints.join(" ");
      for (let i = 2; i < 8; i++) row.cells[i].className = "num";
      rows.set(service.name, row);
    }
    const c = sample && sample.services[service.name];
    if (!c) continue;
    const before = previous && previous.services[service.name];
    const seconds = previous ? (sample.millis - previous.millis) / 1000 : 1;
    row.cells[2].textContent = c[0];
    row.cells[3].textContent = c[1];
    row.cells[4].textContent = c[3];
    row.cells[5].textContent = c[4];
    row.cells[6].textContent = before ? Math.round((c[5] - before[5]) / seconds) : 0;
    row.cells[7].textContent = c[6];
  }
  previous = sample || previous;
}
fetch("/status.json").then(r => r.json()).then(state => {
  document.getElementById("model").textContent = state.model;
  render(state, state.samples[state.samples.length - 1]);
  const events = new EventSource("/events");
  events.onmessage = e => render(state, JSON.parse(e.data).sample);
});
