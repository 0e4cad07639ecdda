/* global document, window */
// Browser charge point simulator (OCPP 1.6J, 2.0.1, 2.1) with the controls of OCPP.Core's simulators.
// Plain ES module, no build step. One CALL in flight at a time (OCPP-J §4.1.1); server CALLs are answered with
// valid frames, and unknown ones with a CALLERROR NotSupported instead of OCPP.Core's malformed `[4,id]`.

const $ = (id) => document.getElementById(id);
const STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted'];
const now = () => new Date().toISOString();

let ws;
let version = '1.6';
let nextId = 0;
let inFlight;
const queue = [];
let heartbeatTimer;
let connectors = [];
const config = { HeartbeatInterval: '300', MeterValueSampleInterval: '0', NumberOfConnectors: '2' };

function log(kind, text) {
  const line = document.createElement('div');
  line.className = kind;
  line.textContent = `${now().slice(11, 23)} ${kind === 'out' ? '→' : kind === 'in' ? '←' : '•'} ${text}`;
  $('log').append(line);
  $('log').scrollTop = $('log').scrollHeight;
}

function setState(online) {
  $('state').textContent = online ? `online (${version})` : 'offline';
  $('state').className = online ? 'online' : 'offline';
}

function send(frame) {
  const text = JSON.stringify(frame);
  ws.send(text);
  log('out', text);
}

/** Queues a CALL; resolves with the CALLRESULT payload, rejects on CALLERROR. */
function call(action, payload) {
  return new Promise((resolve, reject) => {
    if (!ws || ws.readyState !== WebSocket.OPEN) return reject(new Error('not connected'));
    queue.push({ action, payload, resolve, reject });
    pump();
  });
}

function pump() {
  if (inFlight || queue.length === 0 || !ws || ws.readyState !== WebSocket.OPEN) return;
  inFlight = queue.shift();
  inFlight.id = String(++nextId);
  inFlight.timer = setTimeout(() => finish(undefined, new Error(`${inFlight.action} timed out`)), 30000);
  send([2, inFlight.id, inFlight.action, typeof inFlight.payload === 'function' ? inFlight.payload() : inFlight.payload]);
}

function finish(payload, error) {
  const done = inFlight;
  inFlight = undefined;
  clearTimeout(done.timer);
  if (error) {
    log('info', `${done.action}: ${error.message}`);
    done.reject(error);
  } else done.resolve(payload);
  pump();
}

function connector(n) {
  return connectors[n - 1];
}

function sampled(c, context) {
  const values = [
    ['Energy.Active.Import.Register', Math.round(Number(c.energy.value)), 'Wh', 'Outlet'],
    ['Power.Active.Import', Math.round(Number(c.power.value)), 'W', 'Outlet'],
  ];
  if (c.soc.value !== '') values.push(['SoC', Math.round(Number(c.soc.value)), 'Percent', 'EV']);
  return [{
    timestamp: now(),
    sampledValue: values.map(([measurand, value, unit, location]) =>
      version === '1.6'
        ? { value: String(value), context, measurand, unit, location }
        : { value, context, measurand, location, unitOfMeasure: { unit } }),
  }];
}

const STATUS2 = { Available: 'Available', Reserved: 'Reserved', Unavailable: 'Unavailable', Faulted: 'Faulted' };

function statusNotification(n) {
  const c = connector(n);
  c.statusShown.textContent = c.status.value;
  return version === '1.6'
    ? call('StatusNotification', { connectorId: n, errorCode: c.status.value === 'Faulted' ? 'OtherError' : 'NoError', status: c.status.value, timestamp: now() })
    : call('StatusNotification', { timestamp: now(), connectorStatus: STATUS2[c.status.value] ?? 'Occupied', evseId: n, connectorId: 1 });
}

function setStatus(n, status) {
  connector(n).status.value = status;
  return statusNotification(n).catch(() => undefined);
}

