"""The participant's page: one small HTML document with its own style and script.

Plain HTML, a little ES5 JavaScript (XMLHttpRequest, no fetch, no arrow functions) so
an old phone runs it, nothing loaded from anywhere else. Every piece of data (choice
labels, messages) reaches the page through JSON and is put on screen with
createTextNode/textContent, never as HTML. The interface words of both languages are
embedded; the page follows the room's language as /state reports it.

The page is a Python string, not a file beside the code, so an installed (non-editable)
package serves it without package-data settings.
"""

from __future__ import annotations

import json

from ..core.strings import LANGUAGES, ui

# The page's interface words: key in the page -> key in game/core/strings.py
PAGE_KEYS = {
    "title": "fac_page_title",
    "question": "fac_page_question",
    "pick": "fac_page_pick",
    "received": "fac_page_received",
    "sending": "fac_page_sending",
    "waiting": "fac_page_waiting",
    "closed": "fac_page_closed",
    "results": "fac_page_results",
    "enter_code": "fac_page_enter_code",
    "join": "fac_page_join",
    "wrong_room": "fac_page_wrong_room",
    "offline": "fac_page_offline",
    "too_fast": "fac_page_too_fast",
    "not_counted": "fac_page_not_counted",
    "needs_js": "fac_page_needs_js",
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
        .replace("%DEFAULT_LANG%", script_json(lang))
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
h1 { font-size: 26px; margin: 4px 0 8px 0; }
#status { font-size: 22px; font-weight: bold; margin: 8px 0 16px 0; min-height: 1.4em; }
#note { font-size: 20px; min-height: 1.4em; margin: 16px 0; color: #0b5b2b; }
.choice { display: block; width: 100%; min-height: 72px; margin: 0 0 14px 0; padding: 14px 14px;
          font-size: 22px; text-align: left; border: 3px solid #4a4a4a; border-radius: 12px;
          background: #ffffff; color: #1c1c1c; cursor: pointer; }
.choice .num { display: inline-block; min-width: 1.6em; font-weight: bold; }
.choice .count { float: right; font-weight: bold; margin-left: 12px; }
.choice.mine { border-color: #0b5b2b; background: #d9f2e1; border-width: 5px; }
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
<h1 id="title">%TITLE%</h1>
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
  var lang = %DEFAULT_LANG%;
  var POLL_MS = 1500;
  var DEVICE_KEY = 'notalone-device';
  var device = loadDevice();
  var room = roomFromUrl();
  var current = -1;      // the question shown (its sequence number)
  var status = '';
  var buttons = [];
  var timer = null;

  function el(id) { return document.getElementById(id); }
  function t(key) {
    var table = STRINGS[lang] || STRINGS.en;
    return table[key] || STRINGS.en[key] || key;
  }
  function setText(id, text) {
    var node = el(id);
    while (node.firstChild) { node.removeChild(node.firstChild); }
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
    var token = null;
    try { token = window.localStorage.getItem(DEVICE_KEY); } catch (e) { token = null; }
    if (!token || !/^[A-Za-z0-9_-]{8,64}$/.test(token)) {
      token = randomToken();
      try { window.localStorage.setItem(DEVICE_KEY, token); } catch (e2) { /* private mode: this page load only */ }
    }
    return token;
  }
  function roomFromUrl() {
    var m = /[?&]r=([A-Za-z0-9]{1,16})/.exec(window.location.search);
    return m ? m[1].toUpperCase() : '';
  }
  function request(method, url, body, done) {
    var x = new XMLHttpRequest();
    x.open(method, url, true);
    try { x.timeout = 8000; } catch (e) { /* old browsers */ }
    x.onreadystatechange = function () {
      if (x.readyState !== 4) { return; }
      var data = null;
      try { data = JSON.parse(x.responseText); } catch (e) { data = null; }
      done(x.status, data);
    };
    if (body === null) {
      x.send(null);
    } else {
      x.setRequestHeader('Content-Type', 'application/json');
      x.send(JSON.stringify(body));
    }
  }

  function staticTexts() {
    document.documentElement.lang = lang;
    document.title = t('title');
    setText('title', t('title'));
    setText('join-label', t('enter_code'));
    setText('join-button', t('join'));
  }
  function clearChoices() {
    var box = el('choices');
    while (box.firstChild) { box.removeChild(box.firstChild); }
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
  function markVote(mine, counts, majority) {
    var i, b, cls, countNode;
    for (i = 0; i < buttons.length; i++) {
      b = buttons[i];
      cls = 'choice';
      if (mine === i) { cls += ' mine'; }
      if (counts && majority === i) { cls += ' top'; }
      b.className = cls;
      b.disabled = status !== 'open';
      countNode = b.lastChild;
      while (countNode.firstChild) { countNode.removeChild(countNode.firstChild); }
      if (counts && typeof counts[i] === 'number') {
        countNode.appendChild(document.createTextNode(String(counts[i])));
      }
    }
  }

  function render(d) {
    if (typeof d.lang === 'string' && STRINGS[d.lang] && d.lang !== lang) {
      lang = d.lang;
      staticTexts();
    }
    show('join', false);
    status = String(d.status);
    if (!d.step || status === 'waiting') {
      current = 0;
      clearChoices();
      setText('status', t('waiting'));
      setText('note', '');
      return;
    }
    if (d.step !== current) {
      current = d.step;
      buildChoices(d.choices || []);
      setText('note', '');
    }
    var mine = typeof d.vote === 'number' ? d.vote : null;
    if (status === 'open') {
      setText('status', t('question').replace('{n}', String(d.step)) + ' \\u2014 ' + t('pick'));
      markVote(mine, null, null);
      if (mine !== null) { setText('note', t('received')); }
    } else if (status === 'revealed') {
      setText('status', t('results'));
      markVote(mine, d.counts || null, d.majority);
      setText('note', t('waiting'));
    } else {
      setText('status', t('closed'));
      markVote(mine, null, null);
      setText('note', '');
    }
  }

  function askForRoom(message) {
    clearTimeout(timer);
    clearChoices();
    current = -1;
    setText('status', '');
    setText('note', message);
    show('join', true);
  }

  function poll() {
    clearTimeout(timer);
    if (!room) { askForRoom(''); return; }
    var url = '/state?room=' + encodeURIComponent(room) + '&device=' + encodeURIComponent(device);
    request('GET', url, null, function (code, data) {
      if (code === 200 && data) {
        render(data);
      } else if (code === 404) {
        room = '';
        askForRoom(t('wrong_room'));
        return;
      } else if (code === 429) {
        setText('note', t('too_fast'));
      } else {
        setText('status', t('offline'));
      }
      timer = setTimeout(poll, POLL_MS);
    });
  }

  function vote(i) {
    if (status !== 'open') { return; }
    setText('note', t('sending'));
    request('POST', '/vote', { room: room, step: current, choice: i, device: device }, function (code, data) {
      if (code === 200) {
        markVote(i, null, null);
        setText('note', t('received'));
      } else if (code === 409) {
        setText('note', t('closed'));
        poll();
      } else if (code === 404) {
        room = '';
        askForRoom(t('wrong_room'));
      } else if (code === 429) {
        setText('note', t('too_fast'));
      } else if (code === 0) {
        setText('note', t('offline'));
      } else {
        setText('note', t('not_counted'));
      }
    });
  }

  el('join').onsubmit = function () {
    var typed = el('code').value.replace(/\\s+/g, '').toUpperCase();
    if (/^[A-Z0-9]{1,16}$/.test(typed)) {
      room = typed;
      show('join', false);
      setText('note', '');
      poll();
    }
    return false;
  };

  staticTexts();
  poll();
}());
</script>
</body>
</html>
"""
