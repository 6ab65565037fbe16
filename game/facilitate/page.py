"""The participant's page: one small HTML document with its own style and script.

Plain HTML, a little ES5 JavaScript (XMLHttpRequest, no fetch, no arrow functions) so
an old phone runs it, nothing loaded from anywhere else. Every piece of data (choice
labels, messages) reaches the page through JSON and is put on screen with
createTextNode/textContent, never as HTML.

The interface words of every language are embedded (one table, PAGE_KEYS, naming the
keys of game/core/strings.py). The page follows the room's language until the phone
picks one with the switch at the top; the pick is kept on the phone.

A phone never says something untrue about its vote: a tap gets a vote id, and a lost
or late answer is retried with back-off under the same id (the server counts it once);
"received" is shown only when the server said so, or when /state shows the vote. The
request timeout (PAGE_TIMEOUT_MS) is well above the server's p99 at 1,000 phones
(`python main.py bench --json` reports both). A room code typed by hand goes into the
address (`?r=CODE`), so a reload keeps it.

The page is a Python string, not a file beside the code, so an installed (non-editable)
package serves it without package-data settings.
"""

from __future__ import annotations

import json

from ..core.strings import LANGUAGES, ui

PAGE_TIMEOUT_MS = 15_000  # one request's timeout on the phone; the bench's p99 at 1,000 phones must stay well below

# The page's interface words: key in the page -> key in game/core/strings.py
PAGE_KEYS = {
    "title": "fac_page_title",
    "question": "fac_page_question",
    "pick": "fac_page_pick",
    "received": "fac_page_received",
    "sending": "fac_page_sending",
    "retrying": "fac_page_retrying",
    "waiting": "fac_page_waiting",
    "closed": "fac_page_closed",
    "results": "fac_page_results",
    "enter_code": "fac_page_enter_code",
    "join": "fac_page_join",
    "wrong_room": "fac_page_wrong_room",
    "offline": "fac_page_offline",
    "busy": "fac_page_busy",
    "too_fast": "fac_page_too_fast",
    "too_many_phones": "fac_page_too_many_phones",
    "not_counted": "fac_page_not_counted",
    "needs_js": "fac_page_needs_js",
    "language": "fac_page_language",
}


def page_strings() -> dict[str, dict[str, str]]:
    return {lang: {k: ui(key, lang) for k, key in PAGE_KEYS.items()} for lang in LANGUAGES}


def script_json(value: object) -> str:
    """JSON that is safe inside a <script> element: no '<', '>', '&' or line separators left raw."""
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def render_page(lang: str, nonce: str) -> bytes:
    """The participant page in `lang`, its inline style and script allowed by `nonce` only."""
    if lang not in LANGUAGES:
        lang = "vi"
    if not nonce.replace("-", "").replace("_", "").isalnum():
        raise ValueError("a nonce is letters, digits, '-' and '_' only")
    strings = page_strings()
    html = (
        PAGE_TEMPLATE.replace("%LANG%", lang)
        .replace("%NONCE%", nonce)
        .replace("%TITLE%", _html_text(strings[lang]["title"]))
        .replace("%NEEDS_JS%", _html_text(" / ".join(strings[code]["needs_js"] for code in LANGUAGES)))
        .replace("%STRINGS%", script_json(strings))
        .replace("%LANG_NAMES%", script_json(LANGUAGES))
        .replace("%DEFAULT_LANG%", script_json(lang))
        .replace("%TIMEOUT_MS%", str(PAGE_TIMEOUT_MS))
    )
    return html.encode("utf-8")


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="%LANG%">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>%TITLE%</title>
<style nonce="%NONCE%">
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; padding: 16px; font-family: sans-serif; font-size: 20px; line-height: 1.35;
       background: #f4f1ea; color: #1c1c1c; }