async function boot(reason = 'PowerUp') {
  const answer = version === '1.6'
    ? await call('BootNotification', { chargePointVendor: 'CSMS', chargePointModel: 'BrowserSimulator' })
    : await call('BootNotification', { reason, chargingStation: { vendorName: 'CSMS', model: 'BrowserSimulator' } });
  clearInterval(heartbeatTimer);
  if (answer.status === 'Accepted' && answer.interval > 0) {
    config.HeartbeatInterval = String(answer.interval);
    heartbeatTimer = setInterval(() => call('Heartbeat', {}).catch(() => undefined), answer.interval * 1000);
  }
  if (version === '1.6') await call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available', timestamp: now() });
  for (const c of connectors) await statusNotification(c.id);
  return answer;
}

function authorize(tag) {
  return version === '1.6' ? call('Authorize', { idTag: tag }) : call('Authorize', { idToken: { idToken: tag, type: 'ISO14443' } });
}

function transactionEvent(c, eventType, triggerReason, info, extra = {}) {
  return call('TransactionEvent', { eventType, timestamp: now(), triggerReason, seqNo: c.seqNo++, transactionInfo: { transactionId: c.tx, ...info }, ...extra });
}

async function start(n, tag, remoteStartId) {
  const c = connector(n);
  if (c.tx !== undefined) throw new Error(`connector ${n} is busy`);
  if (c.status.value === 'Available') await setStatus(n, 'Preparing');
  if (version === '1.6') {
    c.tx = null;
    const answer = await call('StartTransaction', { connectorId: n, idTag: tag, meterStart: Math.round(Number(c.energy.value)), timestamp: now() });
    c.tx = answer.transactionId;
    await setStatus(n, 'Charging');
  } else {
    c.tx = crypto.randomUUID();
    c.seqNo = 0;
    await transactionEvent(c, 'Started', remoteStartId === undefined ? 'Authorized' : 'RemoteStart',
      { chargingState: 'Charging', ...(remoteStartId === undefined ? {} : { remoteStartId }) },
      { idToken: { idToken: tag, type: 'ISO14443' }, evse: { id: n, connectorId: 1 }, meterValue: sampled(c, 'Transaction.Begin') });
    c.status.value = 'Charging';
  }
  c.tag = tag;
  c.txShown.textContent = String(c.tx);
}

async function stop(n, reason = 'Local') {
  const c = connector(n);
  if (c.tx === undefined) throw new Error(`connector ${n} has no transaction`);
  if (version === '1.6') {
    await call('StopTransaction', { transactionId: c.tx, idTag: c.tag, meterStop: Math.round(Number(c.energy.value)), timestamp: now(), reason });
    await setStatus(n, 'Finishing');
  } else {
    await transactionEvent(c, 'Ended', reason === 'Remote' ? 'RemoteStop' : 'StopAuthorized',
      { stoppedReason: reason, chargingState: 'EVConnected' }, { meterValue: sampled(c, 'Transaction.End') });
  }
  c.tx = undefined;
  c.txShown.textContent = '–';
  await setStatus(n, 'Available');
}

function meterValues(n, context = 'Sample.Periodic') {
  const c = connector(n);
  if (version !== '1.6' && c.tx !== undefined) {
    return transactionEvent(c, 'Updated', context === 'Trigger' ? 'Trigger' : 'MeterValuePeriodic', { chargingState: 'Charging' }, { meterValue: sampled(c, context) });
  }
  return version === '1.6'
    ? call('MeterValues', { connectorId: n, ...(c.tx ? { transactionId: c.tx } : {}), meterValue: sampled(c, context) })
    : call('MeterValues', { evseId: n, meterValue: sampled(c, context) });
}

const later = (fn) => setTimeout(() => fn().catch((e) => log('info', e.message)), 0);

