// The live budget board (docs/realtime.md): listens on the realtime WebSocket and, when a story
// on this day's board changes, refetches the board over HTTP and swaps it in, so the viewer
// sees exactly what a reload would show them (their permissions, their buttons).
//
// Messages carry numbers (seq); the page was rendered at data-seq, so the first connection
// asks for everything after it (?since=), and so does every reconnection, after a backoff with
// jitter (0.5 s doubling to 30 s, randomised by half).  Close code 4403 means "not allowed":
// the script stops and asks for a reload instead of retrying.
(function () {
  "use strict";
  var board = document.getElementById("board");
  var status = document.getElementById("live-status");
  if (!board || !board.dataset.liveUrl || !window.WebSocket) {
    return;
  }
  var FORBIDDEN = 4403;
  var day = board.dataset.day;
  var lastSeq = parseInt(board.dataset.seq, 10) || 0;
  var attempt = 0;
  var fetching = false;
  var again = false;
  var pending = [];  // stories changed since the last fetch began

  var LABELS = {
    connecting: "Connecting to live updates…",
    live: "Live: changes appear as they happen.",
    reconnecting: "Live updates interrupted; reconnecting… (reload to see the latest)",
    stopped: "Live updates stopped; reload the page to see the latest.",
  };

  function show(state) {
    if (status) {
      status.dataset.state = state;
      status.textContent = LABELS[state];
    }
  }

  function socketUrl() {
    var url = new URL(board.dataset.liveUrl, window.location.href);
    if (url.protocol === "http:") { url.protocol = "ws:"; }
    if (url.protocol === "https:") { url.protocol = "wss:"; }
    url.searchParams.set("since", String(lastSeq));
    return url.toString();
  }

  function backoff() {
    var ceiling = Math.min(30000, 500 * Math.pow(2, attempt));
    attempt += 1;
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  function connect() {
    var socket = new WebSocket(socketUrl());
    socket.onopen = function () {
      attempt = 0;
      show("live");
    };
    socket.onmessage = function (message) {
      handle(JSON.parse(message.data));
    };
    socket.onclose = function (event) {
      if (event.code === FORBIDDEN) {
        show("stopped");
        return;
      }
      show("reconnecting");
      window.setTimeout(connect, backoff());
    };
  }

  function handle(message) {
    if (message.type === "resync") {
      lastSeq = message.seq;
      refresh(null);
    } else if (message.type === "hello") {
      lastSeq = message.seq;
    } else if (message.type === "story.changed" && message.seq > lastSeq) {
      lastSeq = message.seq;
      if (message.days.indexOf(day) !== -1) {
        refresh(message.story);
      }
    }
  }

  // One fetch at a time; changes that arrive meanwhile are folded into one more fetch, which
  // marks their rows (the fetch already under way may predate them).
  function refresh(storyId) {
    if (storyId !== null) { pending.push(storyId); }
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    var changed = pending;
    pending = [];
    fetch(board.dataset.boardUrl, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok || response.redirected) { throw new Error("board " + response.status); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("board");
        if (!fresh) { throw new Error("no board in the page"); }
        board.innerHTML = fresh.innerHTML;
        changed.forEach(function (id) {
          var row = document.getElementById("story-" + id);
          if (row) { row.classList.add("live-changed"); }
        });
      })
      .catch(function () {
        show("stopped");
      })
      .finally(function () {
        fetching = false;
        if (again) {
          again = false;
          refresh(null);
        }
      });
  }

  connect();
})();