#top { display: flex; align-items: flex-start; justify-content: space-between; gap: 8px; }
h1 { font-size: 26px; margin: 4px 0 8px 0; }
#langs { display: flex; gap: 6px; flex-shrink: 0; }
#langs button { font-size: 17px; min-height: 44px; padding: 6px 10px; border: 2px solid #4a4a4a; border-radius: 10px;
                background: #ffffff; color: #1c1c1c; }
#langs button.on { background: #1c1c1c; color: #ffffff; }
#status { font-size: 22px; font-weight: bold; margin: 8px 0 16px 0; min-height: 1.4em; }
#note { font-size: 20px; min-height: 1.4em; margin: 16px 0; padding: 0; border-radius: 10px; }
#note.ok { color: #0b5b2b; background: #d9f2e1; padding: 10px 12px; }
#note.info { color: #1c1c1c; background: #e8e4da; padding: 10px 12px; }
#note.err { color: #8a1020; background: #fde4e4; border: 3px solid #b3261e; padding: 8px 10px; font-weight: bold; }
#note .icon { display: inline-block; min-width: 1.3em; font-weight: bold; }
.choice { display: block; width: 100%; min-height: 72px; margin: 0 0 14px 0; padding: 14px 14px;
          font-size: 22px; text-align: left; border: 3px solid #4a4a4a; border-radius: 12px;
          background: #ffffff; color: #1c1c1c; cursor: pointer; }
.choice .num { display: inline-block; min-width: 1.6em; font-weight: bold; }
.choice .count { float: right; font-weight: bold; margin-left: 12px; }
.choice.mine { border-color: #0b5b2b; background: #d9f2e1; border-width: 5px; }
.choice.sending { border-color: #4a4a4a; border-style: dashed; border-width: 5px; }
.choice.top { background: #fff2c6; }
.choice.mine.top { background: #d9f2e1; }
.choice[disabled] { color: #444; cursor: default; }
.hide { display: none; }
#join label { display: block; margin: 8px 0; }
#join input { font-size: 28px; width: 8em; padding: 10px; text-transform: uppercase; letter-spacing: 0.2em; }
#join button { font-size: 24px; min-height: 60px; min-width: 120px; margin-left: 8px; }
</style>
</head>
<body>
<div id="top"><h1 id="title">%TITLE%</h1><div id="langs" role="group"></div></div>
<p id="status" role="status" aria-live="polite"></p>
<div id="choices"></div>
<p id="note" aria-live="polite"></p>
<form id="join" class="hide" action="#">
<label id="join-label" for="code"></label>
<input id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="8">
<button id="join-button" type="submit"></button>
</form>
<noscript>%NEEDS_JS%</noscript>
<script nonce="%NONCE%">
(function () {
  'use strict';
  var STRINGS = %STRINGS%;
  var LANG_NAMES = %LANG_NAMES%;
  var TIMEOUT_MS = %TIMEOUT_MS%;
  var POLL_MS = 1500;
  var MAX_BACKOFF_MS = 10000;
  var DEVICE_KEY = 'notalone-device';
  var LANG_KEY = 'notalone-lang';
  var ROOM_KEY = 'notalone-room';
  var ICONS = { ok: '\\u2713', err: '\\u26a0', info: '\\u2026' };
  var lang = %DEFAULT_LANG%;
  var chosenLang = stored(LANG_KEY);  // the phone's own pick wins over the room's language
  var device = loadDevice();
  var room = roomFromUrl() || stored(ROOM_KEY) || '';
  var current = -1;      // the question shown (its sequence number)
  var status = '';
  var mine = null;       // this phone's vote on the current question, as the server last said
  var pending = null;    // a tap not yet confirmed: {choice, id, step, tries}
  var last = null;       // the last state, to draw again after a language switch
  var problem = '';      // the last request's trouble (a key of STRINGS), shown until a request succeeds
  var buttons = [];
  var timer = null;
  var retryTimer = null;
  var pollFails = 0;

  if (chosenLang && STRINGS[chosenLang]) { lang = chosenLang; } else { chosenLang = null; }

  function el(id) { return document.getElementById(id); }
  function t(key) {
    var table = STRINGS[lang] || STRINGS.en;
    return table[key] || STRINGS.en[key] || key;
  }
  function stored(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function store(key, value) {
    try {
      if (value === null) { window.localStorage.removeItem(key); } else { window.localStorage.setItem(key, value); }
    } catch (e) { /* private mode: this page load only */ }
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function setText(id, text) {
    var node = el(id);
    clear(node);
    node.appendChild(document.createTextNode(text));
  }
  function setNote(text, kind) {
    // kind: 'ok' (green, a tick), 'err' (red, a warning sign), 'info' (grey), '' (nothing)
    var node = el('note'), icon;
    clear(node);
    node.className = text ? kind : '';
    node.setAttribute('data-kind', text ? kind : '');
    if (!text) { return; }
    icon = document.createElement('span');
    icon.className = 'icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.appendChild(document.createTextNode(ICONS[kind] || ''));
    node.appendChild(icon);
    node.appendChild(document.createTextNode(text));
  }
  function show(id, on) {
    var node = el(id);
    node.className = on ? node.className.replace(/(^|\\s)hide(\\s|$)/, ' ') : node.className + ' hide';
  }
  function randomToken() {
    var chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    var out = '', bytes = null, i, c = window.crypto || window.msCrypto;
    try { if (c && c.getRandomValues) { bytes = new Uint8Array(24); c.getRandomValues(bytes); } } catch (e) { bytes = null; }
    for (i = 0; i < 24; i++) {
      out += chars.charAt((bytes ? bytes[i] : Math.floor(Math.random() * 256)) % chars.length);
    }
    return out;
  }
  function loadDevice() {
    var token = stored(DEVICE_KEY);
    if (!token || !/^[A-Za-z0-9_-]{8,64}$/.test(token)) {
      token = randomToken();
      store(DEVICE_KEY, token);
    }
    return token;
  }
  function roomFromUrl() {
    var m = /[?&]r=([A-Za-z0-9]{1,16})/.exec(window.location.search);
    return m ? m[1].toUpperCase() : '';
  }
  function keepRoom(code) {
    // In the address too, so a reload (or the browser restoring the tab) finds the room.
    store(ROOM_KEY, code || null);
    try { window.history.replaceState(null, '', code ? '?r=' + encodeURIComponent(code) : window.location.pathname); } catch (e) { /* old browsers */ }
  }
  function backoff(tries) {
    return Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, tries)) + Math.floor(Math.random() * 500);
  }
  function request(method, url, body, done) {
    var x = new XMLHttpRequest(), finished = false;
    function finish(code) {
      var data = null;
      if (finished) { return; }
      finished = true;
      try { data = JSON.parse(x.responseText); } catch (e) { data = null; }
      done(code, data);
    }
    x.open(method, url, true);
    try { x.timeout = TIMEOUT_MS; } catch (e) { /* old browsers */ }
    x.ontimeout = function () { finish(0); };
    x.onreadystatechange = function () {
      if (x.readyState === 4) { finish(x.status); }
    };
    if (body === null) {
      x.send(null);
    } else {
      x.setRequestHeader('Content-Type', 'application/json');
      x.send(JSON.stringify(body));
    }
  }

  function langButtons() {
    var box = el('langs'), code, b;
    clear(box);
    box.setAttribute('aria-label', t('language'));
    for (code in LANG_NAMES) {
      if (!Object.prototype.hasOwnProperty.call(LANG_NAMES, code) || !STRINGS[code]) { continue; }
      b = document.createElement('button');
      b.type = 'button';
      b.className = code === lang ? 'on' : '';
      b.setAttribute('data-lang', code);
      b.setAttribute('lang', code);
      b.setAttribute('aria-pressed', code === lang ? 'true' : 'false');
      b.appendChild(document.createTextNode(LANG_NAMES[code]));
      b.onclick = pickLang(code);
      box.appendChild(b);
    }
  }
  function pickLang(code) {
    return function () {
      chosenLang = code;
      store(LANG_KEY, code);
      lang = code;
      staticTexts();
      redraw();
    };
  }
  function staticTexts() {
    document.documentElement.lang = lang;
    document.title = t('title');
    setText('title', t('title'));
    setText('join-label', t('enter_code'));
    setText('join-button', t('join'));
    langButtons();
  }
  function redraw() {
    if (last) { render(last); } else if (!room) { askForRoom(''); } else { drawNote(); }
  }
  function clearChoices() {
    clear(el('choices'));
    buttons = [];
  }
  function makeButton(i, label) {
    var b = document.createElement('button');
    var num = document.createElement('span');
    var text = document.createElement('span');
    var count = document.createElement('span');
    b.type = 'button';
    b.className = 'choice';
    b.setAttribute('data-choice', String(i));
    num.className = 'num';
    num.appendChild(document.createTextNode(String(i + 1) + '.'));
    text.className = 'label';
    text.appendChild(document.createTextNode(String(label)));
    count.className = 'count';
    b.appendChild(num);
    b.appendChild(text);
    b.appendChild(count);
    b.onclick = function () { vote(i); };
    return b;
  }
  function buildChoices(labels) {
    var i;
    clearChoices();
    for (i = 0; i < labels.length; i++) {
      buttons.push(makeButton(i, labels[i]));
      el('choices').appendChild(buttons[i]);
    }
  }
  function markVote(counts, majority) {
    var i, b, cls, countNode;
    for (i = 0; i < buttons.length; i++) {
      b = buttons[i];
      cls = 'choice';
      if (mine === i) { cls += ' mine'; }  // what the server has counted, while a newer tap is on its way
      if (pending && pending.choice === i && mine !== i) { cls += ' sending'; }
      if (counts && majority === i) { cls += ' top'; }
      b.className = cls;
      b.disabled = status !== 'open';
      countNode = b.lastChild;
      clear(countNode);
      if (counts && typeof counts[i] === 'number') {
        countNode.appendChild(document.createTextNode(String(counts[i])));
      }
    }
  }
  function drawNote() {
    // One place decides what the note says, from what is known: trouble first, then the vote.
    if (pending) {
      if (problem === 'too_fast' || problem === 'busy') { setNote(t(problem), 'err'); }
      else if (pending.tries > 0) { setNote(t('retrying'), 'info'); }
      else { setNote(t('sending'), 'info'); }
      return;
    }
    if (problem) { setNote(t(problem), 'err'); return; }
    if (status === 'open' && mine !== null) { setNote(t('received'), 'ok'); return; }
    if (status === 'revealed') { setNote(t('waiting'), 'info'); return; }
    setNote('', '');
  }

  var labelsLang = null;  // the language the reply buttons are written in
  function labelsOf(d) {
    labelsLang = lang;
    // the replies in this phone's own language when the story speaks it, else in the room's
    var own = d.choices_in && d.choices_in[lang];
    return own && own.length === (d.choices || []).length ? own : (d.choices || []);
  }
  function render(d) {
    last = d;
    if (!chosenLang && typeof d.lang === 'string' && STRINGS[d.lang] && d.lang !== lang) {
      lang = d.lang;
      staticTexts();
    }
    show('join', false);
    status = String(d.status);
    if (!d.step || status === 'waiting') {
      current = 0;
      mine = null;
      pending = null;
      clearChoices();
      setText('status', t('waiting'));
      drawNote();
      return;
    }
    if (d.step !== current) {
      current = d.step;
      mine = null;
      if (problem === 'not_counted' || problem === 'too_many_phones') { problem = ''; }  // a new question
      buildChoices(labelsOf(d));
    } else if (labelsLang !== lang) {
      buildChoices(labelsOf(d));  // this phone switched language: the same replies in its words
    }
    if (pending && (pending.step !== d.step || d.vote === pending.choice || status !== 'open')) {
      pending = null;  // the server has it (the state shows it), or the vote has closed (the status says so)
    }
    mine = typeof d.vote === 'number' ? d.vote : null;
    var number = typeof d.number === 'number' && d.number > 0 ? d.number : d.step;  // the projector's decision number
    if (status === 'open') {
      setText('status', t('question').replace('{n}', String(number)) + ' \\u2014 ' + t('pick'));
      markVote(null, null);
    } else if (status === 'revealed') {
      setText('status', t('results'));
      markVote(d.counts || null, d.majority);
    } else {
      setText('status', t('closed'));
      markVote(null, null);
    }
    drawNote();
  }

  function askForRoom(message) {
    clearTimeout(timer);
    clearTimeout(retryTimer);
    clearChoices();
    current = -1;
    last = null;
    pending = null;
    setText('status', '');
    if (message) { setNote(message, 'err'); } else { setNote('', ''); }
    show('join', true);
  }
  function troubleOf(code, data) {
    if (code === 429) { return data && data.error === 'too_many_devices' ? 'too_many_phones' : 'too_fast'; }
    if (code === 503) { return 'busy'; }
    return 'offline';
  }

  function poll() {
    clearTimeout(timer);
    if (!room) { askForRoom(''); return; }
    var url = '/state?room=' + encodeURIComponent(room) + '&device=' + encodeURIComponent(device);
    request('GET', url, null, function (code, data) {
      if (code === 200 && data) {
        pollFails = 0;
        if (problem !== 'not_counted' && problem !== 'too_many_phones') { problem = ''; }
        render(data);
        timer = setTimeout(poll, POLL_MS);
        return;
      }
      if (code === 404) {
        room = '';
        keepRoom('');
        askForRoom(t('wrong_room'));
        return;
      }
      problem = troubleOf(code, data);
      drawNote();
      pollFails += 1;
      timer = setTimeout(poll, pollFails > 1 ? backoff(pollFails - 1) : POLL_MS);
    });
  }

  function send(p) {
    var body = { room: room, step: p.step, choice: p.choice, device: device, vote_id: p.id };
    request('POST', '/vote', body, function (code, data) {
      if (pending !== p) { return; }  // a newer tap, or the question moved on
      if (code === 200 && data) {
        pending = null;
        problem = '';
        mine = typeof data.vote === 'number' ? data.vote : p.choice;
        markVote(null, null);
        drawNote();
        return;
      }
      if (code === 404) {
        room = '';
        keepRoom('');
        askForRoom(t('wrong_room'));
        return;
      }
      if (code === 409) {  // closed, or another question is up: the state says which
        pending = null;
        problem = '';
        poll();
        return;
      }
      if (code === 429 && data && data.error === 'too_many_devices') {
        pending = null;
        problem = 'too_many_phones';
        markVote(null, null);
        drawNote();
        return;
      }
      if (code === 0 || code === 408 || code === 429 || code >= 500) {
        // No answer, or not now: the same vote again later, under the same id (counted once).
        problem = code === 0 || code === 408 ? '' : troubleOf(code, data);
        p.tries += 1;
        drawNote();
        clearTimeout(retryTimer);
        retryTimer = setTimeout(function () { if (pending === p) { send(p); } }, backoff(p.tries - 1));
        return;
      }
      pending = null;
      problem = 'not_counted';
      markVote(null, null);
      drawNote();
    });
  }

  function vote(i) {
    if (status !== 'open') { return; }
    clearTimeout(retryTimer);
    problem = '';
    pending = { choice: i, id: randomToken(), step: current, tries: 0 };
    markVote(null, null);
    drawNote();
    send(pending);
  }

  el('join').onsubmit = function () {
    var typed = el('code').value.replace(/\\s+/g, '').toUpperCase();
    if (/^[A-Z0-9]{1,16}$/.test(typed)) {
      room = typed;
      keepRoom(room);
      show('join', false);
      setNote('', '');
      poll();
    }
    return false;
  };

  staticTexts();
  if (room) { keepRoom(room); }
  poll();
}());
</script>
</body>
</html>
"""