/** Answers to the server's CALLs: [payload, then-what]. */
function handle(action, p) {
  const free = (c) => c && c.tx === undefined && !['Unavailable', 'Faulted'].includes(c.status.value);
  switch (action) {
    case 'Reset':
      return [{ status: 'Accepted' }, async () => { for (const c of connectors) if (c.tx !== undefined) await stop(c.id, version === '1.6' ? `${p.type}Reset` : 'ImmediateReset'); ws.close(1012); setTimeout(connect, 500); }];
    case 'RemoteStartTransaction': {
      const c = p.connectorId ? connector(p.connectorId) : connectors.find(free);
      return free(c) ? [{ status: 'Accepted' }, () => start(c.id, p.idTag)] : [{ status: 'Rejected' }];
    }
    case 'RequestStartTransaction': {
      const c = p.evseId ? connector(p.evseId) : connectors.find(free);
      return free(c) ? [{ status: 'Accepted' }, () => start(c.id, p.idToken.idToken, p.remoteStartId)] : [{ status: 'Rejected' }];
    }
    case 'RemoteStopTransaction':
    case 'RequestStopTransaction': {
      const c = connectors.find((x) => x.tx !== undefined && x.tx === p.transactionId);
      return c ? [{ status: 'Accepted' }, () => stop(c.id, 'Remote')] : [{ status: 'Rejected' }];
    }
    case 'UnlockConnector': {
      const c = connector(p.connectorId && version === '1.6' ? p.connectorId : p.evseId);
      if (!c) return [{ status: version === '1.6' ? 'NotSupported' : 'UnknownConnector' }];
      return [{ status: version !== '1.6' && c.tx !== undefined ? 'OngoingAuthorizedTransaction' : 'Unlocked' }];
    }
    case 'SetChargingProfile': return [{ status: 'Accepted' }];
    case 'ClearChargingProfile': return [{ status: 'Accepted' }];
    case 'ClearCache': return [{ status: 'Accepted' }];
    case 'DataTransfer': return [{ status: 'UnknownVendorId' }];
    case 'ChangeAvailability': {
      const id = version === '1.6' ? p.connectorId : (p.evse?.id ?? 0);
      const type = p.type ?? p.operationalStatus;
      const targets = id === 0 ? connectors : [connector(id)].filter(Boolean);
      return [{ status: targets.length ? 'Accepted' : 'Rejected' }, async () => { for (const c of targets) await setStatus(c.id, type === 'Inoperative' ? 'Unavailable' : 'Available'); }];
    }
    case 'GetConfiguration': {
      const keys = p.key?.length ? p.key : Object.keys(config);
      return [{ configurationKey: keys.filter((k) => k in config).map((k) => ({ key: k, readonly: k === 'NumberOfConnectors', value: config[k] })), unknownKey: keys.filter((k) => !(k in config)) }];
    }
    case 'ChangeConfiguration':
      if (!(p.key in config)) return [{ status: 'NotSupported' }];
      if (p.key === 'NumberOfConnectors') return [{ status: 'Rejected' }];
      config[p.key] = p.value;
      return [{ status: 'Accepted' }];
    case 'GetVariables':
      return [{ getVariableResult: p.getVariableData.map((d) => ({ component: d.component, variable: d.variable, ...(d.variable.name in config ? { attributeStatus: 'Accepted', attributeValue: config[d.variable.name] } : { attributeStatus: 'UnknownVariable' }) })) }];
    case 'SetVariables':
      return [{ setVariableResult: p.setVariableData.map((d) => { config[d.variable.name] = d.attributeValue; return { component: d.component, variable: d.variable, attributeStatus: 'Accepted' }; }) }];
    case 'TriggerMessage': {
      const n = p.connectorId ?? p.evse?.id;
      const run = { Heartbeat: () => call('Heartbeat', {}), BootNotification: () => boot('Triggered'),
        StatusNotification: async () => { for (const c of n ? [connector(n)] : connectors) await statusNotification(c.id); },
        MeterValues: async () => { for (const c of n ? [connector(n)] : connectors) await meterValues(c.id, 'Trigger'); } }[p.requestedMessage];
      return run ? [{ status: 'Accepted' }, run] : [{ status: 'NotImplemented' }];
    }
    default:
      return undefined;
  }
}

function receive(text) {
  log('in', text);
  let frame;
  try { frame = JSON.parse(text); } catch { return; }
  const [type, id] = frame;
  if (type === 2) {
    const answer = handle(frame[2], frame[3] ?? {});
    if (answer === undefined) return send([4, id, 'NotSupported', `${frame[2]} is not simulated`, {}]);
    send([3, id, answer[0]]);
    if (answer[1]) later(answer[1]);
  } else if (inFlight && id === inFlight.id) {
    if (type === 3) finish(frame[2]);
    else finish(undefined, new Error(`CALLERROR ${frame[2]} ${frame[3]}`));
  }
}

function connect() {
  if (ws && ws.readyState <= WebSocket.OPEN) return;
  const protocol = $('protocol').value;
  version = protocol === 'ocpp1.6' ? '1.6' : protocol.slice(4);
  const url = `${$('url').value.replace(/\/+$/, '')}/${encodeURIComponent($('cpid').value)}`;
  log('info', `connecting ${url} (${protocol})`);
  ws = new WebSocket(url, [protocol]);
  ws.onopen = () => {
    if (ws.protocol !== protocol) { log('info', 'the server agreed no sub-protocol'); ws.close(); return; }
    setState(true);
    later(boot);
  };
  ws.onmessage = (event) => receive(String(event.data));
  ws.onclose = (event) => {
    setState(false);
    clearInterval(heartbeatTimer);
    if (inFlight) finish(undefined, new Error('connection closed'));
    while (queue.length) queue.shift().reject(new Error('connection closed'));
    log('info', `closed (${event.code})`);
  };
}

function buildConnectors() {
  const count = Math.max(1, Math.min(8, Number($('count').value) || 1));
  config.NumberOfConnectors = String(count);
  $('connectors').replaceChildren();
  connectors = [];
  for (let n = 1; n <= count; n++) {
    const box = document.createElement('div');
    box.className = 'connector';
    box.innerHTML = `<strong>Connector ${n}</strong> status <span data-k="statusShown">Available</span> · transaction <span data-k="txShown">–</span><br>
      <label>Status <select data-k="status">${STATUSES.map((s) => `<option>${s}</option>`).join('')}</select></label>
      <button data-a="status">Send status</button><br>
      <label>Meter (Wh) <input data-k="energy" type="number" value="0"></label>
      <label>Power (W) <input data-k="power" type="number" value="11000"></label>
      <label>SoC (%) <input data-k="soc" type="number" min="0" max="100" value=""></label><br>
      <button data-a="start">Start transaction</button><button data-a="stop">Stop transaction</button>
      <button data-a="meter">Send meter values</button>`;
    const c = { id: n, tx: undefined, seqNo: 0, tag: undefined };
    for (const el of box.querySelectorAll('[data-k]')) c[el.dataset.k] = el;
    const run = (fn) => fn().catch((e) => log('info', e.message));
    box.querySelector('[data-a=status]').onclick = () => run(() => statusNotification(n));
    box.querySelector('[data-a=start]').onclick = () => run(() => start(n, $('tag').value));
    box.querySelector('[data-a=stop]').onclick = () => run(() => stop(n));
    box.querySelector('[data-a=meter]').onclick = () => run(() => meterValues(n));
    connectors.push(c);
    $('connectors').append(box);
  }
}

const click = (id, fn) => { $(id).onclick = () => fn().then((r) => r && log('info', JSON.stringify(r)), (e) => log('info', e.message)); };
$('count').onchange = buildConnectors;
$('connect').onclick = connect;
$('disconnect').onclick = () => ws?.close(1000);
$('clear').onclick = () => $('log').replaceChildren();
click('boot', () => boot());
click('authorize', () => authorize($('tag').value));
click('heartbeat', () => call('Heartbeat', {}));
click('datatransfer', () => call('DataTransfer', { vendorId: 'org.csms.simulator', messageId: 'hello', data: 'from the browser' }));
const params = new URLSearchParams(window.location.search);
for (const key of ['url', 'cpid', 'protocol', 'tag', 'count']) if (params.has(key)) $(key).value = params.get(key);
buildConnectors();
